import ArgumentParser
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting add`: schedules a meeting or a series, booking its room.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Schedule a meeting or a repeating series.",
      discussion: """
        Times are local to --tz (default: the configured zone, initially Asia/Jakarta). \
        A series repeats by --every ("first monday of the month", "senin pertama setiap bulan", \
        "every 2 weeks on tuesday", "setiap tanggal 15") or an RFC 5545 --rrule, ending with \
        --count or --until (or never). A room is refused when any occurrence overlaps any \
        occurrence of another meeting there, unless --allow-conflict. Invitations go out with \
        'pokja meeting invite ID'; reminders with 'pokja remind --due' (from cron).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Title, e.g. \"Rapat Pleno Tim Pokja\".") var title: String
    @Option(help: "Start, e.g. 2026-12-07T10:00 (local) or 2026-12-07T10:00+07:00.") var start:
      String
    @Option(help: "End: a time on the same day (12:00) or a full date-time.") var end: String?
    @Option(help: "Length instead of --end: 90m, 2h, 1h30m.") var duration: String?
    @Option(
      help:
        "Time zone: Asia/Jakarta, Asia/Makassar, Asia/Jayapura (or WIB, WITA, WIT), UTC, or any name of the system's zone database."
    )
    var tz: String?
    @Option(help: "Room: its ID or exact name.") var room: String?
    @Option(help: "Where, in words (added after the room's own location).") var location: String?
    @Option(help: "A contact (ID or email) or @group to invite; repeat for each.")
    var attendee: [String] = []
    @Option(
      help:
        "Send a reminder this long before the start (1d, 2h); repeat for several. Default: [reminders] offsets in the config."
    )
    var remind: [String] = []
    @Option(
      help: "Who gets the reminders: all, not-declined (the default) or organiser.",
      completion: .list(ReminderRecipients.allCases.map(\.rawValue)))
    var remindTo: String?
    @Flag(help: "No reminders, not even the configured default ones.") var noRemind = false
    @Option(
      help: "How reminders go out: email, webhook (the channels only) or both (the default).",
      completion: .list(ReminderChannel.allCases.map(\.rawValue)))
    var remindVia: String?
    @Option(
      help:
        "Whether each invitation lists every attendee (visible) or only its recipient (hidden). Default: auto, from [invitations] in the config.",
      completion: .list(GuestListDefault.Mode.allCases.map(\.rawValue)))
    var guestList: String?
    @Option(help: "Agenda or notes shown in the invitation.") var description: String?
    @Option(help: "Repeat, in words: \"first monday of the month\", \"setiap senin\".")
    var every: String?
    @Option(help: "Repeat by an RFC 5545 rule, e.g. \"FREQ=MONTHLY;BYDAY=1MO\".") var rrule: String?
    @Option(help: "End the series after this many occurrences.") var count: Int?
    @Option(help: "End the series on this day (2027-06-30) or at this date-time.") var until:
      String?
    @Option(help: "Leave out the occurrence on this day (or at this date-time); repeat.")
    var exdate: [String] = []
    @Option(help: "Add an occurrence at this date-time; repeat.") var rdate: [String] = []
    @Option(
      help: "Occurrences on a public holiday: skip, next-workday or previous-workday.",
      completion: .list(HolidayPolicy.allCases.map(\.rawValue)))
    var onHoliday: String?
    @Flag(help: "Book the room even when another meeting has it at the same time.")
    var allowConflict = false

    func validate() throws {
      if noRemind, !remind.isEmpty {
        throw ValidationError("Give --remind or --no-remind, not both.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let scheduled = try services.scheduler.schedule(
        MeetingRequest(
          title: title, start: start, end: end, duration: duration, timeZone: tz, room: room,
          location: location, attendees: attendee, reminders: remind, description: description,
          rrule: rrule, every: every, count: count, until: until, exdates: exdate, rdates: rdate,
          onHoliday: onHoliday, allowConflict: allowConflict, remindTo: remindTo,
          noReminders: noRemind, remindVia: remindVia, guestList: guestList))
      for warning in scheduled.warnings {
        services.console.error("warning: \(warning)")
      }
      let details = scheduled.details
      do {
        let published = try services.outbox().announce(details)
        if let failure = published?.delivery.worstFailure {
          services.console.error("warning: webhook not delivered yet: \(failure.message)")
        }
      } catch {
        services.console.error("warning: channels not notified: \(error.localizedDescription)")
      }
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.MeetingRecord(details)))
        return
      }
      let meeting = details.meeting
      var line =
        "Scheduled \(meeting.isSeries ? "series" : "meeting") \(meeting.id): \(meeting.title), "
        + LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone)
      if let place = details.locationText { line += ", \(place)" }
      services.console.write(line)
      if let repeats = RepetitionText.describe(
        meeting, language: services.environment.interfaceLanguage),
        let plan = details.plan
      {
        let zone = meeting.timeZone
        let dates = plan.occurrences.map(\.occurrence.start)
        let last = dates.last.map { String(LocalTime.iso($0, in: zone).prefix(10)) } ?? "-"
        services.console.write(
          "Repeats \(repeats): \(counted(dates.count, "occurrence"))"
            + (plan.isComplete ? " through \(last)" : " planned through \(last) (no end)") + ".")
      }
      let count = details.attendees.count
      services.console.write(
        counted(count, "attendee")
          + (details.reminders.isEmpty
            ? ""
            : ", reminders \(details.reminders.map { "\($0.offset)" }.joined(separator: ", ")) before")
          + ". Send the invitations with: pokja meeting invite \(meeting.id)")
    }
  }
}
