import Foundation
import PokjaDirectory

/// How `pokja import` reports: a summary line, the rows that matched or were added (at most
/// `shown`), then new vocabulary terms, created organisations and ignored columns; or JSON.
struct ImportSummary {
  let report: ImportReport
  /// Per-row lines printed before "…and N more".
  var shown = 20

  init(_ report: ImportReport) { self.report = report }

  func write(to console: any Console, json: Bool) {
    if json {
      console.write(JSONOutput.encode(ImportRecord(report)))
    } else {
      console.write(lines.joined(separator: "\n"))
    }
  }

  /// "31 contacts added, 2 updated, 1 merged (same email: wulan.s@…), 0 errors".
  var headline: String {
    let noun = report.entity == .contact ? "contact" : "organisation"
    var parts = [
      "\(counted(report.count(.added), noun)) added", "\(report.count(.updated)) updated",
    ]
    let merged = report.records.filter { $0.outcome == .merged }
    var mergedText = "\(merged.count) merged"
    if !merged.isEmpty {
      let reasons = merged.compactMap(\.reason).prefix(2).joined(separator: "; ")
      mergedText += " (\(reasons)\(merged.count > 2 ? "; …" : ""))"
    }
    parts.append(mergedText)
    let unchanged = report.count(.unchanged)
    if unchanged > 0 { parts.append("\(unchanged) unchanged") }
    parts.append("0 errors")
    return parts.joined(separator: ", ")
  }

  var lines: [String] {
    var lines = [headline]
    let noun = report.entity == .contact ? "contact" : "organisation"
    let lineWidth = String(report.records.map(\.line).max() ?? 0).count
    for record in report.records.prefix(shown) {
      let number = String(record.line)
      let line = "line " + String(repeating: " ", count: lineWidth - number.count) + number
      let outcome = record.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
      let target = record.outcome == .merged ? "into \(noun) \(record.id)" : "\(noun) \(record.id)"
      let reason = record.reason.map { " (\($0))" } ?? ""
      lines.append("  \(line)  \(outcome) \(target): \(record.name)\(reason)")
    }
    if report.records.count > shown {
      lines.append("  …and \(report.records.count - shown) more (--json lists every row)")
    }
    if !report.createdOrganisations.isEmpty {
      lines.append(
        "Organisations created (--create-orgs): "
          + report.createdOrganisations.map { "\($0.name) (ID \($0.id))" }.joined(separator: ", "))
    }
    if !report.newTerms.isEmpty {
      lines.append("New vocabulary terms: " + report.newTerms.joined(separator: ", "))
    }
    if !report.ignoredColumns.isEmpty {
      let columns = report.ignoredColumns.map { "'\($0)'" }.joined(separator: ", ")
      lines.append(
        "Ignored columns: \(columns). If one matters, map it: --map \"\(report.ignoredColumns[0])=field\"."
      )
    }
    if report.dryRun {
      lines.append("Dry run: nothing was imported. Run it again without --dry-run to import.")
    }
    return lines
  }
}

/// `import … --json` (docs/json.md).
struct ImportRecord: Encodable {
  let entity: String
  let file: String
  let format: String
  let dryRun: Bool
  let added: Int
  let updated: Int
  let unchanged: Int
  let merged: [Merged]
  let newTerms: [String]
  let ignoredColumns: [String]
  let createdOrganisations: [Row]
  let records: [Row]

  struct Merged: Encodable {
    let line: Int
    let into: Int64
    let name: String
    let reason: String?

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(line, forKey: .line)
      try container.encode(into, forKey: .into)
      try container.encode(name, forKey: .name)
      try container.encode(reason, forKey: .reason)
    }

    enum CodingKeys: String, CodingKey { case line, into, name, reason }
  }

  struct Row: Encodable {
    let line: Int
    let outcome: String
    let id: Int64
    let name: String
    let reason: String?

    init(_ record: ImportReport.Record) {
      line = record.line
      outcome = record.outcome.rawValue
      id = record.id
      name = record.name
      reason = record.reason
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(line, forKey: .line)
      try container.encode(outcome, forKey: .outcome)
      try container.encode(id, forKey: .id)
      try container.encode(name, forKey: .name)
      try container.encode(reason, forKey: .reason)
    }

    enum CodingKeys: String, CodingKey { case line, outcome, id, name, reason }
  }

  init(_ report: ImportReport) {
    entity = report.entity.rawValue
    file = report.file
    format = report.format.rawValue
    dryRun = report.dryRun
    added = report.count(.added)
    updated = report.count(.updated)
    unchanged = report.count(.unchanged)
    merged = report.records.filter { $0.outcome == .merged }.map {
      Merged(line: $0.line, into: $0.id, name: $0.name, reason: $0.reason)
    }
    newTerms = report.newTerms
    ignoredColumns = report.ignoredColumns
    createdOrganisations = report.createdOrganisations.map(Row.init)
    records = report.records.map(Row.init)
  }
}
