import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.AttendanceGroup {
  /// `pokja attendance stats`: who comes and who never does, across meetings.
  struct Stats: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "stats",
      abstract: "Count who comes, per organisation or province, across the meetings of a period.",
      discussion: """
        Over the occurrences that are over: invitations (not declined), how many of those came, \
        walk-ins, and the share that came; the least present first. --never lists only those \
        invited who never came. --csv for a spreadsheet.
        """)

    enum Grouping: String, ExpressibleByArgument, CaseIterable {
      case organisation, province
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "From this day (2026-01-01); a year ago when left out.") var from: String?
    @Option(help: "Up to this day, not included; today when left out.") var to: String?
    @Option(help: "organisation or province.") var by: Grouping = .organisation
    @Flag(help: "Only those invited who never came.") var never = false

    struct Row: Encodable {
      let name: String
      let meetings: Int
      let invited: Int
      let attended: Int
      let walkIns: Int
      let rate: Double?
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let zone = services.config.timeZone
      let now = environment.clock.now()
      let start =
        try from.map { text in
          try DateTimeText.parse(try Validate.day(text, field: "--from"), in: zone)
        } ?? now.addingTimeInterval(-365 * 86_400)
      let end =
        try to.map { text in
          try DateTimeText.parse(try Validate.day(text, field: "--to"), in: zone)
        } ?? now
      var rows = try services.attendance.statistics(
        from: start, to: end, byProvince: by == .province)
      if never { rows = rows.filter { $0.invited > 0 && $0.attended == 0 } }
      let records = rows.map {
        Row(
          name: $0.name, meetings: $0.meetings, invited: $0.invited, attended: $0.attended,
          walkIns: $0.walkIns, rate: $0.rate.map { ($0 * 1000).rounded() / 1000 })
      }
      if output.json {
        services.console.write(JSONOutput.encode(records))
        return
      }
      var table = Table([
        .init(by == .province ? "Province" : "Organisation", flexible: true), .init("Meetings"),
        .init("Invited"), .init("Came"), .init("Walk-ins"), .init("Share"),
      ])
      for row in records {
        table.add([
          row.name, String(row.meetings), String(row.invited), String(row.attended),
          String(row.walkIns), row.rate.map { "\(Int(($0 * 100).rounded()))%" },
        ])
      }
      if records.isEmpty && !output.csv {
        services.console.write(
          never ? "Everyone invited came at least once." : "No meeting in that period is over yet.")
      } else {
        output.write(table, to: services.console)
      }
    }
  }
}
