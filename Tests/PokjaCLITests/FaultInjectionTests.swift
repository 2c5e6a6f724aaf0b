import Foundation
import PokjaTestSupport
import Testing

/// The outbox under the worst cron can do: the sender is killed with SIGKILL at random moments, in
/// 50 runs, while it talks to a slow real SMTP server (aiosmtpd with STARTTLS and AUTH, 80 ms per
/// DATA). Then runs go on to completion. Every message must arrive; a message may arrive twice only
/// in the documented window (the server took it, the process died before recording `sent`), and
/// those duplicates keep their Message-ID so receivers can drop them.
@Suite(.serialized) struct FaultInjectionTests {
  static let people = 30

  @Test func killedSendersLoseNothingAndDuplicateOnlyInTheDocumentedWindow() throws {
    let server = try SMTPTestServer(.init(dataDelay: 0.08))
    defer { server.stop() }
    let home = try EndToEndSMTPTests.home()
    let environment = [
      "HOME": home.path, "POKJA_HOME": home.path, "POKJA_SMTP_URL": server.smtpURL,
      "POKJA_SMTP_PASSWORD": server.password, "POKJA_SMTP_CA_FILE": server.caFile ?? "",
      "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>",
    ]
    try seed(home: home, environment)

    // 50 runs, each killed at a random moment (fixed seed, so a failure can be replayed).
    var random = SeededRandom(seed: 20_261_129)
    var killed = 0
    for _ in 0..<50 {
      let process = try start(["meeting", "invite", "1"], environment)
      usleep(UInt32(20_000 + random.next() % 600_000))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      }
      process.waitUntilExit()
    }
    // Runs that found nothing left to claim end before their kill; most are killed while running.
    #expect(killed >= 10, "only \(killed) runs were still running when killed")

    // Then cron goes on: claims of killed runs lapse after the lease (2 s) and are delivered.
    var finished = false
    for _ in 0..<20 where !finished {
      let run = try EndToEndSMTPTests.pokja(["outbox", "send"], environment)
      let left = try EndToEndSMTPTests.pokja(
        ["outbox", "list", "--state", "sent", "--json", "--limit", "1000"], environment)
      let sent = try JSONSerialization.jsonObject(with: Data(left.output.utf8)) as! [Any]
      finished = run.status == 0 && sent.count == Self.people
      if !finished { usleep(700_000) }
    }
    #expect(finished, "not every message was sent after the runs")

    let received = try server.receivedMessages()
    var byMessageID: [String: Int] = [:]
    for message in received {
      let text = String(decoding: message.data, as: UTF8.self)
      let id = try #require(
        text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") })
      byMessageID[String(id), default: 0] += 1
    }
    // Every one of the 30 invitations arrived.
    #expect(byMessageID.count == Self.people)
    let duplicates = received.count - byMessageID.count
    print(
      "fault injection: \(killed) of 50 runs killed mid-send; \(received.count) deliveries of "
        + "\(byMessageID.count) messages, \(duplicates) duplicate(s) (same Message-ID)")
    // A duplicate needs a kill between the server's 250 and the database's `sent`: at most one per
    // killed run (each run sends one message at a time).
    #expect(duplicates <= killed)
  }

  private func seed(home: URL, _ environment: [String: String]) throws {
    var csv = "Nama;Email;Tag\n"
    for number in 1...Self.people {
      csv += "Peserta \(number);peserta\(number)@kemensos.example;pleno\n"
    }
    let file = home.appendingPathComponent("peserta.csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let steps: [[String]] = [
      ["init"],
      ["import", "contacts", file.path],
      ["group", "add", "pleno", "--where", "tag=pleno"],
      [
        "meeting", "add", "--title", "Rapat Pleno", "--start", "2027-02-01T09:00", "--duration",
        "2h", "--attendee", "@pleno",
      ],
    ]
    for step in steps {
      let run = try EndToEndSMTPTests.pokja(step, environment)
      guard run.status == 0 else {
        throw TestSupportError("pokja \(step.joined(separator: " ")) failed: \(run.errors)")
      }
      if step == ["init"] {
        // A short lease, so the claims of killed runs lapse within the test.
        let config = home.appendingPathComponent("config.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "# lease = \"5m\"", with: "lease = \"2s\"")
          .write(to: config, atomically: true, encoding: .utf8)
      }
    }
  }

  private func start(_ arguments: [String], _ environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = try EndToEndSMTPTests.binary()
    process.arguments = arguments
    process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }
}

/// A small deterministic generator (SplitMix64), so the kill moments are the same on every run.
struct SeededRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt32 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return UInt32(truncatingIfNeeded: z ^ (z >> 31))
  }
}

/// The server's scripted failures, seen by the outbox: 451 on the first attempts (tried again after
/// the backoff, then delivered), and a connection dropped during DATA (the message stays queued).
@Suite(.serialized) struct ScriptedFailureTests {
  @Test func aServerThatSaysTryLaterAndOneThatHangsUpAreRetried() throws {
    for options in [
      SMTPTestServer.Options(deferFirstMessages: 2), SMTPTestServer.Options(dropFirstMessages: 1),
    ] {
      let server = try SMTPTestServer(options)
      defer { server.stop() }
      let home = try EndToEndSMTPTests.home()
      let environment = [
        "HOME": home.path, "POKJA_HOME": home.path, "POKJA_SMTP_URL": server.smtpURL,
        "POKJA_SMTP_PASSWORD": server.password, "POKJA_SMTP_CA_FILE": server.caFile ?? "",
        "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>",
      ]
      try EndToEndSMTPTests.seed(environment)
      let first = try EndToEndSMTPTests.pokja(["meeting", "invite", "1"], environment)
      #expect(first.status == 75, "\(first.errors)")
      #expect(first.errors.contains("tried again from"), "\(first.errors)")
      let waiting = try EndToEndSMTPTests.pokja(
        ["outbox", "list", "--state", "queued", "--json"], environment)
      let queued =
        try JSONSerialization.jsonObject(with: Data(waiting.output.utf8)) as! [[String: Any]]
      #expect(!queued.isEmpty)
      #expect(queued.allSatisfy { ($0["lastError"] as? String)?.isEmpty == false })
      // An operator who does not want to wait for the backoff.
      #expect(try EndToEndSMTPTests.pokja(["outbox", "retry", "--all"], environment).status == 0)
      let second = try EndToEndSMTPTests.pokja(["outbox", "send"], environment)
      #expect(second.status == 0, "\(second.errors)")
      let received = try server.receivedMessages()
      #expect(Set(received.map(\.rcptTos)).count == 2)
    }
  }
}
