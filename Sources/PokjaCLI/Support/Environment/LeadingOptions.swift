/// The global options written before the subcommand (`pokja --db X --lang id find y`, also
/// `--db=X` and `--lang=id`), read once for everything that needs them: the language pokja speaks
/// (and tells plugins), the database a plugin is given, and ArgumentParser's arguments, where
/// `--db` moves after the subcommand (every subcommand takes it there).
///
/// The scan stops at the first argument that is none of them (the subcommand, an option of its
/// own, `--`). `--db` may be repeated (the last one counts, as ArgumentParser reads it); only the
/// first `--lang` is pokja's: a second one is left where it is, as the subcommand's (and refused
/// when the subcommand has none). A `--db` or `--lang` written without `=` takes the next
/// argument as its value, whatever it looks like; at the very end, with no value, it is left to
/// ArgumentParser to report.
struct LeadingOptions: Equatable {
  /// `--lang`'s value as written, when given before the subcommand.
  var language: String?
  /// `--db`'s value (the last one given), when given before the subcommand.
  var database: String?
  /// The `--db` options as written (`--db`, `X` or `--db=X`), in order.
  var databaseArguments: [String] = []
  /// The arguments from the subcommand on (everything after the leading global options).
  var rest: [String]

  /// pokja's own language, read here only: after a subcommand `--lang` is that command's.
  static let languageOption = "--lang"

  /// Reads the leading global options of `arguments`.
  init(_ arguments: [String]) {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
      let inline = argument.firstIndex(of: "=").map {
        String(argument[argument.index(after: $0)...])
      }
      if name == Self.languageOption, language == nil {
        if let inline {
          language = inline
          index += 1
          continue
        }
        guard index + 1 < arguments.count else { break }
        language = arguments[index + 1]
        index += 2
        continue
      }
      guard GlobalOptions.valueOptions.contains(name) else { break }
      if let inline {
        database = inline
        databaseArguments.append(argument)
        index += 1
      } else {
        database = index + 1 < arguments.count ? arguments[index + 1] : nil
        databaseArguments += arguments[index..<min(index + 2, arguments.count)]
        index += 2
      }
    }
    rest = Array(arguments[min(index, arguments.count)...])
  }

  /// The first argument after the global options when it names a command (not an option).
  var commandName: String? {
    guard let first = rest.first, !first.hasPrefix("-") else { return nil }
    return first
  }

  /// The arguments for ArgumentParser: the subcommand and its arguments, then the leading `--db`
  /// options (before a `--`, so that what follows it stays literal).
  var commandLine: [String] {
    guard !databaseArguments.isEmpty else { return rest }
    var arguments = rest
    arguments.insert(
      contentsOf: databaseArguments, at: arguments.firstIndex(of: "--") ?? arguments.endIndex)
    return arguments
  }
}
