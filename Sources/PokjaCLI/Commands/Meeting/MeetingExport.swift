import ArgumentParser
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting export ID`: the meeting as iCalendar on standard output.
  struct Export: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Print a meeting as iCalendar (.ics), e.g. 'pokja meeting export 3 > pleno.ics'.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The meeting's ID.") var id: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let details = try services.scheduler.details(of: id)
      let calendar = MeetingCalendar.calendar(
        for: details, organiser: services.organiser, method: .publish,
        stamp: environment.clock.now())
      // iCalendar lines end in CRLF, the last one too: write the bytes as they are.
      services.console.writeRaw(calendar.serialized())
    }
  }
}
