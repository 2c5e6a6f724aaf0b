import ArgumentParser
import Foundation
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme remove SESSION`: deletes a session.
  struct Remove: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove", abstract: "Delete a session and its roles from the programme.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The session's ID.") var session: String

    struct Removed: Encodable {
      let id: Int64
      let meetingId: Int64
      let title: String
      let removed: Bool
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let (session, meeting) = try services.scheduler.removeSession(self.session)
      if output.json {
        services.console.write(
          JSONOutput.encode(
            Removed(
              id: session.id.rawValue, meetingId: meeting.id.rawValue, title: session.title,
              removed: true)))
      } else {
        services.console.write(
          "Removed session \(session.id) '\(session.title)' from meeting \(meeting.id).")
      }
    }
  }
}
