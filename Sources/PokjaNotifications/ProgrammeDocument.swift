import Foundation
import PokjaCore
import PokjaScheduling

/// A meeting's programme as a document to circulate or print (`pokja programme show --format
/// markdown|html`): by day when it spans several, each session with its time, place, people in
/// their roles and what it is about, in Bahasa Indonesia or English.
public struct ProgrammeDocument: Sendable {
  public var details: MeetingDetails
  public var language: Language

  public init(details: MeetingDetails, language: Language) {
    self.details = details
    self.language = language
  }

  private var zone: TimeZone { details.meeting.timeZone }

  /// The sessions grouped by their day, in order.
  private var days: [(String, [SessionDetails])] {
    var groups: [(String, [SessionDetails])] = []
    for item in details.programme {
      let day = LocalizedDate.day(item.session.start, in: zone, language: language)
      if groups.last?.0 == day {
        groups[groups.count - 1].1.append(item)
      } else {
        groups.append((day, [item]))
      }
    }
    return groups
  }

  private var when: String {
    let meeting = details.meeting
    return LocalizedDate.day(meeting.start, in: zone, language: language) + ", "
      + LocalizedDate.timeRange(meeting.start, meeting.end, in: zone, language: language)
  }

  private func clocks(_ session: ProgrammeSession) -> String {
    LocalizedDate.clock(session.start, in: zone, language: language) + "–"
      + LocalizedDate.clock(session.end, in: zone, language: language)
  }

  private var emptyText: String {
    language == .indonesian ? "Belum ada sesi." : "No sessions yet."
  }

  // MARK: - Markdown

  /// CommonMark: a heading per day and per session, the people as a list.
  public func markdown() -> String {
    var lines = ["# \(Self.markdownEscaped(details.meeting.title))", ""]
    var facts = [when]
    if let place = details.locationText { facts.append(place) }
    lines += [Self.markdownEscaped(facts.joined(separator: " · ")), ""]
    lines += ["## \(ProgrammeText.heading(language))", ""]
    if details.programme.isEmpty { lines += [emptyText, ""] }
    let grouped = days
    for (day, sessions) in grouped {
      if grouped.count > 1 { lines += ["### \(day)", ""] }
      for item in sessions {
        let session = item.session
        let level = grouped.count > 1 ? "####" : "###"
        lines.append("\(level) \(clocks(session)) · \(Self.markdownEscaped(session.title))")
        lines.append("")
        if let place = item.placeText { lines += ["*\(Self.markdownEscaped(place))*", ""] }
        var people: [String] = []
        for role in SessionRole.allCases {
          let names = item.people(in: role).map { Self.markdownEscaped($0.nameWithOrganisation) }
          if !names.isEmpty {
            people.append("- **\(role.label(language)):** \(names.joined(separator: "; "))")
          }
        }
        if !people.isEmpty { lines += people + [""] }
        if let description = session.description {
          lines +=
            description.split(separator: "\n", omittingEmptySubsequences: false).map {
              Self.markdownEscaped(String($0))
            } + [""]
        }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Text with the characters Markdown reads as syntax escaped by a backslash (the work plan's
  /// document uses it too).
  public static func markdownEscaped(_ text: String) -> String {
    var escaped = text.replacingScalars(
      Dictionary(uniqueKeysWithValues: "\\`*_[]<>#|".unicodeScalars.map { ($0, "\\\($0)") }))
    // At the start of a line, a list marker or a numbered item's dot would start a list.
    if let first = escaped.unicodeScalars.first, "-+".unicodeScalars.contains(first) {
      escaped = "\\" + escaped
    } else if let match = escaped.firstMatch(of: /^(\d+)([.)])/) {
      escaped = String(match.1) + "\\" + String(escaped.dropFirst(match.1.count))
    }
    return escaped
  }

  // MARK: - HTML

  /// A page to print: one table per day (time, session, people), A4 margins.
  public func html() -> String {
    let e = HTMLEscaping.escape
    let meeting = details.meeting
    let headings =
      language == .indonesian
      ? ["Waktu", "Acara", "Pengisi acara"] : ["Time", "Session", "People"]
    var body: [String] = [
      "<h1>\(e(meeting.title))</h1>",
      "<p class=\"when\">\(e(when))"
        + (details.locationText.map { "<br>\(e($0))" } ?? "") + "</p>",
      "<h2>\(e(ProgrammeText.heading(language)))</h2>",
    ]
    if details.programme.isEmpty { body.append("<p>\(e(emptyText))</p>") }
    let grouped = days
    for (day, sessions) in grouped {
      if grouped.count > 1 { body.append("<h3>\(e(day))</h3>") }
      body.append("<table>")
      body.append(
        "<thead><tr>" + headings.map { "<th scope=\"col\">\(e($0))</th>" }.joined()
          + "</tr></thead><tbody>")
      for item in sessions {
        let session = item.session
        var what = "<strong>\(e(session.title))</strong>"
        if let place = item.placeText { what += "<br><em>\(e(place))</em>" }
        if let description = session.description {
          what += "<div class=\"about\">\(e(description))</div>"
        }
        let people = SessionRole.allCases.compactMap { role -> String? in
          let names = item.people(in: role).map { e($0.nameWithOrganisation) }
          return names.isEmpty
            ? nil : "<b>\(e(role.label(language))):</b> \(names.joined(separator: "; "))"
        }
        body.append(
          "<tr><td class=\"time\">\(e(clocks(session)))</td><td>\(what)</td><td>"
            + people.joined(separator: "<br>") + "</td></tr>")
      }
      body.append("</tbody></table>")
    }
    return """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)"><head><meta charset="utf-8">
      <title>\(e(ProgrammeText.heading(language))) — \(e(meeting.title))</title>
      <style>
      @page { size: A4; margin: 18mm; }
      body { font-family: sans-serif; font-size: 11pt; }
      table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
      th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
      td.time { white-space: nowrap; }
      .about { white-space: pre-line; font-size: 10pt; margin-top: 2px; }
      tr { page-break-inside: avoid; }
      </style></head>
      <body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }
}
