import Foundation
import PokjaTestSupport
import Testing

/// `meeting add|edit --guest-list` and `[invitations]`: what each attendee's calendar lists, read
/// from the file outbox with Python's `email` and `icalendar`.
@Suite struct GuestListCommandTests {
  static let people = ["wulan@kemensos.example", "hannah@kpi.example", "budi@lbh.example"]

  static func harness(config: String = "") throws -> CLIHarness {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    if !config.isEmpty {
      try Data(config.utf8).write(to: cli.home.appendingPathComponent("config.toml"))
    }
    for (name, email) in zip(["Wulan Sari", "Hannah de Vries", "Budi Santoso"], people) {
      #expect(cli.run("contact", "add", "--name", name, "--email", email).status == 0)
    }
    return cli
  }

  /// Adds a meeting of `attendees` (with `options`), sends its invitations; returns its ID and
  /// what each recipient's calendar lists.
  static func invite(
    _ cli: CLIHarness, _ options: [String], attendees: [String] = people
  ) throws -> (id: String, listed: [String: [String]]) {
    let before = Set(cli.outboxFiles)
    let added = cli.run(
      [
        "meeting", "add", "--title", "Rapat Jejaring", "--start", "2030-03-04T10:00", "--duration",
        "2h", "--json",
      ] + attendees.flatMap { ["--attendee", $0] } + options)
    #expect(added.status == 0, "\(added.errors)")
    let meeting =
      try JSONSerialization.jsonObject(with: Data(added.output.utf8)) as? [String: Any] ?? [:]
    let id = String(try #require(meeting["id"] as? Int))
    #expect(cli.run("meeting", "invite", id).status == 0)
    var listed: [String: [String]] = [:]
    for file in cli.outboxFiles where !before.contains(file) {
      let mail = try PythonTool.parseMail(file: file)
      let to = try #require(mail.toAddresses.first)
      let calendar = try #require(mail.calendar)
      #expect(calendar.organizer != nil)
      listed[to] = calendar.attendees.map { $0.address.lowercased() }.sorted()
      let raw = try String(contentsOf: file, encoding: .utf8)
      if options.contains("hidden") || listed[to]?.count == 1 {
        for other in attendees where other != to { #expect(!raw.contains(other)) }
      }
    }
    return (id, listed)
  }

  @Test func hiddenListsOnlyTheRecipientVisibleListsEveryone() throws {
    let cli = try Self.harness()
    let everyone = Self.people.map { "mailto:\($0)" }.sorted()

    let hidden = try Self.invite(cli, ["--guest-list", "hidden"])
    #expect(hidden.listed.count == 3)
    for (to, listed) in hidden.listed { #expect(listed == ["mailto:\(to)"], "\(to)") }
    let shown = try cli.json("meeting", "show", hidden.id) as! [String: Any]
    #expect(shown["guestList"] as? String == "hidden")
    #expect(shown["guestListSetting"] as? String == "hidden")
    #expect(
      cli.run("meeting", "show", hidden.id).output.contains(
        "Guests:    hidden: each invitation lists only its recipient\n"))
    // Replies are recorded as ever, and the secretariat still sees everyone.
    #expect(cli.run("rsvp", hidden.id, Self.people[1], "accepted").status == 0)
    let answered = try cli.json("meeting", "show", hidden.id) as! [String: Any]
    let attendees = try #require(answered["attendees"] as? [[String: Any]])
    #expect(attendees.count == 3)
    #expect(
      attendees.first { $0["email"] as? String == Self.people[1] }?["participation"] as? String
        == "ACCEPTED")

    let visible = try Self.invite(cli, ["--guest-list", "visible"])
    #expect(visible.listed.count == 3)
    for (to, listed) in visible.listed { #expect(listed == everyone, "\(to)") }

    let wrong = cli.run(
      "meeting", "add", "--title", "X", "--start", "2030-03-05T10:00", "--duration", "1h",
      "--guest-list", "secret")
    #expect(wrong.status == 64)
    #expect(wrong.errors.contains("--guest-list: 'secret' is not one of auto, visible, hidden"))
  }

  @Test func theConfiguredSizeDecidesForMeetingsThatDoNotChoose() throws {
    let cli = try Self.harness(config: "[invitations]\nhide_guest_list_above = 2\n")
    let three = try Self.invite(cli, [])
    for (to, listed) in three.listed { #expect(listed == ["mailto:\(to)"], "\(to)") }
    let shown = try cli.json("meeting", "show", three.id) as! [String: Any]
    #expect(shown["guestList"] as? String == "hidden")
    #expect(shown["guestListSetting"] as? String == "auto")
    #expect(
      cli.run("meeting", "show", three.id).output.contains(
        "(automatic: hidden above 2 attendees)"))

    let two = try Self.invite(cli, [], attendees: Array(Self.people.prefix(2)))
    #expect(two.listed.count == 2)
    for listed in two.listed.values { #expect(listed.count == 2) }

    // The meeting's own choice, from then on; nobody is sent anything for it.
    let edited = cli.run("meeting", "edit", three.id, "--guest-list", "visible")
    #expect(edited.status == 0, "\(edited.errors)")
    #expect(edited.output.contains("guest list auto → visible"), "\(edited.output)")
    let before = Set(cli.outboxFiles)
    #expect(cli.run("meeting", "edit", three.id, "--title", "Rapat Jejaring (baru)").status == 0)
    let updates = cli.outboxFiles.filter { !before.contains($0) }
    #expect(updates.count == 3)
    for file in updates {
      #expect(try #require(try PythonTool.parseMail(file: file).calendar).attendees.count == 3)
    }

    try Data("[invitations]\nguest_list = \"sometimes\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    let bad = cli.run("meeting", "list")
    #expect(bad.status == 78)
    #expect(bad.errors.contains("invitations.guest_list: 'sometimes' is not one of auto"))
  }
}
