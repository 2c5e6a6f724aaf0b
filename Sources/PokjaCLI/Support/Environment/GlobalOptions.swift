import ArgumentParser

/// Options every command takes. `LeadingOptions` moves them when they are written before the
/// subcommand, so `pokja --db X meeting list` and `pokja meeting list --db X` mean the same.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The database: an SQLite file, or a shared PostgreSQL database as postgres://USER@HOST/DB (default: $POKJA_DB, [database] url, $POKJA_HOME/pokja.sqlite, or ~/.local/share/pokja/pokja.sqlite).",
      valueName: "path-or-url"))
  var db: String?

  /// The names of the options above that take a value, for `LeadingOptions`' reordering.
  static let valueOptions: Set<String> = ["--db"]
}

/// `--json` for every listing, show and add; `--csv` for tables.
struct OutputOptions: ParsableArguments {
  @Flag(name: .long, help: "Print JSON (schema in docs/json.md) instead of a table.")
  var json = false
  @Flag(name: .long, help: "Print tables as CSV.")
  var csv = false

  func validate() throws {
    if json && csv { throw ValidationError("Choose --json or --csv, not both.") }
  }

  /// The console for the lines a `show` prints around its table: with `--csv` they are left out,
  /// so that the output is one CSV document a spreadsheet or a `csv` reader takes whole.
  func prose(_ console: any Console) -> any Console {
    csv ? TableOnlyConsole(console) : console
  }

  /// Writes `table` as CSV (`--csv`) or for the console.
  func write(_ table: Table, to console: any Console) {
    if csv {
      console.writeRaw(table.csv())
    } else if let catalogue = (console as? TranslatingConsole)?.catalogue {
      // Column titles in the reader's language; CSV keeps its English headers for programs.
      var table = table
      for index in table.columns.indices {
        table.columns[index].title = catalogue.columnTitle(table.columns[index].title)
      }
      console.write(table.render(for: console))
    } else {
      console.write(table.render(for: console))
    }
  }
}

/// `--json` alone, for commands that print a report rather than a table (`doctor`, `backup`,
/// `restore`): `--csv` would mean nothing there.
struct JSONOption: ParsableArguments {
  @Flag(name: .long, help: "Print the report as JSON (schema in docs/json.md).")
  var json = false
}

/// A console that passes on raw output (CSV) and errors, and drops lines of text.
private struct TableOnlyConsole: Console {
  let base: any Console

  init(_ base: any Console) { self.base = base }

  func write(_ text: String) {}
  func writeRaw(_ text: String) { base.writeRaw(text) }
  func error(_ text: String) { base.error(text) }
  var width: Int? { base.width }
  var usesColour: Bool { base.usesColour }
}
