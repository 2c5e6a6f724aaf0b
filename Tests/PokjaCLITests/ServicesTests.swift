import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

@testable import PokjaCLI

/// `Services` builds each service once per command: the templates are read and compiled once
/// however many services compose with them. A stray file in the templates folder is warned about
/// each time the folder is loaded, which makes the loads countable.
@Suite struct ServicesTests {
  private func harness() throws -> (CLIHarness, Int) {
    var cli = try CLIHarness()
    cli.transport = RecordingTransport()
    let meeting = try cli.seedPlenary()
    let folder = cli.home.appendingPathComponent("templates", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("x".utf8).write(to: folder.appendingPathComponent("invitaton.subject.id.mustache"))
    return (cli, meeting)
  }

  private func loads(_ errors: String) -> Int {
    errors.components(separatedBy: "is not a template Pokja uses").count - 1
  }

  @Test func theTemplatesAreLoadedOnceHoweverManyServicesUseThem() throws {
    let (cli, _) = try harness()
    let console = BufferConsole(width: 100)
    let environment = AppEnvironment(
      variables: cli.variables, console: console, transportOverride: RecordingTransport())
    let services = try Services(try GlobalOptions.parse([]), environment)
    _ = try services.templates()
    _ = try services.composer
    _ = try services.outbox()
    _ = try services.invitations
    _ = try services.reminders
    _ = try services.templates()
    #expect(loads(console.errors) == 1, "\(console.errors)")
    // A copy shares what was built.
    let copy = services
    _ = try copy.composer
    #expect(loads(console.errors) == 1)
  }

  @Test func sendingCommandsWarnAboutATemplateFolderOnce() throws {
    let (cli, meeting) = try harness()
    let invite = cli.run("meeting", "invite", String(meeting))
    #expect(invite.status == 0, "\(invite.errors)")
    #expect(loads(invite.errors) == 1, "\(invite.errors)")
    let edit = cli.run("meeting", "edit", String(meeting), "--start", "11:00")
    #expect(edit.status == 0, "\(edit.errors)")
    #expect(loads(edit.errors) == 1, "\(edit.errors)")
    let remind = cli.run("remind", "--due")
    #expect(remind.status == 0, "\(remind.errors)")
    #expect(loads(remind.errors) == 1, "\(remind.errors)")
  }

  @Test func aCommandThatSendsNothingBuildsNoTemplatesAndNoTransport() throws {
    let (cli, meeting) = try harness()
    // An SMTP URL the transport would refuse: `meeting show` never builds one.
    try Data("[mail]\nfrom = \"s@example.org\"\n[smtp]\nurl = \"ftp://nowhere\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    var live = cli
    live.transport = nil
    let shown = live.run("meeting", "show", String(meeting))
    #expect(shown.status == 0, "\(shown.errors)")
    #expect(loads(shown.errors) == 0)
  }
}
