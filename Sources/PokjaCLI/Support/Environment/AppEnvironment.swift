import Foundation
import PokjaCore

/// Every side effect a command may have, built once in `PokjaEntry.main()`; tests build their own.
public struct AppEnvironment: Sendable {
  /// The process environment (POKJA_*, XDG_*, HOME, …).
  public var variables: [String: String]
  public var console: any Console
  public var clock: any WallClock
  /// Replaces the transport chosen from the configuration (tests record messages with it).
  public var transportOverride: (any MessageTransport)?

  /// The language pokja speaks to the user in (`--lang`, `POKJA_LANG`, `LANG`…): its messages,
  /// and the dates and descriptions in its tables. Never that of JSON or CSV.
  var interfaceLanguage: Language { MessageCatalogue.language(variables) }

  public init(
    variables: [String: String], console: any Console, clock: any WallClock = SystemClock(),
    transportOverride: (any MessageTransport)? = nil
  ) {
    self.variables = variables
    self.console = console
    self.clock = clock
    self.transportOverride = transportOverride
  }

  /// The live environment of this process.
  public static func live() -> AppEnvironment {
    let variables = ProcessInfo.processInfo.environment
    return AppEnvironment(variables: variables, console: StandardConsole(environment: variables))
  }
}
