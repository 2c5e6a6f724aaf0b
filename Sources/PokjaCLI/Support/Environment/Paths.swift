import Foundation

/// Where Pokja keeps its files, following the XDG base directory specification.
///
/// - Database: `--db`, else `$POKJA_DB`, else `[database] url` in the config (`DatabaseChoice`),
///   else `$POKJA_HOME/pokja.sqlite`, else `$XDG_DATA_HOME/pokja/pokja.sqlite` (default
///   `~/.local/share/pokja/`). A `postgres://` URL names a shared PostgreSQL database instead.
/// - Config: `$POKJA_CONFIG`, else `$POKJA_HOME/config.toml`, else `$XDG_CONFIG_HOME/pokja/config.toml`
///   (default `~/.config/pokja/`).
/// - Template overrides: `$POKJA_HOME/templates/` when `$POKJA_HOME` is set, else `templates/` in
///   the data folder, next to the database (`~/.local/share/pokja/templates/` by default).
/// - File outbox: `[outbox] directory` in the config, else `$POKJA_HOME/outbox`, else `outbox/` next to
///   the database.
/// - Plugins (`pokja-NAME` executables): `$POKJA_HOME/plugins/`, else `$XDG_DATA_HOME/pokja/plugins/`
///   (default `~/.local/share/pokja/plugins/`), then PATH.
struct Paths {
  /// The SQLite file's path, or the PostgreSQL URL as given.
  let database: String
  /// Whether the database was named (`--db`, `POKJA_DB`) rather than left to the config's
  /// `[database] url` and the default file.
  let databaseIsNamed: Bool
  /// The folder of Pokja's own files (templates, outbox): the SQLite database's folder, else
  /// `$POKJA_HOME`, else the XDG data folder.
  let dataFolder: String
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
    let named = databaseOption ?? variables["POKJA_DB"].flatMap { $0.isEmpty ? nil : $0 }
    databaseIsNamed = named != nil
    if let named, Self.isServerURL(named) {
      database = named
      dataFolder = home ?? dataHome + "/pokja"
    } else {
      if let named {
        database = Self.expand(named, variables)
      } else if let home {
        database = home + "/pokja.sqlite"
      } else {
        database = dataHome + "/pokja/pokja.sqlite"
      }
      dataFolder = (database as NSString).deletingLastPathComponent
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
    return (dataFolder as NSString).appendingPathComponent("templates")
  }

  /// The folder `.eml` files go to when no SMTP server is configured.
  func outboxDirectory(configured: String?, variables: [String: String]) -> String {
    if let configured, !configured.isEmpty { return Self.expand(configured, variables) }
    if let home { return home + "/outbox" }
    return (dataFolder as NSString).appendingPathComponent("outbox")
  }

  /// Whether `text` is a PostgreSQL URL (`postgres://`, `postgresql://`) rather than a path.
  static func isServerURL(_ text: String) -> Bool {
    let lowered = text.lowercased()
    return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
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
