import Foundation
import PokjaCore
import PokjaRecurrence

/// What a booking is checked for: room and attendee clashes, the room's capacity, holidays.
extension MeetingScheduler {
  /// Checks a booking inside the write transaction: room clashes refuse it (or become warnings
  /// with `allowConflict`); attendee clashes and capacity become warnings.
  func checkBooking(
    _ transaction: any SchedulingTransaction, occurrences: [MeetingOccurrence], room: Room?,
    attendees: [ContactID], excluding: MeetingID?, zone: TimeZone, allowConflict: Bool
  ) throws -> [SchedulingWarning] {
    var warnings: [SchedulingWarning] = []
    let now = clock.now()
    // Past occurrences happened where they happened: only what is still ahead is checked.
    let ahead = occurrences.filter { $0.end > now || occurrences.count == 1 }
    // Changed occurrences may be in a room of their own: each room is checked for its occurrences.
    var booked = room.map { [$0] } ?? []
    for id in Set(ahead.compactMap(\.roomID)).sorted(by: { $0.rawValue < $1.rawValue })
    where !booked.contains(where: { $0.id == id }) {
      if let other = try store.room(.id(id)) { booked.append(other) }
    }
    for place in booked {
      let byRoom = ahead.filter { ($0.roomID ?? room?.id) == place.id }
      let clashes = try transaction.roomClashes(
        room: place.id, intervals: byRoom.map { DateInterval(start: $0.start, end: $0.end) },
        excluding: excluding, limit: allowConflict ? 20 : 1)
      if let clash = clashes.first, !allowConflict {
        throw SchedulingError.roomDoubleBooked(
          room: place.name, by: clash.meeting.id, title: clash.meeting.title,
          start: clash.occurrence.start, end: clash.occurrence.end, zone: clash.meeting.timeZone,
          requested: occurrences.count > 1 ? clash.requested.start : nil, requestedZone: zone)
      }
      warnings += clashes.map { .roomConflictAllowed(room: place.name, $0, zone: zone) }
    }
    if let room, let capacity = room.capacity, attendees.count > capacity {
      warnings.append(
        .overCapacity(room: room.name, capacity: capacity, attendees: attendees.count))
    }
    let people = try attendeeClashes(
      transaction, attendees: attendees, occurrences: ahead, excluding: excluding)
    warnings += people
    return warnings
  }

  private func attendeeClashes(
    _ transaction: any SchedulingTransaction, attendees: [ContactID],
    occurrences: [MeetingOccurrence], excluding: MeetingID?
  ) throws -> [SchedulingWarning] {
    let clashes = try transaction.attendeeClashes(
      contacts: attendees,
      intervals: occurrences.map { DateInterval(start: $0.start, end: $0.end) },
      excluding: excluding, limit: 20)
    guard !clashes.isEmpty else { return [] }
    let names = Dictionary(
      uniqueKeysWithValues: try contacts.contacts(withIDs: Array(Set(clashes.map(\.contactID))))
        .map { ($0.id, $0.name) })
    return clashes.map {
      .attendeeBusy(name: names[$0.contactID] ?? "contact \($0.contactID)", $0.clash)
    }
  }

  func holidayWarnings(_ plan: SeriesPlan, zone: TimeZone) -> [SchedulingWarning] {
    let now = clock.now()
    var warnings: [SchedulingWarning] = []
    for planned in plan.occurrences where planned.occurrence.end > now {
      if let holiday = planned.onHoliday {
        warnings.append(.onHoliday(planned.occurrence.start, holiday, zone: zone))
      }
      if let holiday = planned.movedFromHoliday {
        warnings.append(
          .movedForHoliday(
            from: planned.occurrence.recurrenceID, to: planned.occurrence.start, holiday,
            zone: zone))
      }
    }
    for skipped in plan.skipped where skipped.recurrenceID > now {
      warnings.append(.skippedForHoliday(skipped.recurrenceID, skipped.holiday, zone: zone))
    }
    return warnings
  }
}
