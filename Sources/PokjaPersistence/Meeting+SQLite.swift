import Foundation
import GRDB
import PokjaCore

/// How the `meeting` table keeps a meeting: the one mapping its reads and writes use. RDATEs and
/// EXDATEs are JSON arrays of Unix seconds. Attendees, reminders, occurrences and overrides have
/// tables of their own (`SchedulingTransaction`).
extension Meeting {
  static let tableMapping = TableMapping<Meeting>(
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
      .init("rdates") { instantList($0.recurrence?.rdates ?? []) },
      .init("exdates") { instantList($0.recurrence?.exdates ?? []) },
      .init("on_holiday") { $0.onHoliday?.rawValue },
      // Planned up to its first occurrence until the plan is stored (`replaceOccurrences`).
      .init("planned_through", insertOnly: true) { $0.end },
      .init("reminder_recipients") { $0.reminderRecipients.rawValue },
      .init("reminder_channel") { $0.reminderChannel.rawValue },
      .init("guest_list") { $0.guestList?.rawValue },
    ])

  init(row: Row) throws {
    let table = Self.tableMapping.table
    let roomID: Int64? = row["room_id"]
    let rule: String? = row["rrule"]
    let rdates = try row.instantList("rdates", table: table)
    let exdates = try row.instantList("exdates", table: table)
    let onHoliday: String? = row["on_holiday"]
    self.init(
      id: MeetingID(row["id"] as Int64), uid: row["uid"], title: row["title"],
      description: row["description"], start: row["start_at"], end: row["end_at"],
      timeZone: try row.parsed("time_zone", table: table) { TimeZone(identifier: $0) },
      roomID: roomID.map { RoomID($0) }, location: row["location"], sequence: row["sequence"],
      status: try row.parsed("status", table: table) { MeetingStatus(rawValue: $0) },
      createdAt: row["created_at"],
      recurrence: rule == nil && rdates.isEmpty
        ? nil : MeetingRecurrence(rule: rule, rdates: rdates, exdates: exdates),
      onHoliday: onHoliday.flatMap(HolidayPolicy.init(rawValue:)))
    reminderRecipients =
      (row["reminder_recipients"] as String?).flatMap(ReminderRecipients.init(rawValue:))
      ?? .notDeclined
    reminderChannel =
      (row["reminder_channel"] as String?).flatMap(ReminderChannel.init(rawValue:)) ?? .both
    guestList = (row["guest_list"] as String?).flatMap(GuestList.init(rawValue:))
  }
}
