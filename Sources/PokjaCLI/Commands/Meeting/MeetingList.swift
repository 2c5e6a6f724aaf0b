import ArgumentParser
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting list`: lists meetings by start.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List meetings, earliest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let scheduler = services.scheduler
      let meetings = try scheduler.meetings()
      let rooms = Dictionary(uniqueKeysWithValues: try scheduler.rooms().map { ($0.id, $0) })
      if output.json {
        let records = try meetings.map { meeting in
          JSONOutput.MeetingRecord(
            meeting, room: meeting.roomID.flatMap { rooms[$0] },
            attendeeCount: try scheduler.details(of: meeting).attendees.count)
        }
        services.console.write(JSONOutput.encode(records))
        return
      }
      guard !meetings.isEmpty else {
        services.console.write("No meetings yet. Schedule one with 'pokja meeting add'.")
        return
      }
      var table = Table([
        .init("ID"), .init("When"), .init("Title", flexible: true), .init("Room", flexible: true),
        .init("Repeats", flexible: true), .init("Status"),
      ])
      for meeting in meetings {
        table.add([
          meeting.id.description, LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone),
          meeting.title, meeting.roomID.flatMap { rooms[$0]?.name } ?? meeting.location,
          RepetitionText.describe(
            meeting, language: output.csv ? .english : services.environment.interfaceLanguage),
          meeting.status.rawValue,
        ])
      }
      output.write(table, to: services.console)
    }
  }
}
