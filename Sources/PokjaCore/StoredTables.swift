import Foundation

/// The tables both stores keep, with the same names and columns on SQLite and PostgreSQL: what
/// `pokja db copy` moves from one to the other, parents before children. The search index is not
/// among them: each store builds its own from the records.
public enum StoredTables {
  /// What a column holds, as both stores can read and write it.
  public enum Kind: Sendable, Hashable {
    case integer
    case real
    case text
    /// A point in time (SQLite's DATETIME text, PostgreSQL's timestamptz).
    case instant
    /// A yes/no (SQLite's 0/1, PostgreSQL's boolean).
    case flag
  }

  /// One table: its columns, and those that refer to rows of the same table (an organisation's
  /// parent), written in a second pass once every row is there.
  public struct Table: Sendable, Hashable {
    public let name: String
    public let columns: [Column]
    /// Columns naming another row of this table: copied as NULL first, then filled in.
    public let selfReferences: [String]
    /// The columns that order the rows (a key), for reading in batches.
    public let key: [String]
    /// At most this many rows to a batch: fewer for tables of large rows (a document's bytes).
    public let maxBatch: Int

    public init(
      _ name: String, key: [String] = ["id"], selfReferences: [String] = [], maxBatch: Int = .max,
      _ columns: [Column]
    ) {
      self.name = name
      self.key = key
      self.maxBatch = maxBatch
      self.selfReferences = selfReferences
      self.columns = columns
    }

    /// Whether the table's key is a whole-number `id` the store gives out.
    public var hasIdentity: Bool { key == ["id"] }
  }

  public struct Column: Sendable, Hashable {
    public let name: String
    public let kind: Kind

    public init(_ name: String, _ kind: Kind) {
      self.name = name
      self.kind = kind
    }
  }

  private static func columns(_ kinds: [(String, Kind)]) -> [Column] {
    kinds.map { Column($0.0, $0.1) }
  }

  /// Every table, parents before children.
  public static let all: [Table] = [
    Table(
      "organisation", selfReferences: ["parent_id"],
      columns([
        ("id", .integer), ("name", .text), ("name_key", .text), ("acronym", .text),
        ("acronym_key", .text), ("kind", .text), ("email", .text), ("phone", .text),
        ("created_at", .instant), ("parent_id", .integer), ("province_code", .text),
        ("regency", .text), ("regency_key", .text), ("services", .text), ("tags", .text),
        ("website", .text), ("emails", .text), ("phones", .text), ("address", .text),
        ("notes", .text),
      ])),
    Table(
      "contact",
      columns([
        ("id", .integer), ("name", .text), ("organisation_id", .integer), ("email", .text),
        ("phone", .text), ("language", .text), ("created_at", .instant), ("honorific", .text),
        ("position", .text), ("other_emails", .text), ("phones", .text), ("whatsapp", .text),
        ("telegram", .text), ("tags", .text), ("do_not_contact", .flag), ("notes", .text),
        ("sort_key", .text),
      ])),
    Table(
      "contact_email", key: ["contact_id", "email"],
      columns([("email", .text), ("contact_id", .integer)])),
    Table(
      "membership", key: ["contact_id", "organisation_id"],
      columns([
        ("contact_id", .integer), ("organisation_id", .integer), ("position", .integer),
        ("role", .text), ("since", .text), ("until", .text),
      ])),
    Table(
      "change_log",
      columns([
        ("id", .integer), ("at", .instant), ("actor", .text), ("entity", .text),
        ("entity_id", .integer), ("name", .text), ("action", .text), ("summary", .text),
      ])),
    Table(
      "contact_group",
      columns([
        ("id", .integer), ("name", .text), ("name_key", .text), ("description", .text),
        ("query", .text), ("kelompok", .integer), ("coordinator_id", .integer),
      ])),
    Table(
      "group_member", key: ["group_id", "position"],
      columns([
        ("group_id", .integer), ("position", .integer), ("contact_id", .integer),
        ("organisation_id", .integer),
      ])),
    Table(
      "vocabulary_term", key: ["category", "term"],
      columns([("category", .text), ("term", .text)])),
    Table(
      "room",
      columns([
        ("id", .integer), ("name", .text), ("name_key", .text), ("capacity", .integer),
        ("location", .text), ("building", .text), ("floor", .text), ("facilities", .text),
      ])),
    Table(
      "meeting",
      columns([
        ("id", .integer), ("uid", .text), ("title", .text), ("description", .text),
        ("start_at", .instant), ("end_at", .instant), ("time_zone", .text),
        ("room_id", .integer), ("location", .text), ("sequence", .integer), ("status", .text),
        ("created_at", .instant), ("rrule", .text), ("rdates", .text), ("exdates", .text),
        ("on_holiday", .text), ("planned_through", .instant), ("reminder_recipients", .text),
        ("reminder_channel", .text), ("guest_list", .text),
      ])),
    Table(
      "attendee", key: ["meeting_id", "contact_id"],
      columns([
        ("meeting_id", .integer), ("contact_id", .integer), ("position", .integer),
        ("role", .text), ("participation", .text),
      ])),
    Table(
      "reminder",
      columns([("id", .integer), ("meeting_id", .integer), ("offset_seconds", .integer)])),
    Table(
      "meeting_override", key: ["meeting_id", "recurrence_id"],
      columns([
        ("meeting_id", .integer), ("recurrence_id", .instant), ("start_at", .instant),
        ("end_at", .instant), ("title", .text), ("location", .text), ("room_id", .integer),
        ("sequence", .integer),
      ])),
    Table(
      "occurrence", key: ["meeting_id", "recurrence_id"],
      columns([
        ("meeting_id", .integer), ("recurrence_id", .instant), ("start_at", .instant),
        ("end_at", .instant), ("room_id", .integer),
      ])),
    Table("setting", key: ["key"], columns([("key", .text), ("value", .text)])),
    Table(
      "occurrence_reply", key: ["meeting_id", "recurrence_id", "contact_id"],
      columns([
        ("meeting_id", .integer), ("recurrence_id", .instant), ("contact_id", .integer),
        ("participation", .text),
      ])),
    Table(
      "channel",
      columns([
        ("id", .integer), ("name", .text), ("url", .text), ("preset", .text),
        ("secret_env", .text), ("events", .text), ("created_at", .instant), ("language", .text),
      ])),
    Table(
      "outbox_message",
      columns([
        ("id", .integer), ("dedupe_key", .text), ("kind", .text), ("meeting_id", .integer),
        ("contact_id", .integer), ("occurrence_at", .instant), ("sender", .text),
        ("recipient", .text), ("message_id", .text), ("subject", .text), ("route", .text),
        ("channel_id", .integer), ("state", .text), ("claim_token", .text),
        ("attempts", .integer), ("last_error", .text), ("receipt", .text),
        ("created_at", .instant), ("next_attempt_at", .instant), ("sent_at", .instant),
        ("purged_at", .instant),
      ])),
    Table(
      "outbox_body", key: ["message_id"],
      columns([("message_id", .integer), ("content", .text)])),
    Table(
      "send_window", key: ["destination"],
      columns([("destination", .text), ("next_at", .real)])),
    // Web access (`pokja serve`, `pokja access`): after contact and contact_group, which the
    // grants, links, sessions, feeds and log entries belong to.
    Table(
      "access_grant", key: ["contact_id"],
      columns([
        ("contact_id", .integer), ("role", .text), ("granted_at", .instant),
        ("granted_by", .text), ("revoked_at", .instant), ("revoked_by", .text),
      ])),
    Table(
      "sign_in_link",
      columns([
        ("id", .integer), ("contact_id", .integer), ("secret_hash", .text),
        ("created_at", .instant), ("expires_at", .instant), ("used_at", .instant),
      ])),
    Table(
      "web_session",
      columns([
        ("id", .integer), ("contact_id", .integer), ("secret_hash", .text),
        ("created_at", .instant), ("expires_at", .instant), ("last_seen_at", .instant),
        ("ended_at", .instant),
      ])),
    Table(
      "calendar_feed",
      columns([
        ("id", .integer), ("contact_id", .integer), ("group_id", .integer), ("nonce", .text),
        ("created_at", .instant), ("created_by", .text), ("revoked_at", .instant),
      ])),
    Table(
      "access_event",
      columns([
        ("id", .integer), ("at", .instant), ("kind", .text), ("contact_id", .integer),
        ("address", .text), ("detail", .text),
      ])),
    // The inbox (`pokja inbox`): the messages read from the secretariat's mailbox.
    Table(
      "inbox_entry",
      columns([
        ("id", .integer), ("mailbox", .text), ("uid_validity", .integer), ("uid", .integer),
        ("message_id", .text), ("sender", .text), ("subject", .text), ("sent_at", .instant),
        ("processed_at", .instant), ("status", .text), ("problem", .text), ("items", .text),
        ("filed_in", .text), ("filed_at", .instant), ("dismissed_at", .instant),
        ("dismissed_by", .text),
      ])),
    // Programmes (`pokja programme`): a meeting's sessions and who is in which role.
    Table(
      "meeting_session",
      columns([
        ("id", .integer), ("meeting_id", .integer), ("title", .text), ("start_at", .instant),
        ("end_at", .instant), ("room_id", .integer), ("place", .text), ("description", .text),
      ])),
    Table(
      "session_person", key: ["session_id", "position"],
      columns([
        ("session_id", .integer), ("position", .integer), ("role", .text),
        ("contact_id", .integer), ("guest_name", .text), ("guest_organisation", .text),
        ("guest_email", .text),
      ])),
    // Invitation lists (`pokja meeting list-draft`): versions and comments.
    Table(
      "invitation_list_version",
      columns([
        ("id", .integer), ("meeting_id", .integer), ("number", .integer), ("entries", .text),
        ("created_at", .instant), ("created_by", .text), ("note", .text), ("approver", .text),
        ("max_per_organisation", .integer), ("max_per_province", .integer),
        ("approved_at", .instant), ("approved_by", .text),
      ])),
    Table(
      "invitation_list_comment",
      columns([
        ("id", .integer), ("meeting_id", .integer), ("version", .integer), ("at", .instant),
        ("author", .text), ("objection", .flag), ("entry", .text), ("text", .text),
      ])),
    // Attendance (`pokja attend`): check-ins per occurrence.
    Table(
      "attendance", key: ["meeting_id", "occurrence", "contact_id"],
      columns([
        ("meeting_id", .integer), ("occurrence", .instant), ("contact_id", .integer),
        ("status", .text), ("proxy_name", .text), ("checked_in_at", .instant),
        ("checked_in_by", .text), ("walk_in", .flag),
      ])),
    // The work plan (`pokja plan`).
    Table(
      "plan_item",
      columns([
        ("id", .integer), ("title", .text), ("description", .text), ("group_id", .integer),
        ("owner_id", .integer), ("due", .text), ("status", .text), ("meeting_id", .integer),
        ("created_at", .instant), ("updated_at", .instant), ("updated_by", .text),
      ])),
    // Documents (`pokja doc`): each file once, then who has it.
    Table(
      "document", key: ["digest"], maxBatch: 1,
      columns([("digest", .text), ("size", .integer), ("content", .text)])),
    Table(
      "document_link",
      columns([
        ("id", .integer), ("digest", .text), ("meeting_id", .integer), ("plan_item_id", .integer),
        ("filename", .text), ("content_type", .text), ("added_by", .text),
        ("added_at", .instant),
      ])),
  ]
}

/// One value of a stored row, as `StoredTables` moves it between stores.
public enum StoredValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case instant(Date)
  case flag(Bool)

  /// The value as the digest of a copy sees it: instants to the nearest millisecond, the
  /// precision both stores keep.
  public var canonical: String {
    switch self {
    case .null: "-"
    case .integer(let value): "i\(value)"
    case .real(let value): "r\(value)"
    case .text(let value): "t\(value.utf8.count):\(value)"
    case .instant(let value): "d\(Self.milliseconds(value))"
    case .flag(let value): value ? "b1" : "b0"
    }
  }
}

extension StoredValue {
  /// Milliseconds since 1970, to the nearest.
  public static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
  }
}

/// What a store does for `pokja db copy`: reads its tables row by row, and writes another store's
/// rows into its own, in one transaction.
public protocol StoreTransfer {
  /// Runs `body` on one consistent view of the data (other writers' later changes unseen).
  func readingSnapshot<T>(_ body: () throws -> T) throws -> T
  /// How many rows `table` has.
  func rowCount(of table: StoredTables.Table) throws -> Int
  /// The rows of `table` in key order, `batch` at a time, each with `table.columns`' values.
  func readRows(
    of table: StoredTables.Table, batch: Int, _ body: ([[StoredValue]]) throws -> Void) throws
  /// Runs `body` in one write transaction (holding the store's write lock), every table emptied
  /// first when `emptying`; before committing, the store brings its own derived data up to date
  /// (search index, ID counters).
  func copyingInto<T>(emptying: Bool, _ body: () throws -> T) throws -> T
  /// Writes rows of `table` (self-references as NULL: `fillSelfReferences` writes them).
  func insert(_ rows: [[StoredValue]], into table: StoredTables.Table) throws
  /// Writes the self-references of rows of `table` written before.
  func fillSelfReferences(_ rows: [[StoredValue]], of table: StoredTables.Table) throws
}
