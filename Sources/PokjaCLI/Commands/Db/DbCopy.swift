import ArgumentParser
import Foundation
import PokjaCore
import PokjaTransfer

extension Pokja.DbGroup {
  /// `pokja db copy --from SOURCE --to TARGET`: everything, with its IDs, checked.
  struct Copy: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "copy",
      abstract: "Copy everything from one database to another (SQLite file or postgres:// URL).",
      discussion: """
        Every table is copied with its IDs, in one transaction of the target, which is created \
        when missing ('pokja init' for a PostgreSQL URL); each table is read back and checked \
        against the source by its count and a SHA-256 digest before the copy is kept. A target \
        that already holds records is refused unless --replace. The password of a PostgreSQL \
        database comes from POKJA_DB_PASSWORD or [database] password_file, never the URL. The \
        search index is built anew on the target.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Option(help: "The database to copy from: an SQLite file or a postgres:// URL.")
    var from: String
    @Option(help: "The database to copy to: an SQLite file or a postgres:// URL.")
    var to: String
    @Flag(help: "Drop what the target holds first (in the same transaction as the copy).")
    var replace = false

    func run(in environment: AppEnvironment) throws {
      let variables = environment.variables
      let paths = Paths(databaseOption: global.db, variables: variables)
      let config = try PokjaConfig.load(path: paths.config, variables: variables)
      let source = try DatabaseChoice(naming: from, config: config, variables: variables)
      let target = try DatabaseChoice(naming: to, config: config, variables: variables)
      guard source.url != target.url else { throw StoreCopyError.sameDatabase(source.description) }
      let today = Today(clock: environment.clock, timeZone: config.timeZone)
      let sourceStore = try source.open(today: today)
      let targetStore = try target.open(create: true, today: today)
      let console = environment.console
      let report = try StoreCopy(source: sourceStore, target: targetStore).run(replace: replace) {
        table, rows in
        if rows > 0 { console.error("  \(table.name): \(counted(rows, "row"))") }
      }
      if output.json {
        console.write(JSONOutput.encode(CopyRecord(from: source, to: target, report: report)))
        return
      }
      console.write(
        "Copied \(counted(report.rows, "row")) in \(counted(report.tables.count, "table")) from \(source.description) to \(target.description); every table's count and digest match."
      )
    }
  }
}

/// What `db copy --json` prints.
struct CopyRecord: Encodable {
  let from: String
  let to: String
  let rows: Int
  let tables: [StoreCopy.Table]

  init(from: DatabaseChoice, to: DatabaseChoice, report: StoreCopy.Report) {
    self.from = from.description
    self.to = to.description
    rows = report.rows
    tables = report.tables
  }
}
