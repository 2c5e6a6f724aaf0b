import Foundation
import PokjaTestSupport
import Testing

/// `pokja cron`: the block is read the way cron reads a crontab (variable lines, five time fields,
/// `\%`), and each job is run with /bin/sh as cron would, from an empty environment.
@Suite struct CronTests {
  @Test func theCrontabBlockRunsAsCronWouldRunIt() throws {
    let setup = try PluginTests.setup()
    let secrets = setup.home.appendingPathComponent("secrets 100%.env")
    try "export HOOK_SECRET=whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=\n".write(
      to: secrets, atomically: true, encoding: .utf8)
    #expect(try setup.pokja(["init"]).status == 0)
    let log = setup.home.appendingPathComponent("logs/pokja.log")
    let block = try setup.pokja(
      [
        "cron", "--every", "10", "--daily", "05:30", "--log", log.path, "--secrets-file",
        secrets.path,
      ])
    #expect(block.status == 0, "\(block.errors)")

    var jobs: [(schedule: [String], command: String)] = []
    for line in block.output.split(separator: "\n").map(String.init) {
      if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
      try #require(fields.count == 6, "not a cron job line (no variable lines either): \(line)")
      jobs.append(
        (
          fields.prefix(5).map(String.init),
          String(fields[5]).replacingOccurrences(of: "\\%", with: "%")
        ))
    }
    // What cron gives a job, and nothing else: each line must stand alone.
    let cronEnvironment = [
      "HOME": setup.home.path, "LOGNAME": "pokja", "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin",
    ]
    #expect(
      jobs.map(\.schedule) == [
        ["*/10", "*", "*", "*", "*"], ["30", "5", "*", "*", "*"], ["30", "5", "*", "*", "*"],
      ])
    #expect(jobs.last?.command.contains(" plan remind;") == true)
    #expect(
      jobs.allSatisfy {
        $0.command.contains(try! PokjaBinary.url().resolvingSymlinksInPath().path)
      })
    // The log's folder was made; each job writes the time and its output there.
    #expect(FileManager.default.fileExists(atPath: log.deletingLastPathComponent().path))
    for job in jobs {
      let run = try PythonTool.runProcess(
        executable: "/bin/sh", arguments: ["-c", job.command], environment: cronEnvironment)
      #expect(run.status == 0, "\(job.command): \(String(decoding: run.stderr, as: UTF8.self))")
    }
    let written = try String(contentsOf: log, encoding: .utf8)
    #expect(written.contains("No reminders due."), "\(written)")
    #expect(written.split(separator: "\n").filter { $0.hasPrefix("20") }.count == 3)

    #expect(block.output.contains("No SMTP server is configured"))

    // Settings given by environment go into each line; a password in the environment does not, and
    // pokja says cron will not have it.
    var mailing = setup
    mailing.extra = [
      "POKJA_SMTP_URL": "smtp://sekretariat@mail.example.org:587",
      "POKJA_MAIL_FROM": "Sekretariat <sekretariat@example.org>",
      "POKJA_SMTP_PASSWORD": "rahasia-jangan-bocor",
    ]
    let carried = try mailing.pokja(["cron"])
    #expect(carried.status == 0, "\(carried.errors)")
    let jobLines = carried.output.split(separator: "\n").filter {
      !$0.hasPrefix("#") && !$0.isEmpty
    }
    #expect(jobLines.count == 3)
    #expect(
      jobLines.allSatisfy {
        $0.contains("POKJA_SMTP_URL='smtp://sekretariat@mail.example.org:587'")
          && $0.contains("POKJA_MAIL_FROM='Sekretariat <sekretariat@example.org>'")
      })
    #expect(!carried.output.contains("rahasia"))
    #expect(carried.errors.contains("warning: The SMTP password is in POKJA_SMTP_PASSWORD"))
    let withSecrets = try mailing.pokja(["cron", "--secrets-file", secrets.path])
    #expect(withSecrets.errors.isEmpty, "\(withSecrets.errors)")

    // Between markers, so the documented install line replaces the block instead of adding one.
    let lines = block.output.split(separator: "\n")
    #expect(lines.first == "# BEGIN pokja")
    #expect(lines.last == "# END pokja")
    // A password inside the SMTP URL never reaches a crontab.
    var leaky = setup
    leaky.extra = [
      "POKJA_SMTP_URL": "smtp://sek:rahasia@mail.example.org:587",
      "POKJA_MAIL_FROM": "sekretariat@example.org",
    ]
    let refused = try leaky.pokja(["cron"])
    #expect(refused.status == 78)
    #expect(!refused.output.contains("rahasia") && refused.output.isEmpty)

    let bad = try setup.pokja(["cron", "--daily", "6pm"])
    #expect(bad.status == 64)
    #expect(bad.errors.contains("HH:MM"))
  }

  /// CRLF is one Character, equal to neither "\r" nor "\n"; the check looks at scalars, so a log
  /// path holding it cannot start a crontab line of its own.
  @Test func aLineBreakOfAnyKindInAPathIsRefused() throws {
    let setup = try PluginTests.setup()
    #expect(try setup.pokja(["init"]).status == 0)
    for path in ["/tmp/a\r\n* * * * * touch /tmp/owned\r\nb.log", "/tmp/a\nb.log", "/tmp/a\rb.log"]
    {
      let block = try setup.pokja(["cron", "--log", path])
      #expect(block.status != 0, "\(path.debugDescription): \(block.output)")
      #expect(block.errors.contains("line break"), "\(block.errors)")
    }
  }
}
