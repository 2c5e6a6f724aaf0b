import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Synchronization

/// An instant written as ISO 8601 with its offset (`2026-12-07T10:00:00+07:00`).
func instant(_ text: String) -> Date {
  guard let date = ISO8601DateFormatter().date(from: text) else {
    preconditionFailure("not an ISO 8601 instant: \(text)")
  }
  return date
}

/// The contract's "now": Tuesday 1 December 2026, 08:00 WIB.
let contractNow = instant("2026-12-01T08:00:00+07:00")

func email(_ text: String) -> EmailAddress {
  guard let address = EmailAddress(text) else { preconditionFailure("not an address: \(text)") }
  return address
}

/// An error a test throws on purpose, to see what a transaction keeps.
struct Deliberate: Error, Equatable {}

/// A message to queue: an invitation by mail unless told otherwise.
func draft(
  _ key: String, to recipient: String = "wulan@example.org", kind: MessageKind = .invitation,
  meeting: MeetingID? = nil, contact: ContactID? = nil, occurrence: Date? = nil
) -> OutboundDraft {
  var draft = OutboundDraft(
    dedupeKey: key, kind: kind, meetingID: meeting, contactID: contact,
    sender: email("sekretariat@example.org"), destination: .email(email(recipient)),
    messageID: "\(key)@example.org", subject: "Undangan \(key)",
    content: "Subject: x\r\n\r\nbody \(key)\r\n")
  draft.occurrence = occurrence
  return draft
}

/// Claims what is due at `time` under `token`, with a lease of `lease` seconds.
func claim(
  _ store: any OutboxStore, at time: Date = contractNow, lease: TimeInterval = 300,
  limit: Int = 500, after: OutboundMessageID? = nil, meeting: MeetingID? = nil,
  route: MessageRoute = .smtp, token: String = UUID().uuidString
) throws -> [OutboundMessage] {
  try store.claim(
    dueAt: time, leaseUntil: time.addingTimeInterval(lease), limit: limit, after: after,
    meeting: meeting, route: route, token: token)
}

/// The names of search results, in order.
func names(_ entries: [DirectoryEntry]) -> [String] {
  entries.map { entry in
    switch entry {
    case .organisation(let organisation): organisation.name
    case .contact(let contact, _): contact.name
    }
  }
}

/// A query for words typed as prefixes.
func query(
  _ words: String..., entity: DirectoryQuery.EntityFilter? = nil, limit: Int = 20
) -> DirectoryQuery {
  DirectoryQuery(
    words: words.map { DirectoryQuery.Word(prefixes: [$0]) }, entity: entity, limit: limit)
}

/// Runs `body` for each index in `0..<count`, as many at once as the machine runs, and returns
/// what each returned or threw, in index order.
func concurrently<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T)
  -> [Result<T, any Error>]
{
  let results = Mutex<[Int: Result<T, any Error>]>([:])
  DispatchQueue.concurrentPerform(iterations: count) { index in
    let result = Result { try body(index) }
    results.withLock { $0[index] = result }
  }
  return results.withLock { results in (0..<count).map { results[$0]! } }
}

// MARK: - Scheduling

/// A meeting not stored yet, in Jakarta's zone.
func meeting(
  _ title: String, at start: Date, minutes: Int = 60, room: RoomID? = nil,
  recurrence: MeetingRecurrence? = nil, uid: String? = nil
) -> Meeting {
  Meeting(
    id: .unassigned, uid: uid ?? "\(UUID().uuidString)@contract.example", title: title,
    start: start, end: start.addingTimeInterval(TimeInterval(minutes * 60)),
    timeZone: Zones.jakarta, roomID: room, createdAt: contractNow, recurrence: recurrence)
}

/// The room is taken: `by` has an occurrence overlapping the time asked for.
struct RoomTaken: Error, Equatable {
  var by: MeetingID
  var requested: DateInterval
}

extension SchedulingStore {
  /// Stores `meeting` with its attendees and reminders and plans an occurrence at each of `starts`
  /// (its own start when nil), as the scheduler does: in one write. With `checkingRoom`, refuses
  /// (`RoomTaken`) when another meeting has the room at one of those times, checked in the same
  /// transaction. `pause` is time spent between the check and the insert, as a scheduler reading
  /// contacts and rooms would: other writers must wait for it, not slip in.
  @discardableResult
  func add(
    _ meeting: Meeting, attendees: [ContactID] = [], reminders: [TimeSpan] = [],
    starts: [Date]? = nil, plannedThrough: Date? = nil, checkingRoom: Bool = false,
    pause: TimeInterval = 0
  ) throws -> Meeting {
    let starts = starts ?? [meeting.start]
    let intervals = starts.map { DateInterval(start: $0, duration: meeting.duration) }
    return try write { transaction in
      if checkingRoom, let room = meeting.roomID,
        let clash = try transaction.roomClashes(
          room: room, intervals: intervals, excluding: nil, limit: 1
        ).first
      {
        throw RoomTaken(by: clash.meeting.id, requested: clash.requested)
      }
      if pause > 0 { Thread.sleep(forTimeInterval: pause) }
      let stored = try transaction.insert(meeting, attendees: attendees, reminders: reminders)
      try transaction.replaceOccurrences(
        of: stored.id,
        with: intervals.map {
          MeetingOccurrence(
            meetingID: stored.id, recurrenceID: $0.start, start: $0.start, end: $0.end,
            roomID: meeting.roomID)
        }, plannedThrough: plannedThrough ?? intervals.last?.end ?? meeting.end)
      return stored
    }
  }
}

/// A store with two people, an organisation and two rooms: what the scheduling contract books.
struct SchedulingSetup {
  let opened: StoreUnderTest
  let organisation: Organisation
  let wulan: Contact
  let hannah: Contact
  let room: Room
  let otherRoom: Room

  var store: any PokjaStore { opened.store }

  init(_ kind: StoreKind, clock: any WallClock) throws {
    opened = try kind.open(clock: clock)
    let store = opened.store
    organisation = try store.insert(
      Organisation(id: .unassigned, name: "Kementerian Sosial", acronym: "Kemensos"))
    wulan = try store.insert(
      Contact(
        id: .unassigned, name: "Wulan Sari", organisationID: organisation.id,
        email: email("wulan@kemensos.example")))
    hannah = try store.insert(
      Contact(
        id: .unassigned, name: "Hannah de Vries", email: email("hannah@kpi.example"),
        language: .english))
    room = try store.insert(Room(id: .unassigned, name: "Ruang Rapat Lt 7", capacity: 40))
    otherRoom = try store.insert(Room(id: .unassigned, name: "Aula Utama", capacity: 200))
  }
}
