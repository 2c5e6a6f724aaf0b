import Foundation

/// Where Pokja keeps its files, following the XDG base directory specification.
///
/// - Database: `--db`, else `$POKJA_DB`, else `$POKJA_HOME/pokja.sqlite`, else
///   `$XDG_DATA_HOME/pokja/pokja.sqlite` (default `~/.local/share/pokja/`).
/// - Config: `$POKJA_CONFIG`, else `$POKJA_HOME/config.toml`, else `$XDG_CONFIG_HOME/pokja/config.toml`
///   (default `~/.config/pokja/`).
/// - Template overrides: `$POKJA_HOME/templates/` when `$POKJA_HOME` is set, else `templates/` in
///   the data folder, next to the database (`~/.local/share/pokja/templates/` by default).
/// - File outbox: `[outbox] directory` in the config, else `$POKJA_HOME/outbox`, else `outbox/` next to
///   the database.
/// - Plugins (`pokja-NAME` executables): `$POKJA_HOME/plugins/`, else `$XDG_DATA_HOME/pokja/plugins/`
///   (default `~/.local/share/pokja/plugins/`), then PATH.
struct Paths {
  let database: String
  let config: String
  let home: String?
  /// The folder searched for plugins before PATH.
  let pluginsDirectory: String

  init(databaseOption: String?, variables: [String: String]) {
    let home = variables["POKJA_HOME"].flatMap { $0.isEmpty ? nil : Self.expand($0, variables) }
    self.home = home
    let userHome = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    let dataHome =
      variables["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
      ?? userHome + "/.local/share"
    pluginsDirectory = (home ?? dataHome + "/pokja") + "/plugins"
    if let option = databaseOption {
      database = Self.expand(option, variables)
    } else if let fromEnvironment = variables["POKJA_DB"], !fromEnvironment.isEmpty {
      database = Self.expand(fromEnvironment, variables)
    } else if let home {
      database = home + "/pokja.sqlite"
    } else {
      database = dataHome + "/pokja/pokja.sqlite"
    }
    if let explicit = variables["POKJA_CONFIG"], !explicit.isEmpty {
      config = Self.expand(explicit, variables)
    } else if let home {
      config = home + "/config.toml"
    } else {
      let configHome =
        variables["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        ?? userHome + "/.config"
      config = configHome + "/pokja/config.toml"
    }
  }

  /// The folder template overrides (`invitation.subject.id.mustache`) are read from.
  var templatesDirectory: String {
    if let home { return home + "/templates" }
    return ((database as NSString).deletingLastPathComponent as NSString)
      .appendingPathComponent("templates")
  }

  /// The folder `.eml` files go to when no SMTP server is configured.
  func outboxDirectory(configured: String?, variables: [String: String]) -> String {
    if let configured, !configured.isEmpty { return Self.expand(configured, variables) }
    if let home { return home + "/outbox" }
    return ((database as NSString).deletingLastPathComponent as NSString)
      .appendingPathComponent("outbox")
  }

  /// Expands a leading `~/` and makes a relative path absolute against the working directory.
  static func expand(_ path: String, _ variables: [String: String]) -> String {
    var result = path
    if result == "~" || result.hasPrefix("~/") {
      let userHome = variables["HOME"] ?? NSHomeDirectory()
      result = userHome + result.dropFirst()
    }
    if !result.hasPrefix("/") {
      result = FileManager.default.currentDirectoryPath + "/" + result
    }
    return (result as NSString).standardizingPath
  }
}
