import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaPersistence
import PokjaPostgres
import PokjaScheduling

/// `pokja attendance-sheet MEETING`: a printable HTML sign-in sheet (daftar hadir) for a meeting,
/// one row per invited person with name, organisation, position and a signature column, plus empty
/// rows for walk-ins. An example plugin built on Pokja's library modules (docs/plugins.md); pokja
/// runs it with POKJA_DB set. In Bahasa Indonesia unless --lang en.
@main
struct AttendanceSheet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pokja-attendance-sheet",
    abstract:
      "Print a sign-in sheet (HTML) for a meeting: name, organisation, position, signature.",
    discussion: """
      Run as 'pokja attendance-sheet MEETING > daftar-hadir.html' and print it from a browser.
      Those who declined are left out unless --all. For a series, the sheet is for the next
      occurrence, or the one on --date.
      """)

  @Argument(help: "The meeting's ID.") var meeting: String
  @Option(help: "The occurrence of a series on this day (2027-01-04).") var date: String?
  @Option(help: "Empty rows for people who were not invited.") var extraRows = 5
  @Flag(help: "List those who declined too.") var all = false
  @Option(help: "id or en (default id: the sheet is for the meeting room).") var lang: String?
  @Option(help: "The database (default: $POKJA_DB, as pokja passes it).") var db: String?

  func run() throws {
    do {
      try printSheet()
    } catch let error as ValidationError {
      throw error
    } catch {
      // Said like pokja says it, with a sysexits status (docs/plugins.md).
      FileHandle.standardError.write(
        Data("pokja attendance-sheet: \(error.localizedDescription)\n".utf8))
      switch error {
      case StorageError.databaseMissing, SharedDatabaseError.noSchema: throw ExitCode(66)  // EX_NOINPUT
      case SharedDatabaseError.connection: throw ExitCode(69)  // EX_UNAVAILABLE
      case is StorageError, is SharedDatabaseError: throw ExitCode(74)  // EX_IOERR
      case is PostgresLocationError: throw ExitCode(78)  // EX_CONFIG
      default: throw ExitCode(65)  // EX_DATAERR: no such meeting, …
      }
    }
  }

  func printSheet() throws {
    let variables = ProcessInfo.processInfo.environment
    guard let path = db ?? variables["POKJA_DB"], !path.isEmpty else {
      throw ValidationError("No database: run it as 'pokja attendance-sheet', or give --db.")
    }
    guard let language = Language(parsing: lang ?? "id") else {
      throw ValidationError("--lang must be id or en.")
    }
    // pokja's zone when it is set in the environment (as pokja reads it), else WIB.
    let zone =
      variables["POKJA_TIME_ZONE"].flatMap { try? DateTimeText.timeZone(named: $0) }
      ?? IndonesianTimeZone.wib.timeZone
    let clock = SystemClock()
    let today = Today(clock: clock, timeZone: zone)
    // A shared PostgreSQL database (postgres://…), its password in POKJA_DB_PASSWORD; else the
    // SQLite file.
    let store: any SchedulingStore & ContactLookup =
      if let location = try PostgresLocation(parsing: path) {
        try PostgresStore.open(
          location, password: variables["POKJA_DB_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
          today: today)
      } else {
        SQLiteStore(try PokjaDatabase.open(path: path, create: false, readOnly: true), today: today)
      }
    let scheduler = MeetingScheduler(
      store: store, contacts: store, clock: clock, defaultTimeZone: zone)
    let details = try scheduler.details(of: meeting)
    let occurrence = try chosenOccurrence(details, now: clock.now())
    let people = details.attendees.filter {
      all || $0.attendee.participation != .declined
    }
    print(
      SignInSheet(
        details: details, start: occurrence?.start ?? details.meeting.start,
        end: occurrence?.end ?? details.meeting.end, people: people, extraRows: max(extraRows, 0),
        language: language
      ).html, terminator: "")
  }

  /// The occurrence the sheet is for: the one on `--date`, else the next one; nil for a one-off.
  func chosenOccurrence(_ details: MeetingDetails, now: Date) throws -> MeetingOccurrence? {
    guard details.meeting.isSeries, let plan = details.plan else { return nil }
    let zone = details.meeting.timeZone
    let occurrences = plan.occurrences.map(\.occurrence)
    if let date {
      let day = { (instant: Date) in LocalTime.iso(instant, in: zone).prefix(10) }
      guard let found = occurrences.first(where: { day($0.start) == date.prefix(10) }) else {
        throw ValidationError(
          "Meeting \(details.meeting.id) has no occurrence on \(date); 'pokja meeting show \(details.meeting.id)' lists them."
        )
      }
      return found
    }
    return occurrences.first { $0.end >= now } ?? occurrences.last
  }
}

/// The HTML of the sheet: A4, one table, readable when printed in black and white.
struct SignInSheet {
  let details: MeetingDetails
  let start: Date
  let end: Date
  let people: [AttendeeDetails]
  let extraRows: Int
  let language: Language

  var html: String {
    let indonesian = language == .indonesian
    let zone = details.meeting.timeZone
    let heading = indonesian ? "Daftar Hadir" : "Attendance Sheet"
    let columns =
      indonesian
      ? ["No.", "Nama", "Instansi", "Jabatan", "Tanda tangan"]
      : ["No.", "Name", "Organisation", "Position", "Signature"]
    var facts = [
      (indonesian ? "Acara" : "Meeting", details.meeting.title),
      (
        indonesian ? "Hari/Tanggal" : "Date", LocalizedDate.day(start, in: zone, language: language)
      ),
      (
        indonesian ? "Waktu" : "Time",
        LocalizedDate.timeRange(start, end, in: zone, language: language)
      ),
    ]
    if let place = details.locationText { facts.append((indonesian ? "Tempat" : "Place", place)) }
    var rows: [String] = []
    for (index, person) in people.enumerated() {
      let contact = person.contact
      let name = [contact.honorific, contact.name].compactMap { $0 }.joined(separator: " ")
      rows.append(row(index + 1, name, person.organisation?.name ?? "", contact.position ?? ""))
    }
    for index in 0..<extraRows { rows.append(row(people.count + index + 1, "", "", "")) }
    return """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)"><head><meta charset="utf-8">
      <title>\(escape(heading)) — \(escape(details.meeting.title))</title>
      <style>
      @page { size: A4; margin: 15mm; }
      body { font-family: sans-serif; font-size: 11pt; }
      h1 { font-size: 15pt; text-align: center; margin: 0 0 8pt; }
      table.facts td { padding: 1pt 8pt 1pt 0; }
      table.sheet { width: 100%; border-collapse: collapse; margin-top: 10pt; }
      table.sheet th, table.sheet td { border: 1px solid #000; padding: 4pt; vertical-align: top; }
      table.sheet td { height: 24pt; }
      th.no { width: 6%; } th.signature { width: 22%; }
      tr { page-break-inside: avoid; }
      </style></head>
      <body>
      <h1>\(escape(heading))</h1>
      <table class="facts">
      \(facts.map { "<tr><td>\(escape($0.0))</td><td>: \(escape($0.1))</td></tr>" }.joined(separator: "\n"))
      </table>
      <table class="sheet">
      <thead><tr><th class="no">\(columns[0])</th><th>\(columns[1])</th><th>\(columns[2])</th><th>\(columns[3])</th><th class="signature">\(columns[4])</th></tr></thead>
      <tbody>
      \(rows.joined(separator: "\n"))
      </tbody>
      </table>
      </body></html>

      """
  }

  private func row(_ number: Int, _ name: String, _ organisation: String, _ position: String)
    -> String
  {
    "<tr><td>\(number)</td><td>\(escape(name))</td><td>\(escape(organisation))</td>"
      + "<td>\(escape(position))</td><td></td></tr>"
  }

  private func escape(_ text: String) -> String {
    HTMLEscaping.escape(text)
  }
}
