import Foundation
import PokjaCore
import PokjaScheduling

/// The sign-in sheet of one occurrence (`pokja attendance sheet`): a table to print, with each
/// invitee's name and organisation, a column to sign, and those already checked in marked with
/// the time; walk-ins follow, and empty rows for more. The check-in codes are not on it: everyone
/// who signs would read them (`attendance list` shows them to the desk).
public struct AttendanceSheetPage: Sendable {
  public var attendance: OccurrenceAttendance
  public var language: Language

  public init(attendance: OccurrenceAttendance, language: Language) {
    self.attendance = attendance
    self.language = language
  }

  public func html() -> String {
    let e = HTMLEscaping.escape
    let meeting = attendance.details.meeting
    let zone = meeting.timeZone
    let indonesian = language == .indonesian
    let headings =
      indonesian
      ? ["No.", "Nama", "Instansi", "Hadir", "Tanda tangan"]
      : ["No.", "Name", "Organisation", "Checked in", "Signature"]
    var rows: [String] = []
    for (index, line) in attendance.lines.enumerated() {
      let checked = line.record.map { record -> String in
        let time = String(LocalTime.iso(record.checkedInAt, in: zone).suffix(5))
        switch record.status {
        case .present: return "✓ \(time)"
        case .late: return "✓ \(time) (\(record.status.label(language)))"
        case .proxy:
          return "✓ \(time) (\(record.status.label(language)): \(record.proxyName ?? ""))"
        }
      }
      rows.append(
        "<tr><td>\(index + 1)</td><td>\(e(line.contact.name))</td><td>\(e(line.organisation?.shortName ?? ""))</td>"
          + "<td>\(e(checked ?? ""))</td><td></td></tr>")
    }
    for index in attendance.lines.count..<(attendance.lines.count + 10) {
      rows.append("<tr><td>\(index + 1)</td><td></td><td></td><td></td><td></td></tr>")
    }
    let title = indonesian ? "Daftar hadir" : "Sign-in sheet"
    let when =
      LocalizedDate.day(attendance.occurrence.start, in: zone, language: language) + ", "
      + LocalizedDate.timeRange(
        attendance.occurrence.start, attendance.occurrence.end, in: zone, language: language)
    return """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)"><head><meta charset="utf-8">
      <title>\(e(title)) — \(e(meeting.title))</title>
      <style>
      @page { size: A4; margin: 15mm; }
      body { font-family: sans-serif; font-size: 10.5pt; }
      table { border-collapse: collapse; width: 100%; }
      th, td { border: 1px solid #777; padding: 5px 6px; text-align: left; height: 1.6em; }
      td:last-child { width: 28%; }
      tr { page-break-inside: avoid; }
      </style></head>
      <body>
      <h1>\(e(title))</h1>
      <p><strong>\(e(meeting.title))</strong><br>\(e(when))\(attendance.details.locationText.map { "<br>" + e($0) } ?? "")</p>
      <table>
      <thead><tr>\(headings.map { "<th scope=\"col\">\(e($0))</th>" }.joined())</tr></thead>
      <tbody>
      \(rows.joined(separator: "\n"))
      </tbody></table>
      </body></html>

      """
  }
}
