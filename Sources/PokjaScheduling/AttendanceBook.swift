import Foundation
import PokjaCore

/// A person of one occurrence's attendance: invited or walked in, and whether (and how) they came.
public struct AttendanceLine: Sendable, Hashable {
  public var contact: Contact
  public var organisation: Organisation?
  /// Invited (an attendee), else a walk-in.
  public var invited: Bool
  /// Their answer to the invitation, for an attendee.
  public var answer: ParticipationStatus?
  /// Their check-in, if they came.
  public var record: AttendanceRecord?
  /// Their check-in code, when the codes are known.
  public var code: String?

  /// Invited, did not decline, and did not come (once the occurrence is over).
  public var isNoShow: Bool { invited && record == nil && answer != .declined }
}

/// One occurrence's attendance.
public struct OccurrenceAttendance: Sendable {
  public var details: MeetingDetails
  public var occurrence: MeetingOccurrence
  public var lines: [AttendanceLine]
  /// Whether the occurrence is over (no-shows are only no-shows then).
  public var isOver: Bool

  /// The invited who came (walk-ins are `walkIns`).
  public var came: [AttendanceLine] { lines.filter { $0.invited && $0.record != nil } }
  public var walkIns: [AttendanceLine] { lines.filter { !$0.invited } }
  public var noShows: [AttendanceLine] { isOver ? lines.filter(\.isNoShow) : [] }
}

/// Who comes and who does not, per organisation or province, over the occurrences of a period.
public struct AttendanceStatistic: Sendable, Hashable, Codable {
  public var name: String
  /// Invitations to occurrences that are over (declined ones not counted).
  public var invited: Int
  /// Check-ins of those invited.
  public var attended: Int
  /// Check-ins of people who were not invited.
  public var walkIns: Int
  /// How many occurrences they were invited to.
  public var meetings: Int

  /// Attended out of invited, 0...1 (nil with nobody invited).
  public var rate: Double? { invited == 0 ? nil : Double(attended) / Double(invited) }
}

/// Attendance at meetings: check-in at the door (by contact or by the code in the invitation),
/// late arrivals, proxies and walk-ins, the list of an occurrence with its no-shows, and statistics
/// across meetings.
public struct AttendanceBook: Sendable {
  let store: any AttendanceStore
  let scheduler: MeetingScheduler
  let contacts: any ContactLookup
  let clock: any WallClock
  let actor: String
  /// The codes invitations carry; nil without a web key (check-in by contact only).
  public var codes: (any CheckInCodes)?

  public init(
    store: any AttendanceStore, scheduler: MeetingScheduler, contacts: any ContactLookup,
    clock: any WallClock, actor: String, codes: (any CheckInCodes)?
  ) {
    self.store = store
    self.scheduler = scheduler
    self.contacts = contacts
    self.clock = clock
    self.actor = actor
    self.codes = codes
  }

  /// Who is checking in: an attendee (ID or email), the holder of a code, or a walk-in already
  /// added to the directory.
  public enum Person: Sendable, Hashable {
    case contact(String)
    case code(String)
    case walkIn(ContactID)
  }

  /// What a check-in did.
  public struct CheckIn: Sendable {
    public var record: AttendanceRecord
    public var contact: Contact
    public var meeting: Meeting
    /// False when they were checked in before (`record` is that check-in).
    public var isNew: Bool
  }

  /// The occurrence a check-in is for: `day` (a date, or a date-time for a series meeting twice a
  /// day), else the one today, else (a one-off) its only one.
  public func occurrence(of details: MeetingDetails, day: String?) throws -> MeetingOccurrence {
    if let day { return try scheduler.occurrence(of: details, on: day) }
    let meeting = details.meeting
    guard meeting.isSeries else {
      return MeetingOccurrence(
        meetingID: meeting.id, recurrenceID: meeting.start, start: meeting.start, end: meeting.end,
        roomID: meeting.roomID)
    }
    let today = String(LocalTime.iso(clock.now(), in: meeting.timeZone).prefix(10))
    if let found = details.occurrence(onDay: today) { return found }
    throw SchedulingError.noOccurrenceToday(meeting.id, day: today)
  }

  /// Checks someone in at the meeting's occurrence (`day`, else today's).
  public func checkIn(
    meeting reference: String, _ person: Person, day: String?, status: AttendanceStatus,
    proxy: String?
  ) throws -> CheckIn {
    let details = try scheduler.details(of: reference)
    let meeting = details.meeting
    guard meeting.status == .confirmed else {
      throw SchedulingError.meetingIsCancelled(meeting.id)
    }
    let occurrence = try self.occurrence(of: details, day: day)
    let contact: Contact
    var walkIn = false
    switch person {
    case .contact(let text):
      guard let found = try contacts.contact(Reference(text)) else {
        throw SchedulingError.personNotFound(text)
      }
      guard details.attendees.contains(where: { $0.contact.id == found.id }) else {
        throw SchedulingError.notAnAttendee(contact: text, meeting: meeting.id)
      }
      contact = found
    case .code(let typed):
      guard let codes else { throw SchedulingError.noCheckInCodes }
      let wanted = Self.normalised(typed)
      guard
        let found = details.attendees.first(where: {
          Self.normalised(codes.code(meetingUID: meeting.uid, contact: $0.contact.id)) == wanted
        })
      else { throw SchedulingError.unknownCheckInCode(typed, meeting: meeting.id) }
      contact = found.contact
    case .walkIn(let id):
      guard let found = try contacts.contacts(withIDs: [id]).first else {
        throw SchedulingError.personNotFound("\(id)")
      }
      contact = found
      walkIn = !details.attendees.contains { $0.contact.id == id }
    }
    let proxyName = try Validate.optionalSingleLine(proxy, field: "--by-proxy")
    let record = AttendanceRecord(
      meetingID: meeting.id, occurrence: occurrence.recurrenceID, contactID: contact.id,
      status: proxyName == nil ? status : .proxy, proxyName: proxyName,
      checkedInAt: clock.now(), checkedInBy: actor, walkIn: walkIn)
    if let existing = try store.recordAttendance(record) {
      return CheckIn(record: existing, contact: contact, meeting: meeting, isNew: false)
    }
    return CheckIn(record: record, contact: contact, meeting: meeting, isNew: true)
  }

  /// Takes back a check-in made in error.
  public func undo(meeting reference: String, contact text: String, day: String?) throws
    -> (Meeting, Contact)
  {
    let details = try scheduler.details(of: reference)
    let occurrence = try self.occurrence(of: details, day: day)
    guard let contact = try contacts.contact(Reference(text)) else {
      throw SchedulingError.personNotFound(text)
    }
    guard
      try store.removeAttendance(
        meeting: details.meeting.id, occurrence: occurrence.recurrenceID, contact: contact.id)
    else { throw SchedulingError.notCheckedIn(contact.name, meeting: details.meeting.id) }
    return (details.meeting, contact)
  }

  /// The attendance of one occurrence: every attendee (with their code) and every walk-in.
  public func attendance(meeting reference: String, day: String?) throws -> OccurrenceAttendance {
    let details = try scheduler.details(of: reference)
    let occurrence = try self.occurrence(of: details, day: day)
    let focused = details.meeting.isSeries ? details.focused(on: occurrence) : details
    let records = try store.attendance(of: details.meeting.id).filter {
      $0.occurrence == occurrence.recurrenceID
    }
    var lines = focused.attendees.map { attendee in
      AttendanceLine(
        contact: attendee.contact, organisation: attendee.organisation, invited: true,
        answer: attendee.attendee.participation,
        record: records.first { $0.contactID == attendee.contact.id },
        code: codes?.code(meetingUID: details.meeting.uid, contact: attendee.contact.id))
    }
    let invited = Set(lines.map(\.contact.id))
    let walkIns = records.filter { !invited.contains($0.contactID) }
    for contact in try contacts.contacts(withIDs: walkIns.map(\.contactID)) {
      lines.append(
        AttendanceLine(
          contact: contact,
          organisation: try contact.organisationID.flatMap { try contacts.organisation(.id($0)) },
          invited: false, answer: nil, record: walkIns.first { $0.contactID == contact.id },
          code: nil))
    }
    return OccurrenceAttendance(
      details: focused, occurrence: occurrence, lines: lines, isOver: occurrence.end <= clock.now())
  }

  /// Who came, per organisation or province, over the occurrences that originally started in
  /// `from..<to` and are over: invitations (not declined), check-ins, walk-ins.
  public func statistics(from: Date, to: Date, byProvince: Bool) throws -> [AttendanceStatistic] {
    let now = clock.now()
    // Occurrences that are over: no-shows are only no-shows then.
    let occurrences = try scheduler.store.occurrences(
      from: from, to: min(to, now), meeting: nil, attendee: nil
    ).filter { $0.end <= now }
    let records = try store.attendance(from: from, to: to)
    var rows: [String: AttendanceStatistic] = [:]
    var organisations: [OrganisationID: Organisation?] = [:]
    var people: [ContactID: Contact] = [:]
    func key(_ contact: Contact) throws -> String {
      guard let id = contact.organisationID else { return "—" }
      if organisations[id] == nil { organisations[id] = try contacts.organisation(.id(id)) }
      let organisation = organisations[id] ?? nil
      return byProvince
        ? organisation?.region?.province.name ?? "—" : organisation?.shortName ?? "—"
    }
    var details: [MeetingID: MeetingDetails] = [:]
    for occurrence in occurrences {
      if details[occurrence.meetingID] == nil {
        details[occurrence.meetingID] = try scheduler.details(of: "\(occurrence.meetingID)")
      }
      guard let meeting = details[occurrence.meetingID] else { continue }
      let focused = meeting.meeting.isSeries ? meeting.focused(on: occurrence) : meeting
      let here = records.filter {
        $0.meetingID == occurrence.meetingID && $0.occurrence == occurrence.recurrenceID
      }
      var counted: Set<String> = []
      for attendee in focused.attendees where attendee.attendee.participation != .declined {
        people[attendee.contact.id] = attendee.contact
        let name = try key(attendee.contact)
        var row =
          rows[name]
          ?? AttendanceStatistic(name: name, invited: 0, attended: 0, walkIns: 0, meetings: 0)
        row.invited += 1
        if here.contains(where: { $0.contactID == attendee.contact.id }) { row.attended += 1 }
        if counted.insert(name).inserted { row.meetings += 1 }
        rows[name] = row
      }
      for record in here where record.walkIn {
        let contact: Contact?
        if let known = people[record.contactID] {
          contact = known
        } else {
          contact = try contacts.contacts(withIDs: [record.contactID]).first
          people[record.contactID] = contact
        }
        guard let contact else { continue }
        let name = try key(contact)
        var row =
          rows[name]
          ?? AttendanceStatistic(name: name, invited: 0, attended: 0, walkIns: 0, meetings: 0)
        row.walkIns += 1
        rows[name] = row
      }
    }
    return rows.values.sorted {
      ($0.rate ?? 2, $0.name) < ($1.rate ?? 2, $1.name)
    }
  }

  static func normalised(_ code: String) -> String {
    String(
      code.uppercased().unicodeScalars.compactMap { scalar -> Character? in
        switch scalar {
        case " ", "-", "\t": nil
        case "O": "0"
        case "I", "L": "1"
        default: Character(scalar)
        }
      })
  }
}
