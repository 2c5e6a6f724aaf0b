import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.AttendanceGroup {
  /// `pokja attendance sheet MEETING`: the printable sign-in sheet.
  struct Sheet: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "sheet",
      abstract:
        "Print the sign-in sheet (HTML) of an occurrence: names, organisations, a column to sign.",
      discussion: """
        People already checked in are marked with the time. Print it from a browser: \
        'pokja attendance sheet 3 > daftar-hadir.html'. In the language of --lang.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "The occurrence of a series (2027-01-04); today's when left out.")
    var occurrence: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let attendance = try services.attendance.attendance(meeting: meeting, day: occurrence)
      services.console.writeRaw(
        AttendanceSheetPage(attendance: attendance, language: environment.interfaceLanguage).html())
    }
  }
}
