import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme show MEETING`: the programme as a table, Markdown or a page to print.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Print a meeting's programme as a table, Markdown or a printable HTML page.",
      discussion: """
        Markdown and HTML are documents to circulate or print, in the language of --lang \
        (Bahasa Indonesia or English): 'pokja --lang id programme show 12 --format html > \
        susunan-acara.html'.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case table, markdown, html
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "table, markdown or html.") var format: Format = .table

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let details = try services.scheduler.details(of: meeting)
      let zone = details.meeting.timeZone
      if output.json {
        services.console.write(
          JSONOutput.encode(details.programme.map { SessionRecord($0, zone: zone) }))
        return
      }
      let language = environment.interfaceLanguage
      switch format {
      case .markdown:
        services.console.writeRaw(
          ProgrammeDocument(details: details, language: language).markdown())
      case .html:
        services.console.writeRaw(ProgrammeDocument(details: details, language: language).html())
      case .table:
        let console = output.prose(services.console)
        console.write("Programme of meeting \(details.meeting.id): \(details.meeting.title)")
        guard !details.programme.isEmpty || output.csv else {
          console.write(
            "  No sessions yet. Add one with 'pokja programme add \(details.meeting.id) --title … --start HH:MM --end HH:MM'."
          )
          return
        }
        let multiDay =
          LocalTime.iso(details.meeting.start, in: zone).prefix(10)
          != LocalTime.iso(details.meeting.end.addingTimeInterval(-1), in: zone).prefix(10)
        var table = Table([
          .init("ID"), .init("Time"), .init("Session", flexible: true),
          .init("Place", flexible: true), .init("Role"), .init("People", flexible: true),
        ])
        for item in details.programme {
          let session = item.session
          var time = LocalTime.clockSpan(session.start, session.end, in: zone)
          if multiDay {
            time = String(LocalTime.iso(session.start, in: zone).prefix(10)) + " " + time
          }
          let roles = SessionRole.allCases.filter { !item.people(in: $0).isEmpty }
          if roles.isEmpty {
            table.add([session.id.description, time, session.title, item.placeText, nil, nil])
          }
          for (index, role) in roles.enumerated() {
            let first = index == 0
            table.add([
              first ? session.id.description : nil, first ? time : nil,
              first ? session.title : nil, first ? item.placeText : nil,
              role.label(language),
              item.people(in: role).map(\.nameWithOrganisation).joined(separator: "; "),
            ])
          }
        }
        output.write(table, to: console)
      }
    }
  }
}
