import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja {
  /// `pokja import-ics FILE`: meetings from a Google, Outlook, Thunderbird or Apple calendar export.
  struct ImportICS: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "import-ics",
      abstract:
        "Import meetings from an iCalendar (.ics) export of Google, Outlook or another calendar.",
      discussion: """
        Series keep their RRULE, RDATE, EXDATE and changed occurrences; times keep their zone \
        (IANA, Windows and Outlook names are understood). Attendees are matched to the directory \
        by email; addresses it does not know are listed and left off. A LOCATION that is a room's \
        name books the room, and a clash stops the import (unless --allow-conflict). Importing the \
        same file again changes nothing; a newer version (higher SEQUENCE) updates the meeting. \
        All or nothing; try it with --dry-run.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The .ics file.") var file: String
    @Option(help: "Zone for times without one (default: the configured zone).") var tz: String?
    @Flag(help: "Check and report; store nothing.") var dryRun = false
    @Flag(help: "Book rooms even when another meeting has them at the same time.")
    var allowConflict = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      guard let data = FileManager.default.contents(atPath: file) else {
        throw ImportFileError.unreadable(file)
      }
      let zone =
        try tz.map { text throws(InputError) in
          try Validate.field("--tz") { () throws(InputError) in
            try DateTimeText.timeZone(named: text)
          }
        } ?? services.config.timeZone
      let contents = try CalendarFileReader.read(
        String(decoding: data, as: UTF8.self), file: file, defaultTimeZone: zone)
      let report = try services.scheduler.importCalendar(
        contents, file: file, dryRun: dryRun, allowConflict: allowConflict)
      let console = services.console
      if output.json {
        console.write(JSONOutput.encode(CalendarImportRecord(report)))
        return
      }
      let counts = [
        ("created", report.count(.created)), ("updated", report.count(.updated)),
        ("unchanged", report.count(.unchanged)), ("cancelled", report.count(.cancelled)),
        ("skipped", report.count(.skipped)),
      ].filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
      console.write(
        (dryRun ? "Dry run, nothing stored: " : "Imported \(file): ")
          + (counts.isEmpty ? "no events" : counts.joined(separator: ", ")) + ".")
      for entry in report.entries {
        let id = entry.meetingID.map { "meeting \($0)" } ?? "-"
        let extra = entry.occurrences > 1 ? ", \(entry.occurrences) occurrences" : ""
        console.write(
          "  \(entry.outcome.rawValue): \(entry.title) (\(id)\(extra))"
            + (entry.note.map { " — \($0)" } ?? ""))
      }
      if !report.unknownAttendees.isEmpty {
        console.error(
          "warning: not in the directory, left off: \(report.unknownAttendees.joined(separator: ", ")). Add them with 'pokja contact add' and import again."
        )
      }
      for warning in report.warnings { console.error("warning: \(warning)") }
    }
  }

  struct CalendarImportRecord: Encodable {
    struct Entry: Encodable {
      let uid: String
      let title: String
      let line: Int
      let outcome: String
      let meetingId: Int64?
      let occurrences: Int
      let note: String?
    }
    let dryRun: Bool
    let events: [Entry]
    let unknownAttendees: [String]
    let warnings: [String]

    init(_ report: CalendarImportReport) {
      dryRun = report.dryRun
      events = report.entries.map {
        Entry(
          uid: $0.uid, title: $0.title, line: $0.line, outcome: $0.outcome.rawValue,
          meetingId: $0.meetingID?.rawValue, occurrences: $0.occurrences, note: $0.note)
      }
      unknownAttendees = report.unknownAttendees
      warnings = report.warnings
    }
  }
}
