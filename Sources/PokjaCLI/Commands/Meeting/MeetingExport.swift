import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting export ID` or `--from --to`: meetings as iCalendar on standard output.
  struct Export: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Print a meeting, or all meetings in a range, as iCalendar (.ics).",
      discussion: """
        'pokja meeting export 3 > pleno.ics' writes one meeting; a series comes with its RRULE, \
        its left-out dates (EXDATE) and each changed occurrence (RECURRENCE-ID). With --from and \
        --to, every meeting with an occurrence in that range is written. Each zone used gets its \
        VTIMEZONE. The file is a PUBLISH: calendars import it without sending replies.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The meeting's ID (or give --from/--to).") var id: String?
    @Option(help: "First day of the range (2026-12-01).") var from: String?
    @Option(help: "Last day of the range (2026-12-31).") var to: String?

    func validate() throws {
      if id == nil, from == nil, to == nil {
        throw ValidationError("Name a meeting ID, or a range with --from and --to.")
      }
      if id != nil, from != nil || to != nil {
        throw ValidationError("Give a meeting ID or --from/--to, not both.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let scheduler = services.scheduler
      var meetings: [MeetingDetails] = []
      if let id {
        meetings = [try scheduler.details(of: id)]
      } else {
        let zone = services.config.timeZone
        let start =
          try from.map { try DateTimeText.parse(Validate.day($0, field: "--from"), in: zone) }
          ?? .distantPast
        let end =
          try to.map {
            try DateTimeText.parse(Validate.day($0, field: "--to"), in: zone).addingTimeInterval(
              86_400)
          } ?? .distantFuture
        guard end > start else {
          throw InputError.endNotAfterStart(start: start, end: end, zone: zone)
        }
        var seen: Set<MeetingID> = []
        for occurrence in try scheduler.agenda(from: start, to: end)
        where seen.insert(occurrence.meeting.id).inserted {
          meetings.append(try scheduler.details(of: occurrence.meeting.id.description))
        }
      }
      let calendar = MeetingCalendar.calendar(
        for: meetings, organiser: services.organiser, method: .publish,
        stamp: environment.clock.now())
      // iCalendar lines end in CRLF, the last one too: write the bytes as they are.
      services.console.writeRaw(calendar.serialized())
    }
  }
}
