import Foundation
import PokjaCore

/// How someone was at a meeting.
public enum AttendanceStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case present
  case late
  /// Someone came in their place (`proxyName`).
  case proxy

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.present, .indonesian): "hadir"
    case (.present, .english): "present"
    case (.late, .indonesian): "terlambat"
    case (.late, .english): "late"
    case (.proxy, .indonesian): "diwakili"
    case (.proxy, .english): "by proxy"
    }
  }
}

/// One check-in at the door: who, at which occurrence, how, when and recorded by whom.
public struct AttendanceRecord: Sendable, Hashable, Codable {
  public var meetingID: MeetingID
  /// The occurrence's original start (a one-off meeting's start).
  public var occurrence: Date
  public var contactID: ContactID
  public var status: AttendanceStatus
  /// Who came instead, for `.proxy`.
  public var proxyName: String?
  public var checkedInAt: Date
  /// Who recorded it (the desk's login name).
  public var checkedInBy: String
  /// Not invited: came and was added to the directory at the door.
  public var walkIn: Bool

  public init(
    meetingID: MeetingID, occurrence: Date, contactID: ContactID, status: AttendanceStatus,
    proxyName: String? = nil, checkedInAt: Date, checkedInBy: String, walkIn: Bool = false
  ) {
    self.meetingID = meetingID
    self.occurrence = occurrence
    self.contactID = contactID
    self.status = status
    self.proxyName = proxyName
    self.checkedInAt = checkedInAt
    self.checkedInBy = checkedInBy
    self.walkIn = walkIn
  }
}

/// What attendance needs from storage. Implemented by the SQLite and PostgreSQL stores; the store
/// contract tests say how each call behaves.
public protocol AttendanceStore: Sendable {
  /// The check-ins of the meeting's occurrences, by occurrence, then time.
  func attendance(of meeting: MeetingID) throws -> [AttendanceRecord]
  /// The check-ins of occurrences originally starting in `from..<to`, of every meeting.
  func attendance(from: Date, to: Date) throws -> [AttendanceRecord]
  /// Records a check-in; returns the one on record instead (nothing written) when this person
  /// was checked in at this occurrence already.
  func recordAttendance(_ record: AttendanceRecord) throws -> AttendanceRecord?
  /// Takes a check-in back; false when there was none.
  func removeAttendance(meeting: MeetingID, occurrence: Date, contact: ContactID) throws -> Bool
}
