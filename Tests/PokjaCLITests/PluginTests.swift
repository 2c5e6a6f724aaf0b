import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaCLI

/// External subcommands: `pokja NAME` runs `pokja-NAME`, run through the built binary as a user
/// would, with real executables in a plugins folder and on PATH.
@Suite struct PluginTests {
  struct Setup {
    let home: URL
    let plugins: URL
    let onPath: URL
    /// More variables for pokja (they win over the ones here).
    var extra: [String: String] = [:]
    var environment: [String: String] {
      [
        "POKJA_HOME": home.path, "PATH": onPath.path + ":/usr/bin:/bin", "NO_COLOR": "1",
        "LANG": "en_GB.UTF-8",
      ].merging(extra) { $1 }
    }

    func write(_ name: String, _ script: String, executable: Bool = true, in folder: URL? = nil)
      throws
    {
      let url = (folder ?? plugins).appendingPathComponent(name)
      try script.write(to: url, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes(
        [.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
    }

    func pokja(_ arguments: String..., input: String? = nil) throws -> (
      status: Int32, output: String, errors: String
    ) {
      try pokja(arguments, input: input)
    }

    func pokja(_ arguments: [String], input: String? = nil) throws -> (
      status: Int32, output: String, errors: String
    ) {
      let result = try PythonTool.runProcess(
        executable: try PokjaBinary.url().path, arguments: arguments,
        input: input.map { Data($0.utf8) }, environment: environment)
      return (
        result.status, String(decoding: result.stdout, as: UTF8.self),
        String(decoding: result.stderr, as: UTF8.self)
      )
    }
  }

  static func setup() throws -> Setup {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-plugins-\(UUID().uuidString)", isDirectory: true)
    let setup = Setup(
      home: root, plugins: root.appendingPathComponent("plugins"),
      onPath: root.appendingPathComponent("bin"))
    for folder in [setup.plugins, setup.onPath] {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    return setup
  }

  @Test func aPluginGetsItsArgumentsStreamsEnvironmentAndExitStatusPassedThrough() throws {
    let setup = try Self.setup()
    try setup.write(
      "pokja-hello",
      """
      #!/bin/sh
      if [ "$1" = "--help" ]; then echo "Greets the group"; exit 0; fi
      printf 'args:'; for a in "$@"; do printf ' [%s]' "$a"; done; echo
      echo "db=$POKJA_DB home=$POKJA_HOME config=$POKJA_CONFIG version=$POKJA_VERSION lang=$POKJA_LANG"
      read line; echo "stdin=$line"
      echo "to stderr" >&2
      exit 3
      """)
    let run = try setup.pokja("hello", "a", "b c", "--json", input: "dari stdin\n")
    #expect(run.status == 3)
    let lines = run.output.split(separator: "\n").map(String.init)
    #expect(lines.first == "args: [a] [b c] [--json]")
    let home = setup.home.path
    #expect(
      lines.dropFirst().first
        == "db=\(home)/pokja.sqlite home=\(home) config=\(home)/config.toml version=\(PokjaVersion.current) lang=en"
    )
    #expect(lines.contains("stdin=dari stdin"))
    #expect(run.errors == "to stderr\n")

    // A global option before the name reaches the plugin as POKJA_DB.
    let other = try setup.pokja("--db", "/tmp/lain.sqlite", "hello", input: "")
    #expect(other.output.contains("db=/tmp/lain.sqlite "))

    // PATH works too; the plugins folder comes first.
    try setup.write("pokja-hello", "#!/bin/sh\necho from-path\n", in: setup.onPath)
    try setup.write("pokja-path-only", "#!/bin/sh\necho path-only \"$@\"\n", in: setup.onPath)
    #expect(try setup.pokja("hello", input: "").status == 3)
    #expect(try setup.pokja("path-only", "x").output == "path-only x\n")
  }

  @Test func builtInsWinAndUnknownNamesSuggestTheNearestCommand() throws {
    let setup = try Self.setup()
    try setup.write("pokja-init", "#!/bin/sh\necho hijacked; exit 9\n")
    let initialised = try setup.pokja("init")
    #expect(initialised.status == 0)
    #expect(!initialised.output.contains("hijacked"))

    let typo = try setup.pokja("meting", "list")
    #expect(typo.status == 64)
    #expect(typo.errors.contains("'meting' is not a pokja command. Did you mean 'meeting'?"))
    let nothing = try setup.pokja("zzzzzz")
    #expect(nothing.status == 64)
    #expect(!nothing.errors.contains("Did you mean"))
    #expect(nothing.errors.contains("pokja-zzzzzz"))
  }

  @Test func brokenPluginsGetAClearMessageAndANonZeroStatus() throws {
    let setup = try Self.setup()
    try setup.write("pokja-noexec", "#!/bin/sh\necho hi\n", executable: false)
    let noexec = try setup.pokja("noexec")
    #expect(noexec.status == 77)
    #expect(noexec.errors.contains("is not executable. Make it so with: chmod +x "))

    try setup.write("pokja-crash", "#!/bin/sh\nkill -SEGV $$\n")
    let crash = try setup.pokja("crash")
    #expect(crash.status == 70)
    #expect(crash.errors.contains("The plugin 'crash'"))
    #expect(crash.errors.contains("crashed (signal 11"))

    try setup.write("pokja-badshebang", "#!/no/such/interpreter\necho hi\n")
    let bad = try setup.pokja("badshebang")
    #expect(bad.status == 69)
    #expect(bad.errors.contains("could not be started"))
  }

  @Test func pluginsListsNamePathAndTheFirstLineOfHelp() throws {
    let setup = try Self.setup()
    try setup.write(
      "pokja-digest",
      "#!/bin/sh\n[ \"$1\" = --help ] && printf '\\n  Next week for the group chat\\nmore\\n'\n")
    try setup.write("pokja-quiet", "#!/bin/sh\nexit 0\n")
    try setup.write("pokja-slow", "#!/bin/sh\nsleep 30\n")
    try setup.write("pokja-off", "#!/bin/sh\n", executable: false)
    try setup.write("pokja-find", "#!/bin/sh\n")  // shadowed by the built-in: not listed
    let started = ContinuousClock.now
    let listed = try setup.pokja("plugins", "--json")
    #expect(listed.status == 0)
    #expect(ContinuousClock.now - started < .seconds(10))
    let all = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as! [[String: Any]]
    // The example plugin built beside pokja is found there.
    let beside = all.first { $0["name"] as? String == "attendance-sheet" }
    #expect(
      beside?["summary"] as? String
        == "Print a sign-in sheet (HTML) for a meeting: name, organisation, position, signature.")
    let records = all.filter { ($0["path"] as? String)?.hasPrefix(setup.home.path) == true }
    #expect(records.map { $0["name"] as? String } == ["digest", "off", "quiet", "slow"])
    #expect(records[0]["summary"] as? String == "Next week for the group chat more")
    #expect(
      records[0]["path"] as? String == setup.plugins.appendingPathComponent("pokja-digest").path)
    #expect(records[1]["executable"] as? Bool == false)
    #expect(records[2]["summary"] == nil)
    #expect(records[3]["summary"] == nil)
    let table = try setup.pokja("plugins")
    #expect(table.output.contains("not executable: chmod +x"))

    #expect(
      ExternalCommand.summary(ofHelp: "\n\nOVERVIEW: Does\n  a thing.\n\nUSAGE: x\n")
        == "Does a thing.")
    #expect(ExternalCommand.summary(ofHelp: " \n") == nil)
  }

  @Test func suggestionsPreferCloseNames() {
    let names = ["meeting", "contact", "find", "plugins", "help"]
    #expect(ExternalCommand.suggestion(for: "meetign", among: names) == "meeting")
    #expect(ExternalCommand.suggestion(for: "plugin", among: names) == "plugins")
    #expect(ExternalCommand.suggestion(for: "xyzzy", among: names) == nil)
    #expect(!ExternalCommand.isPluginName("../etc"))
    #expect(!ExternalCommand.isPluginName("-x"))
    #expect(ExternalCommand.isPluginName("attendance-sheet"))
  }

  /// The two example plugins: a script reading `pokja agenda --json`, and a Swift executable on the
  /// library modules, found beside pokja.
  @Test func theExamplePluginsWork() throws {
    let setup = try Self.setup()
    let script = try RepositoryRoot.url().appendingPathComponent(
      "scripts/plugins/pokja-whatsapp-digest")
    try FileManager.default.copyItem(
      at: script, to: setup.plugins.appendingPathComponent("pokja-whatsapp-digest"))
    for step in [
      ["init"], ["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos"],
      [
        "contact", "add", "--name", "Wulan Sari", "--honorific", "Ibu", "--position", "Kasubdit",
        "--org", "Kemensos", "--email", "wulan@kemensos.example",
      ],
      ["contact", "add", "--name", "Budi <Santoso> & Co", "--email", "budi@lsm.example"],
      ["contact", "add", "--name", "Citra Dewi", "--email", "citra@lsm.example"],
      ["room", "add", "--name", "Ruang Rapat Lt 7", "--building", "Gedung A", "--floor", "7"],
      [
        "meeting", "add", "--title", "Rapat Pleno", "--start", "2026-12-07T10:00", "--duration",
        "2h", "--room", "Ruang Rapat Lt 7", "--attendee", "wulan@kemensos.example", "--attendee",
        "budi@lsm.example", "--attendee", "citra@lsm.example", "--no-remind",
      ],
      [
        "meeting", "add", "--title", "Rapat Teknis Makassar", "--start", "2026-12-09T09:00",
        "--tz", "Asia/Makassar", "--duration", "90m", "--no-remind",
      ],
      ["rsvp", "1", "citra@lsm.example", "declined"],
    ] {
      let run = try setup.pokja(step)
      #expect(run.status == 0, "\(step): \(run.errors)")
    }
    // Bahasa Indonesia by default, whatever language pokja's own messages are in.
    let digest = try setup.pokja(["whatsapp-digest", "--from", "2026-12-07"])
    #expect(digest.status == 0, "\(digest.errors)")
    #expect(
      digest.output == """
        *Agenda Pokja, 7 Desember – 13 Desember 2026*

        *Senin, 7 Desember 2026*
        • 10.00–12.00 WIB — Rapat Pleno
          📍 Ruang Rapat Lt 7, Gedung A, lantai 7
          👥 3 peserta

        *Rabu, 9 Desember 2026*
        • 09.00–10.30 WITA — Rapat Teknis Makassar

        """)
    #expect(try setup.pokja(["whatsapp-digest", "--from", "7/12"]).status == 64)
    let badOption = try setup.pokja(["whatsapp-digest", "--lang", "fr"])
    #expect(badOption.status == 64)
    #expect(badOption.errors.contains("invalid choice"), "\(badOption.errors)")

    let sheet = try setup.pokja(["attendance-sheet", "1", "--extra-rows", "2"])
    #expect(sheet.status == 0, "\(sheet.errors)")
    #expect(sheet.output.contains("<h1>Daftar Hadir</h1>"))
    #expect(
      sheet.output.contains(
        "<td>1</td><td>Ibu Wulan Sari</td><td>Kementerian Sosial</td><td>Kasubdit</td><td></td>"))
    #expect(sheet.output.contains("Budi &lt;Santoso&gt; &amp; Co"))
    #expect(!sheet.output.contains("Citra Dewi"))  // declined
    #expect(sheet.output.components(separatedBy: "<tr><td>").count - 1 == 2 + 2 + 4)
    let english = try setup.pokja(["attendance-sheet", "1", "--all", "--lang", "en"])
    #expect(english.output.contains("<th class=\"signature\">Signature</th>"))
    #expect(english.output.contains("Citra Dewi"))
    let missing = try setup.pokja(["attendance-sheet", "99"])
    #expect(missing.status == 65)  // EX_DATAERR, as pokja's own
    #expect(
      missing.errors.hasPrefix("pokja attendance-sheet: No meeting '99'"), "\(missing.errors)")
  }
}
