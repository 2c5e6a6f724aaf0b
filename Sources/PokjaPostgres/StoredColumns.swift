import Foundation
import PokjaCore

/// How one kind of record is written to its table on PostgreSQL: each column once, with the
/// record's value for it; the INSERT (returning the new `id`) and the UPDATE are made from the list
/// once. Reading is the record's `init(stored:)`, beside its mapping.
///
/// ```swift
/// static let storedColumns = StoredColumns<Room>("room", [
///   .init("name") { $0.name },
///   .init("capacity") { $0.capacity },
/// ])
/// let id = try Room.storedColumns.insert(room, store)
/// ```
struct StoredColumns<Record>: Sendable {
  /// One column and how the record fills it.
  struct Column: Sendable {
    let name: String
    /// Written when the row is inserted and never by an update.
    let insertOnly: Bool
    let value: @Sendable (Record) -> SQLValue?

    init(
      _ name: String, insertOnly: Bool = false, _ value: @escaping @Sendable (Record) -> SQLValue?
    ) {
      self.name = name
      self.insertOnly = insertOnly
      self.value = value
    }
  }

  let table: String
  let columns: [Column]
  private let insertSQL: String
  private let updateSQL: String
  private let saveSQL: String
  private let updatedColumns: [Column]

  /// The mapping of `table`, whose key is the `id` the database gives unless `key` names another
  /// column (one of `columns`: a grant is keyed by its contact).
  init(_ table: String, key: String = "id", _ columns: [Column]) {
    self.table = table
    self.columns = columns
    updatedColumns = columns.filter { !$0.insertOnly && $0.name != key }
    let insert =
      "INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) VALUES ("
      + (1...columns.count).map { "$\($0)" }.joined(separator: ", ") + ")"
    insertSQL = insert + " RETURNING id"
    updateSQL =
      "UPDATE \(table) SET "
      + updatedColumns.enumerated().map { "\($1.name) = $\($0 + 1)" }.joined(separator: ", ")
      + " WHERE \(key) = $\(updatedColumns.count + 1)"
    saveSQL =
      insert + " ON CONFLICT (\(key)) DO UPDATE SET "
      + updatedColumns.map { "\($0.name) = EXCLUDED.\($0.name)" }.joined(separator: ", ")
  }

  /// Inserts `record` and returns the ID it was given.
  func insert(_ record: Record, _ store: PostgresStore) throws -> Int64 {
    let rows = try store.rows(insertSQL, columns.map { $0.value(record) })
    return try StoredRow(rows[0], table: table)("id")
  }

  /// Inserts `record` unless it would repeat a unique value; nil when it would.
  func insertUnlessTaken(_ record: Record, _ store: PostgresStore) throws -> Int64? {
    let sql = insertSQL.replacingOccurrences(
      of: " RETURNING id", with: " ON CONFLICT DO NOTHING RETURNING id")
    let rows = try store.rows(sql, columns.map { $0.value(record) })
    guard let row = rows.first else { return nil }
    return try StoredRow(row, table: table)("id")
  }

  /// Inserts `record`, or writes it over the row with the same key (for a table whose key is one
  /// of the record's own columns).
  func save(_ record: Record, _ store: PostgresStore) throws {
    try store.rows(saveSQL, columns.map { $0.value(record) })
  }

  /// Writes `record` over the row `id` (no row: nothing happens).
  func update(_ record: Record, id: Int64, _ store: PostgresStore) throws {
    var values = updatedColumns.map { $0.value(record) }
    values.append(id)
    try store.rows(updateSQL, values)
  }
}

// MARK: - The records

extension Organisation {
  static let storedColumns = StoredColumns<Organisation>(
    "organisation",
    [
      .init("name") { $0.name },
      .init("name_key") { SearchKey.fold($0.name) },
      .init("acronym") { $0.acronym },
      .init("acronym_key") { $0.acronym.map(SearchKey.fold) },
      .init("kind") { $0.kind },
      .init("parent_id") { $0.parentID?.rawValue },
      .init("province_code") { $0.region?.province.code },
      .init("regency") { $0.region?.regency },
      .init("regency_key") { $0.region?.regencyKey },
      .init("services") { StoredList.text($0.services) },
      .init("tags") { StoredList.text($0.tags) },
      .init("website") { $0.website },
      .init("email") { $0.emails.first?.value },
      .init("emails") { StoredList.text($0.emails.map(\.value)) },
      .init("phone") { $0.phones.first?.value },
      .init("phones") { StoredList.text($0.phones.map(\.value)) },
      .init("address") { $0.address },
      .init("notes") { $0.notes },
    ])

  init(stored row: StoredRow) throws {
    var region: Region?
    if let code = try row("province_code", as: String?.self) {
      guard let province = Province.withCode(code) else {
        throw SharedDatabaseError.corruptRow(table: row.table, id: row.id, column: "province_code")
      }
      region = Region(province: province, regency: try row("regency"))
    }
    self.init(
      id: OrganisationID(try row("id")), name: try row("name"), acronym: try row("acronym"),
      kind: try row("kind"),
      parentID: try row("parent_id", as: Int64?.self).map { OrganisationID($0) }, region: region,
      services: try row.stringList("services"), tags: try row.stringList("tags"),
      website: try row("website"), emails: try row.emailList("emails"),
      phones: try row.stringList("phones").map(PhoneNumber.init(stored:)),
      address: try row("address"), notes: try row("notes"))
  }
}

extension Contact {
  static let storedColumns = StoredColumns<Contact>(
    "contact",
    [
      .init("honorific") { $0.honorific },
      .init("name") { $0.name },
      .init("position") { $0.position },
      .init("organisation_id") { $0.organisationID?.rawValue },
      .init("email") { $0.email.value },
      .init("other_emails") { StoredList.text($0.otherEmails.map(\.value)) },
      .init("phone") { $0.phones.first?.value },
      .init("phones") { StoredList.text($0.phones.map(\.value)) },
      .init("whatsapp") { $0.whatsapp?.e164 },
      .init("telegram") { $0.telegram },
      .init("language") { $0.language.rawValue },
      .init("tags") { StoredList.text($0.tags) },
      .init("do_not_contact") { $0.doNotContact },
      .init("notes") { $0.notes },
      .init("sort_key") { SearchKey.fold($0.name) },
    ])

  /// A contact from its row and its memberships; the organisation that names them is the first
  /// membership current on `today`'s day.
  init(stored row: StoredRow, memberships: [Membership], today: Today) throws {
    self.init(
      id: ContactID(try row("id")), honorific: try row("honorific"), name: try row("name"),
      position: try row("position"),
      organisationID: Membership.firstCurrent(memberships, on: today.day),
      memberships: memberships,
      email: try row.parsed("email", EmailAddress.init),
      otherEmails: try row.emailList("other_emails"),
      phones: try row.stringList("phones").map(PhoneNumber.init(stored:)),
      whatsapp: try row("whatsapp", as: String?.self).map(E164Number.init(e164:)),
      telegram: try row("telegram"),
      language: try row.parsed("language") { Language(rawValue: $0) },
      tags: try row.stringList("tags"), doNotContact: try row("do_not_contact"),
      notes: try row("notes"))
  }
}

extension Room {
  static let storedColumns = StoredColumns<Room>(
    "room",
    [
      .init("name") { $0.name },
      .init("name_key") { SearchKey.fold($0.name) },
      .init("capacity") { $0.capacity },
      .init("location") { $0.location },
      .init("building") { $0.building },
      .init("floor") { $0.floor },
      .init("facilities") { StoredList.text($0.facilities) },
    ])

  init(stored row: StoredRow) throws {
    self.init(
      id: RoomID(try row("id")), name: try row("name"), capacity: try row("capacity"),
      location: try row("location"), building: try row("building"), floor: try row("floor"),
      facilities: try row.stringList("facilities"))
  }
}

extension Meeting {
  static let storedColumns = StoredColumns<Meeting>(
    "meeting",
    [
      .init("uid", insertOnly: true) { $0.uid },
      .init("title") { $0.title },
      .init("description") { $0.description },
      .init("start_at") { $0.start },
      .init("end_at") { $0.end },
      .init("time_zone") { $0.timeZone.identifier },
      .init("room_id") { $0.roomID?.rawValue },
      .init("location") { $0.location },
      .init("sequence") { $0.sequence },
      .init("status") { $0.status.rawValue },
      .init("created_at", insertOnly: true) { $0.createdAt },
      .init("rrule") { $0.recurrence?.rule },
      .init("rdates") { StoredList.text($0.recurrence?.rdates ?? []) },
      .init("exdates") { StoredList.text($0.recurrence?.exdates ?? []) },
      .init("on_holiday") { $0.onHoliday?.rawValue },
      // Planned up to its first occurrence until the plan is stored (`replaceOccurrences`).
      .init("planned_through", insertOnly: true) { $0.end },
      .init("reminder_recipients") { $0.reminderRecipients.rawValue },
      .init("reminder_channel") { $0.reminderChannel.rawValue },
      .init("guest_list") { $0.guestList?.rawValue },
    ])

  init(stored row: StoredRow) throws {
    let rule: String? = try row("rrule")
    let rdates = try row.instantList("rdates")
    let exdates = try row.instantList("exdates")
    self.init(
      id: MeetingID(try row("id")), uid: try row("uid"), title: try row("title"),
      description: try row("description"), start: try row("start_at"), end: try row("end_at"),
      timeZone: try row.parsed("time_zone") { TimeZone(identifier: $0) },
      roomID: try row("room_id", as: Int64?.self).map { RoomID($0) },
      location: try row("location"), sequence: try row("sequence"),
      status: try row.parsed("status") { MeetingStatus(rawValue: $0) },
      createdAt: try row("created_at"),
      recurrence: rule == nil && rdates.isEmpty
        ? nil : MeetingRecurrence(rule: rule, rdates: rdates, exdates: exdates),
      onHoliday: try row("on_holiday", as: String?.self).flatMap(HolidayPolicy.init(rawValue:)))
    reminderRecipients =
      try row("reminder_recipients", as: String?.self).flatMap(ReminderRecipients.init(rawValue:))
      ?? .notDeclined
    reminderChannel =
      try row("reminder_channel", as: String?.self).flatMap(ReminderChannel.init(rawValue:))
      ?? .both
    guestList = try row("guest_list", as: String?.self).flatMap(GuestList.init(rawValue:))
  }
}
