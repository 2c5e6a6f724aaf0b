import ArgumentParser
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting add`: schedules a meeting, booking its room.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Schedule a meeting.",
      discussion: """
        Times are local to --tz (default: the configured zone, initially Asia/Jakarta).
        A room already booked at an overlapping time is refused. Invitations go out with
        'pokja meeting invite ID'; reminders with 'pokja remind --due' (from cron).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Title, e.g. \"Rapat Pleno Tim Pokja\".") var title: String
    @Option(help: "Start, e.g. 2026-12-07T10:00 (local) or 2026-12-07T10:00+07:00.") var start:
      String
    @Option(help: "End: a time on the same day (12:00) or a full date-time.") var end: String?
    @Option(help: "Length instead of --end: 90m, 2h, 1h30m.") var duration: String?
    @Option(help: "Time zone: Asia/Jakarta, Asia/Makassar, Asia/Jayapura (or WIB, WITA, WIT).")
    var tz: String?
    @Option(help: "Room: its ID or exact name.") var room: String?
    @Option(help: "Where, in words (added after the room's own location).") var location: String?
    @Option(help: "A contact (ID or email) to invite; repeat for each.") var attendee: [String] = []
    @Option(help: "Send a reminder this long before the start (1d, 2h); repeat for several.")
    var remind: [String] = []
    @Option(help: "Agenda or notes shown in the invitation.") var description: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let details = try services.scheduler.schedule(
        MeetingRequest(
          title: title, start: start, end: end, duration: duration, timeZone: tz, room: room,
          location: location, attendees: attendee, reminders: remind, description: description))
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.MeetingRecord(details)))
        return
      }
      let meeting = details.meeting
      var line =
        "Scheduled meeting \(meeting.id): \(meeting.title), "
        + LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone)
      if let place = details.locationText { line += ", \(place)" }
      services.console.write(line)
      if let holiday = details.holiday {
        services.console.write(
          "Note: that day is a public holiday in Indonesia: \(holiday.name)"
            + (holiday.kind == .collectiveLeave ? " (cuti bersama)" : "")
            + (holiday.estimated ? " (date estimated)" : "") + ".")
      }
      let count = details.attendees.count
      services.console.write(
        "\(count) attendee\(count == 1 ? "" : "s")"
          + (details.reminders.isEmpty
            ? ""
            : ", reminders \(details.reminders.map { "\($0.offset)" }.joined(separator: ", ")) before")
          + ". Send the invitations with: pokja meeting invite \(meeting.id)")
    }
  }
}
