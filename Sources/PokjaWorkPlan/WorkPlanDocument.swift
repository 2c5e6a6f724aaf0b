import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications

/// The work plan as a document to circulate (`pokja plan document`): a section per kelompok, each
/// item with its owner, due day, status and the meeting that decided it, as Markdown or a page to
/// print, in Bahasa Indonesia or English.
public struct WorkPlanDocument: Sendable {
  public var items: [PlanItemDetails]
  public var language: Language
  public var title: String
  public var zone: TimeZone
  /// Each item's documents (`pokja doc add --plan`): a name, and a link when `pokja serve` has a
  /// `[web] url`.
  public var documents: [PlanItemID: [(name: String, link: String?)]] = [:]

  public init(items: [PlanItemDetails], language: Language, title: String, zone: TimeZone) {
    self.items = items
    self.language = language
    self.title = title
    self.zone = zone
  }

  private var indonesian: Bool { language == .indonesian }

  /// The items grouped by kelompok (by number, then those of no kelompok).
  private var sections: [(String, [PlanItemDetails])] {
    var order: [String] = []
    var byName: [String: [PlanItemDetails]] = [:]
    let sorted = items.sorted {
      ($0.group?.kelompok ?? Int.max, $0.group?.name ?? "~") < (
        $1.group?.kelompok ?? Int.max, $1.group?.name ?? "~"
      )
    }
    for details in sorted {
      let name: String
      if let group = details.group {
        name = group.kelompok.map { "Kelompok \($0): \(group.name)" } ?? group.name
      } else {
        name = indonesian ? "Tanpa kelompok" : "No kelompok"
      }
      if byName[name] == nil { order.append(name) }
      byName[name, default: []].append(details)
    }
    return order.map { ($0, byName[$0] ?? []) }
  }

  private func due(_ details: PlanItemDetails) -> String {
    guard let due = details.item.due, let date = try? DateTimeText.parse(due, in: zone) else {
      return "—"
    }
    var text = LocalizedDate.day(date, in: zone, language: language)
    if details.isOverdue { text += indonesian ? " (terlambat)" : " (overdue)" }
    return text
  }

  private var headings: [String] {
    indonesian
      ? ["No.", "Kegiatan", "Penanggung jawab", "Tenggat", "Status", "Diputuskan di"]
      : ["No.", "Item", "Owner", "Due", "Status", "Decided at"]
  }

  public func markdown() -> String {
    let escape = ProgrammeDocument.markdownEscaped
    var lines = ["# \(escape(title))", ""]
    if items.isEmpty { lines += [indonesian ? "Belum ada kegiatan." : "No items yet.", ""] }
    for (name, section) in sections {
      lines += ["## \(escape(name))", ""]
      lines.append("| " + headings.joined(separator: " | ") + " |")
      lines.append("|" + String(repeating: " --- |", count: headings.count))
      for details in section {
        let item = details.item
        let cells = [
          String(item.id.rawValue), item.title, details.owner?.shortName ?? "—", due(details),
          item.status.label(language), details.meeting?.title ?? "—",
        ].map { escape($0).replacingOccurrences(of: "\n", with: " ") }
        lines.append("| " + cells.joined(separator: " | ") + " |")
      }
      lines.append("")
      let withFiles = section.filter { documents[$0.item.id]?.isEmpty == false }
      if !withFiles.isEmpty {
        lines.append(indonesian ? "Dokumen:" : "Documents:")
        for details in withFiles {
          let files = (documents[details.item.id] ?? []).map { file in
            file.link.map { "[\(escape(file.name))](<\($0)>)" } ?? escape(file.name)
          }
          lines.append("- \(details.item.id): " + files.joined(separator: ", "))
        }
        lines.append("")
      }
    }
    return lines.joined(separator: "\n")
  }

  public func html() -> String {
    let e = HTMLEscaping.escape
    var body = ["<h1>\(e(title))</h1>"]
    if items.isEmpty {
      body.append("<p>\(e(indonesian ? "Belum ada kegiatan." : "No items yet."))</p>")
    }
    for (name, section) in sections {
      body.append("<h2>\(e(name))</h2>")
      body.append(
        "<table><thead><tr>" + headings.map { "<th scope=\"col\">\(e($0))</th>" }.joined()
          + "</tr></thead><tbody>")
      for details in section {
        let item = details.item
        var what = "<strong>\(e(item.title))</strong>"
        if let description = item.description {
          what += "<div class=\"about\">\(e(description))</div>"
        }
        if let files = documents[item.id], !files.isEmpty {
          what +=
            "<div class=\"files\">"
            + files.map { file in
              file.link.map { "<a href=\"\(e($0))\">\(e(file.name))</a>" } ?? e(file.name)
            }.joined(separator: ", ") + "</div>"
        }
        body.append(
          "<tr\(details.isOverdue ? " class=\"overdue\"" : "")><td>\(item.id)</td><td>\(what)</td>"
            + "<td>\(e(details.owner?.shortName ?? "—"))</td><td>\(e(due(details)))</td>"
            + "<td>\(e(item.status.label(language)))</td><td>\(e(details.meeting?.title ?? "—"))</td></tr>"
        )
      }
      body.append("</tbody></table>")
    }
    return """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)"><head><meta charset="utf-8">
      <title>\(e(title))</title>
      <style>
      @page { size: A4 landscape; margin: 15mm; }
      body { font-family: sans-serif; font-size: 10.5pt; }
      table { border-collapse: collapse; width: 100%; margin-bottom: 1.2em; }
      th, td { border: 1px solid #888; padding: 4px 6px; text-align: left; vertical-align: top; }
      tr.overdue td { background: #fde8e8; }
      .about { font-size: 9.5pt; white-space: pre-line; }
      .files { font-size: 9.5pt; }
      tr { page-break-inside: avoid; }
      </style></head>
      <body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }
}
