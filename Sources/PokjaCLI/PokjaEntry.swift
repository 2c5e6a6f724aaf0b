import ArgumentParser
import Foundation
import PokjaCore

/// Runs the `pokja` command line. `main()` is the executable's whole job; `run(_:environment:)` returns
/// the exit status instead of exiting, so tests call it in-process.
public enum PokjaEntry {
  /// Runs with the process's arguments and environment, then exits with the status.
  public static func main() -> Never {
    let status = run(Array(CommandLine.arguments.dropFirst()), environment: .live())
    exit(status)
  }

  /// Parses `arguments`, runs the command and returns its sysexits status.
  public static func run(_ arguments: [String], environment: AppEnvironment) -> Int32 {
    run(arguments, environment: environment, launcher: ProcessPluginLauncher())
  }

  static func run(
    _ given: [String], environment original: AppEnvironment, launcher: any PluginLauncher
  ) -> Int32 {
    // pokja's own messages in the user's language: `pokja --lang id …` before the subcommand, else
    // POKJA_LANG, LC_ALL, LC_MESSAGES, LANG. (After a subcommand, --lang is that command's own:
    // the language of an export, of a contact.) Plugins are told it as POKJA_LANG.
    var environment = original
    let leading = LeadingOptions(given)
    if let language = leading.language {
      guard Language(parsing: language) != nil else {
        original.console.error("pokja: --lang must be id or en, not '\(language)'.")
        return ExitStatus.usage.rawValue
      }
      environment.variables["POKJA_LANG"] = language
    }
    let language = MessageCatalogue.language(environment.variables)
    if language != .english {
      environment.console = TranslatingConsole(base: original.console, language: language)
    }
    let console = environment.console
    do {
      if let plugin = try externalCommand(leading, environment: environment) {
        return try runPlugin(plugin, environment: environment, launcher: launcher)
      }
      var command = try Pokja.parseAsRoot(leading.commandLine)
      if let pokja = command as? any PokjaCommand {
        try pokja.run(in: environment)
      } else {
        try command.run()
      }
      return ExitStatus.success.rawValue
    } catch let failed as CommandFailed {
      return failed.status.rawValue
    } catch let failure as any UserFacingError {
      console.error("pokja: \(failure.localizedDescription)")
      return failure.exitStatus.rawValue
    } catch {
      let code = Pokja.exitCode(for: error)
      let text = Pokja.fullMessage(for: error, columns: console.width)
      if code.isSuccess {
        if text.hasPrefix("OVERVIEW: ") || text.hasPrefix("USAGE: "),
          let help = HelpTranslation.forLanguage(language)
        {
          // Laid out unwrapped, translated, then wrapped; never through the message catalogue.
          let wide = Pokja.fullMessage(for: error, columns: 100_000)
          console.writeRaw(help.translate(wide, width: console.width ?? 80) + "\n")
          return 0
        }
        if !text.isEmpty { console.write(text) }
        return 0
      }
      if !text.isEmpty { console.error(text) }
      // ArgumentParser's validation errors exit 64 (EX_USAGE) already; anything else unexpected is ours.
      return code.rawValue == 1 ? ExitStatus.software.rawValue : code.rawValue
    }
  }

  /// The names of the built-in commands (which always win over plugins).
  static var builtInNames: Set<String> {
    Set(Pokja.configuration.subcommands.map { $0._commandName } + ["help"])
  }

  /// A plugin invocation: `pokja [--db X] NAME args…` where NAME is not built in.
  struct PluginCall {
    var plugin: ExternalCommand.Plugin
    var arguments: [String]
    var paths: Paths
  }

  /// The plugin the arguments ask for (`leading.commandName`), or nil when they name a built-in
  /// command (or none). A NAME that is neither is an error suggesting the nearest command.
  static func externalCommand(_ leading: LeadingOptions, environment: AppEnvironment)
    throws(PluginError)
    -> PluginCall?
  {
    guard let name = leading.commandName, !builtInNames.contains(name) else { return nil }
    let paths = Paths(databaseOption: leading.database, variables: environment.variables)
    let folders = ExternalCommand.searchPath(paths: paths, variables: environment.variables)
    guard let plugin = ExternalCommand.find(name, in: folders) else {
      let plugins = ExternalCommand.all(in: folders, builtIns: builtInNames).map(\.name)
      throw .unknownCommand(
        name,
        suggestion: ExternalCommand.suggestion(
          for: name, among: builtInNames.sorted() + plugins),
        pluginsFolder: paths.pluginsDirectory)
    }
    guard plugin.isExecutable else { throw .notExecutable(name, path: plugin.path) }
    return PluginCall(plugin: plugin, arguments: Array(leading.rest.dropFirst()), paths: paths)
  }

  /// Runs the plugin with pokja's environment and the `POKJA_*` variables; its status is pokja's.
  static func runPlugin(
    _ call: PluginCall, environment: AppEnvironment, launcher: any PluginLauncher
  ) throws(PluginError) -> Int32 {
    let variables = ExternalCommand.environment(
      paths: call.paths, variables: environment.variables,
      language: ExternalCommand.language(environment.variables))
    let ending: PluginTermination
    do {
      ending = try launcher.launch(
        path: call.plugin.path, arguments: call.arguments, environment: variables)
    } catch {
      throw .cannotStart(call.plugin.name, path: call.plugin.path, reason: "\(error)")
    }
    switch ending {
    case .exited(let status):
      return status
    case .signalled(let signal):
      throw .crashed(call.plugin.name, path: call.plugin.path, signal: signal)
    }
  }
}

/// A Pokja subcommand: does its work with the side effects `AppEnvironment` provides.
protocol PokjaCommand: ParsableCommand {
  func run(in environment: AppEnvironment) throws
}

extension PokjaCommand {
  /// Lets ArgumentParser's own `main()` run the command against the live environment.
  func run() throws { try run(in: .live()) }
}
