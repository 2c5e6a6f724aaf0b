import ArgumentParser
import PokjaScheduling
import PokjaWorkPlan

extension Pokja.PlanGroup {
  /// `pokja plan document`: the plan to circulate.
  struct Document: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "document",
      abstract: "Write the work plan as a document to circulate: Markdown or a page to print.",
      discussion: """
        A section per kelompok, each item with its owner, due day, status and the meeting that \
        decided it; overdue items marked. In the language of --lang: 'pokja --lang id plan \
        document --format html > rencana-kerja.html'.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case markdown, html
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "markdown or html.") var format: Format = .markdown
    @Option(help: "Only this kelompok (its number, or a group's name).") var kelompok: String?
    @Option(help: "The document's title.") var title: String?
    @Flag(help: "Done and dropped items too.") var all = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let language = environment.interfaceLanguage
      let items = try services.workPlan.list(.init(kelompok: kelompok, all: all))
      var document = WorkPlanDocument(
        items: items, language: language,
        title: title ?? (language == .indonesian ? "Rencana kerja Pokja" : "Work plan"),
        zone: services.config.timeZone)
      // Each item's files, linked to 'pokja serve' when it has a [web] url.
      let links = try? services.documentLinks()
      for file in try services.documents.documents(of: nil) {
        guard case .planItem(let id) = file.target else { continue }
        document.documents[PlanItemID(id), default: []].append(
          (file.filename, links.map { $0.link(to: file) }))
      }
      services.console.writeRaw(format == .html ? document.html() : document.markdown())
    }
  }
}
