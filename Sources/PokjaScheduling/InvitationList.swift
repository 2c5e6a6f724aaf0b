import Foundation
import PokjaCore

/// One line of a proposed invitation list: a person, one person for an organisation, or a group.
public enum ListEntry: Sendable, Hashable, Codable, CustomStringConvertible {
  /// This contact.
  case contact(ContactID)
  /// One person for this organisation: its focal point (`AttendeeResolver.representative`).
  case organisation(OrganisationID)
  /// Everyone the group stands for, or with `onePerOrganisation` one person per organisation of
  /// it ("one person per provincial task force").
  case group(String, onePerOrganisation: Bool)

  public var description: String {
    switch self {
    case .contact(let id): "contact \(id)"
    case .organisation(let id): "organisation \(id)"
    case .group(let name, let one): one ? "@\(name) (one per organisation)" : "@\(name)"
    }
  }
}

/// Identifies one version of a meeting's invitation list.
public typealias ListVersionID = EntityID<InvitationListVersion>

/// One version of a meeting's invitation list: what the secretary proposed or revised, with who
/// changed it, the limits it is held to, and whether (and by whom) it was approved.
public struct InvitationListVersion: Identifiable, Sendable, Hashable, Codable {
  public var id: ListVersionID
  public var meetingID: MeetingID
  /// 1 for the first proposal, then one more per revision.
  public var number: Int
  public var entries: [ListEntry]
  public var createdAt: Date
  public var createdBy: String
  /// What changed and why, in the secretary's words.
  public var note: String?
  /// Who must approve it (a contact's name and address, as typed at the proposal); nil: anyone.
  public var approver: String?
  /// The most people from one organisation, and from one province; nil: no limit.
  public var maxPerOrganisation: Int?
  public var maxPerProvince: Int?
  public var approvedAt: Date?
  public var approvedBy: String?

  public init(
    id: ListVersionID = .unassigned, meetingID: MeetingID, number: Int, entries: [ListEntry],
    createdAt: Date, createdBy: String, note: String? = nil, approver: String? = nil,
    maxPerOrganisation: Int? = nil, maxPerProvince: Int? = nil, approvedAt: Date? = nil,
    approvedBy: String? = nil
  ) {
    self.id = id
    self.meetingID = meetingID
    self.number = number
    self.entries = entries
    self.createdAt = createdAt
    self.createdBy = createdBy
    self.note = note
    self.approver = approver
    self.maxPerOrganisation = maxPerOrganisation
    self.maxPerProvince = maxPerProvince
    self.approvedAt = approvedAt
    self.approvedBy = approvedBy
  }

  public var isApproved: Bool { approvedAt != nil }

  /// The entries as the store keeps them (a JSON array), and back.
  public static func encodeEntries(_ entries: [ListEntry]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(entries)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }

  public static func decodeEntries(_ text: String) throws -> [ListEntry] {
    try JSONDecoder().decode([ListEntry].self, from: Data(text.utf8))
  }
}

/// Identifies a comment on an invitation list.
public typealias ListCommentID = EntityID<ListComment>

/// What a member said about a version of the list: a comment, or an objection to one entry.
public struct ListComment: Identifiable, Sendable, Hashable, Codable {
  public var id: ListCommentID
  public var meetingID: MeetingID
  /// The version it is about.
  public var version: Int
  public var at: Date
  public var author: String
  public var isObjection: Bool
  /// The entry objected to or commented on, if one.
  public var entry: ListEntry?
  public var text: String

  public init(
    id: ListCommentID = .unassigned, meetingID: MeetingID, version: Int, at: Date, author: String,
    isObjection: Bool, entry: ListEntry? = nil, text: String
  ) {
    self.id = id
    self.meetingID = meetingID
    self.version = version
    self.at = at
    self.author = author
    self.isObjection = isObjection
    self.entry = entry
    self.text = text
  }
}

/// What invitation lists need from storage. Implemented by the SQLite and PostgreSQL stores; the
/// store contract tests say how each call behaves.
public protocol InvitationListStore: Sendable {
  /// The meeting's versions, oldest first.
  func listVersions(of meeting: MeetingID) throws -> [InvitationListVersion]
  /// Stores a new version and returns it with its ID; nil (nothing written) when the meeting has a
  /// version of that number already (another secretary revised it at the same time).
  func insertListVersion(_ version: InvitationListVersion) throws -> InvitationListVersion?
  /// Records the approval of version `number`; false when it was approved already.
  func approveListVersion(meeting: MeetingID, number: Int, by approver: String, at date: Date)
    throws -> Bool
  /// The meeting's comments, oldest first.
  func listComments(of meeting: MeetingID) throws -> [ListComment]
  func insertListComment(_ comment: ListComment) throws -> ListComment
}
