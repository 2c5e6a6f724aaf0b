import Foundation
import PokjaCore

/// `pokja NAME …` for a NAME that is not built in: runs the executable `pokja-NAME` from the plugins
/// folder or PATH with the remaining arguments. Standard input, output and error are the plugin's own;
/// its exit status becomes pokja's. Built-in commands always win.
struct ExternalCommand {
  /// The file name prefix of plugins.
  static let prefix = "pokja-"

  /// One plugin found on disk.
  struct Plugin: Hashable {
    /// The subcommand it adds (`whatsapp-digest` for `pokja-whatsapp-digest`).
    var name: String
    var path: String
    var isExecutable: Bool
  }

  /// Where plugins are looked for, in order: the plugins folder, the folder pokja itself is in (so
  /// plugins built or installed beside it are found), then every PATH entry.
  static func searchPath(paths: Paths, variables: [String: String]) -> [String] {
    let path = (variables["PATH"] ?? "").split(separator: ":").map(String.init)
    let own = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path
    var folders: [String] = []
    for folder in [paths.pluginsDirectory] + [own].compactMap({ $0 }) + path
    where !folder.isEmpty && !folders.contains(folder) {
      folders.append(folder)
    }
    return folders
  }

  /// The plugin for `name`: the first `pokja-NAME` on the search path (an executable one before one
  /// that is not, so a stray copy without the x bit does not hide a working one).
  static func find(_ name: String, in folders: [String]) -> Plugin? {
    guard isPluginName(name) else { return nil }
    var blocked: Plugin?
    for folder in folders {
      let path = (folder as NSString).appendingPathComponent(prefix + name)
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
        !isFolder.boolValue
      else { continue }
      if FileManager.default.isExecutableFile(atPath: path) {
        return Plugin(name: name, path: path, isExecutable: true)
      }
      if blocked == nil { blocked = Plugin(name: name, path: path, isExecutable: false) }
    }
    return blocked
  }

  /// Every plugin on the search path, by name; the first of each name wins, as `find` would pick it.
  static func all(in folders: [String], builtIns: Set<String>) -> [Plugin] {
    var names = Set<String>()
    for folder in folders {
      guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
        continue
      }
      for entry in entries where entry.hasPrefix(prefix) {
        let name = String(entry.dropFirst(prefix.count))
        if isPluginName(name), !builtIns.contains(name) { names.insert(name) }
      }
    }
    return names.sorted().compactMap { find($0, in: folders) }
  }

  /// Letters, digits, `-`, `_` and `.`, not starting with `-` or `.`: nothing that leaves a folder.
  static func isPluginName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first != "-", first != "." else { return false }
    return name.unicodeScalars.allSatisfy {
      ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "-_.".unicodeScalars.contains($0)
    }
  }

  /// The variables a plugin gets on top of pokja's own environment.
  static func environment(
    paths: Paths, variables: [String: String], language: Language
  ) -> [String: String] {
    var result = variables
    // The database in use, also when the config names it ([database] url), and a shared
    // database's password however pokja got it (the environment, or [database] password_file),
    // in the plugin's environment only: never its arguments.
    let config = try? PokjaConfig.load(path: paths.config, variables: variables)
    let database = try? DatabaseChoice(paths, config)
    result["POKJA_DB"] = database?.url ?? paths.database
    if case .server(_, let password?) = database { result["POKJA_DB_PASSWORD"] = password }
    result["POKJA_HOME"] = paths.home ?? paths.dataFolder
    result["POKJA_CONFIG"] = paths.config
    result["POKJA_VERSION"] = PokjaVersion.current
    result["POKJA_LANG"] = language.rawValue
    // So a plugin can call this very pokja back (`$POKJA_EXECUTABLE agenda --json`), on PATH or not.
    if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path {
      result["POKJA_EXECUTABLE"] = executable
    }
    return result
  }

  /// The language a plugin is told (POKJA_LANG): the one pokja's own messages are in.
  static func language(_ variables: [String: String]) -> Language {
    MessageCatalogue.language(variables)
  }

  /// The built-in command nearest to `name` (or a plugin's), for "did you mean".
  static func suggestion(for name: String, among names: [String]) -> String? {
    let lowered = name.lowercased()
    var best: (String, Int)?
    for candidate in names {
      let distance = editDistance(lowered, candidate)
      let limit = max(1, min(3, candidate.count / 3))
      let close = distance <= limit || (lowered.count >= 3 && candidate.hasPrefix(lowered))
      if close, distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
  }

}

/// Starts a plugin and waits for it. Live: a child process sharing pokja's standard streams.
protocol PluginLauncher {
  /// Runs `path` with `arguments` and exactly `environment`; returns how it ended.
  func launch(path: String, arguments: [String], environment: [String: String]) throws
    -> PluginTermination
}

/// How a plugin ended.
enum PluginTermination: Equatable {
  case exited(Int32)
  case signalled(Int32)
}

/// The live launcher: a child process with the standard streams inherited, so a plugin can read
/// stdin and talk to the terminal. Interrupts reach the plugin (same process group) while pokja
/// waits. Only the plugin itself is waited for, not whatever it leaves running in the background.
struct ProcessPluginLauncher: PluginLauncher {
  func launch(path: String, arguments: [String], environment: [String: String]) throws
    -> PluginTermination
  {
    let child = try ChildProcess.spawn(path: path, arguments: arguments, environment: environment)
    // The plugin decides what Ctrl-C means; pokja just waits for it and passes its status on.
    let previousInterrupt = signal(SIGINT, SIG_IGN)
    let previousQuit = signal(SIGQUIT, SIG_IGN)
    defer {
      signal(SIGINT, previousInterrupt)
      signal(SIGQUIT, previousQuit)
    }
    return child.wait()
  }
}

/// A child started with posix_spawn and reaped with waitpid. (Foundation's `Process` learns of an
/// exit through a descriptor the child's own children inherit, so it waits for them too.)
struct ChildProcess {
  let pid: pid_t

  /// Starts `path`; `output`, when given, becomes the child's stdout and stderr, and `/dev/null`
  /// its stdin. Signals pokja ignores are reset to their defaults in the child.
  static func spawn(
    path: String, arguments: [String], environment: [String: String], output: Int32? = nil
  ) throws -> ChildProcess {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let output {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_adddup2(&actions, output, 1)
      posix_spawn_file_actions_adddup2(&actions, output, 2)
    }
    // Only the three standard streams go to the child: nothing pokja (or its parent) had open
    // leaks into a plugin, or into what a plugin leaves running.
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for descriptor in open.compactMap(Int32.init)
    where descriptor > 2 && descriptor != output && fcntl(descriptor, F_GETFD) != -1 {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard result == 0 else {
      throw ChildProcessError(reason: String(cString: strerror(result)))
    }
    return ChildProcess(pid: pid)
  }

  /// Waits for the child to end.
  func wait() -> PluginTermination {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return Self.termination(status)
  }

  /// Waits at most `timeout`; kills the child (SIGKILL) and returns nil when it takes longer.
  func wait(timeout: Duration) -> PluginTermination? {
    let deadline = ContinuousClock.now + timeout
    var status: Int32 = 0
    while ContinuousClock.now < deadline {
      let done = waitpid(pid, &status, WNOHANG)
      if done == pid { return Self.termination(status) }
      if done == -1 && errno != EINTR { return nil }
      usleep(5_000)
    }
    kill(pid, SIGKILL)
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return nil
  }

  static func termination(_ status: Int32) -> PluginTermination {
    let signal = status & 0x7F
    return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
  }
}

/// posix_spawn failed (no such file, not executable, a bad `#!` line).
struct ChildProcessError: Error, CustomStringConvertible {
  let reason: String
  var description: String { reason }
}

/// Why a plugin could not run.
enum PluginError: Error, Equatable {
  /// No built-in command and no plugin of this name.
  case unknownCommand(String, suggestion: String?, pluginsFolder: String)
  /// `pokja-NAME` exists but may not be executed.
  case notExecutable(String, path: String)
  /// The system could not start it (a bad interpreter line, a broken binary).
  case cannotStart(String, path: String, reason: String)
  /// It was killed by a signal (a crash, or killed from outside).
  case crashed(String, path: String, signal: Int32)
}

extension PluginError: UserFacingError {
  var errorDescription: String? {
    switch self {
    case .unknownCommand(let name, let suggestion, let folder):
      "'\(name)' is not a pokja command"
        + (suggestion.map { ". Did you mean '\($0)'?" } ?? ".")
        + " 'pokja --help' lists the commands, 'pokja plugins' the plugins (pokja-\(name) in"
        + " \(folder) or on PATH would add it)."
    case .notExecutable(let name, let path):
      "The plugin '\(name)' at \(path) is not executable. Make it so with: chmod +x \(path)"
    case .cannotStart(let name, let path, let reason):
      "The plugin '\(name)' (\(path)) could not be started: \(reason). Check its first line "
        + "(#!…) or rebuild it."
    case .crashed(let name, let path, let signal):
      "The plugin '\(name)' (\(path)) crashed (signal \(signal): \(String(cString: strsignal(signal))))."
        + " Run it again to see its own messages, or report it to its author."
    }
  }

  var exitStatus: ExitStatus {
    switch self {
    case .unknownCommand: .usage
    case .notExecutable: .noPermission
    case .cannotStart: .unavailable
    case .crashed: .software
    }
  }
}

extension ExternalCommand {
  /// The first paragraph `path --help` prints (stdout and stderr), waiting at most
  /// `timeout`; nil when it prints nothing, fails to start or takes too long.
  static func helpLine(
    path: String, environment: [String: String], timeout: Duration = .seconds(3)
  ) -> String? {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return nil }
    defer { close(ends[0]) }
    let child = try? ChildProcess.spawn(
      path: path, arguments: ["--help"], environment: environment, output: ends[1])
    close(ends[1])
    guard let child, child.wait(timeout: timeout) != nil else { return nil }
    // What it wrote is in the pipe (a first line fits in its buffer); read without blocking, since
    // something it left running may still hold the pipe open.
    _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 65_536 {
      let count = read(ends[0], &buffer, buffer.count)
      guard count > 0 else { break }
      bytes += buffer[..<count]
    }
    return summary(ofHelp: String(decoding: bytes, as: UTF8.self))
  }

  /// The first paragraph of a help text on one line, without swift-argument-parser's `OVERVIEW:`.
  static func summary(ofHelp text: String) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let paragraph = lines.drop { $0.isEmpty }.prefix { !$0.isEmpty }.joined(separator: " ")
    var summary = paragraph.hasPrefix("OVERVIEW:") ? String(paragraph.dropFirst(9)) : paragraph
    summary = summary.trimmingCharacters(in: .whitespaces)
    guard !summary.isEmpty else { return nil }
    return summary.count > 200 ? String(summary.prefix(199)) + "…" : summary
  }
}
