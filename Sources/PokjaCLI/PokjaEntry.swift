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
    let console = environment.console
    do {
      var command = try Pokja.parseAsRoot(hoistGlobalOptions(arguments))
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
      let text = Pokja.fullMessage(for: error)
      if code.isSuccess {
        if !text.isEmpty { console.write(text) }
        return 0
      }
      if !text.isEmpty { console.error(text) }
      // ArgumentParser's validation errors exit 64 (EX_USAGE) already; anything else unexpected is ours.
      return code.rawValue == 1 ? ExitStatus.software.rawValue : code.rawValue
    }
  }

  /// Moves global options written before the subcommand (`pokja --db X meeting list`) to the end,
  /// where every subcommand accepts them.
  static func hoistGlobalOptions(_ arguments: [String]) -> [String] {
    var leading: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
      guard GlobalOptions.valueOptions.contains(name) else { break }
      if argument.contains("=") {
        leading.append(argument)
        index += 1
      } else {
        leading.append(contentsOf: arguments[index..<min(index + 2, arguments.count)])
        index += 2
      }
    }
    guard !leading.isEmpty else { return arguments }
    var rest = Array(arguments[min(index, arguments.count)...])
    // Keep anything after `--` literal: insert the options before it.
    if let terminator = rest.firstIndex(of: "--") {
      rest.insert(contentsOf: leading, at: terminator)
      return rest
    }
    return rest + leading
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
