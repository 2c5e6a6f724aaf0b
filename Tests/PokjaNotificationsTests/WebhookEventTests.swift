import Foundation
import PokjaCore
import PokjaNotifications
import PokjaPersistence
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite("Channels: validation, presets, events through the outbox")
struct WebhookEventTests {
  @Test(
    "Private and loopback addresses are refused",
    arguments: [
      "http://127.0.0.1/x", "http://127.8.9.1:8080/", "http://10.1.2.3/", "http://172.16.0.1/",
      "http://172.31.255.255/", "http://192.168.1.10/", "http://[::1]/", "http://[fc00::1]/",
      "http://[fd12:3456::1]/", "http://localhost:9000/", "https://LOCALHOST/",
      "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/",
    ])
  func privateRefused(url: String) {
    #expect(throws: ChannelError.self) { try ChannelValidation.url(url, allowPrivate: false) }
    #expect((try? ChannelValidation.url(url, allowPrivate: true)) != nil)
  }

  @Test(
    "Public hosts pass",
    arguments: ["https://hooks.slack.com/services/T/B/X", "http://172.32.0.1/"]
  )
  func publicAllowed(url: String) throws {
    _ = try ChannelValidation.url(url, allowPrivate: false)
  }

  @Test("Bad URLs, presets, events and secrets are named")
  func badInput() throws {
    #expect(
      throws: ChannelError.invalidURL("ftp://x.example/", "only http:// and https:// are allowed")
    ) {
      try ChannelValidation.url("ftp://x.example/", allowPrivate: false)
    }
    #expect(throws: ChannelError.unknownPreset("teams")) { try ChannelValidation.preset("teams") }
    #expect(throws: ChannelError.unknownEvent("meeting.moved")) {
      try ChannelValidation.events("reminder,meeting.moved")
    }
    #expect(
      try ChannelValidation.events("reminder, meeting.created") == [.reminder, .meetingCreated])
    #expect(throws: ChannelError.missingSecret("HOOK_SECRET")) {
      try ChannelValidation.secret(variable: "HOOK_SECRET", in: [:])
    }
    #expect(throws: ChannelError.invalidSecret("HOOK_SECRET")) {
      try ChannelValidation.secret(variable: "HOOK_SECRET", in: ["HOOK_SECRET": "hunter2"])
    }
    let message = ChannelError.missingSecret("HOOK_SECRET").localizedDescription
    #expect(message.contains("HOOK_SECRET"))
  }

  @Test("Presets: Slack/Mattermost text, Discord content, Telegram chat_id, ntfy plain, json event")
  func presets() throws {
    let fixture = try NotificationFixture(title: "Rapat Pleno")
    let event = WebhookEvent.changed(
      fixture.details, occurrence: nil, at: fixture.clock.now())
    func object(_ preset: WebhookPreset, chat: String? = nil) throws -> [String: Any] {
      let body = try WebhookRenderer.render(
        event, preset: preset, details: fixture.details, telegramChatID: chat
      ).body
      return try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
    }
    let slack = try object(.slack)["text"] as? String
    #expect(
      slack?.hasPrefix("Rapat diubah: Rapat Pleno\nSenin, 7 Desember 2026, 10.00–13.00 WIB") == true
    )
    #expect(try object(.mattermost)["text"] as? String == slack)
    #expect(try object(.discord)["content"] as? String == slack)
    #expect(try object(.telegram, chat: "-100123")["chat_id"] as? String == "-100123")
    let ntfy = try WebhookRenderer.render(event, preset: .ntfy, details: fixture.details)
    #expect(ntfy.title == "Rapat diubah: Rapat Pleno")
    #expect(ntfy.body.hasPrefix("Senin, 7 Desember 2026"))
    let json = try object(.json)
    #expect(json["type"] as? String == "meeting.updated")
    #expect(json["id"] as? String == event.id)
    let meeting = json["meeting"] as? [String: Any]
    #expect(meeting?["title"] as? String == "Rapat Pleno")
    #expect(meeting?["start"] as? String == "2026-12-07T10:00:00+07:00")
    #expect(meeting?["timeZone"] as? String == "Asia/Jakarta")
  }

  @Test("Invitations queue one webhook per channel that wants it, once")
  func queuedOncePerChannel() throws {
    let fixture = try NotificationFixture()
    let now = fixture.clock.now()
    let all = try fixture.store.addChannel(
      Channel(
        name: "tim", url: "https://hooks.example/a", preset: .slack, secretEnv: nil, events: [],
        createdAt: now))
    _ = try fixture.store.addChannel(
      Channel(
        name: "reminders-only", url: "https://hooks.example/b", preset: .json, secretEnv: nil,
        events: [.reminder], createdAt: now))
    let outbox = Outbox(
      store: fixture.store, transport: fixture.transport, clock: fixture.clock,
      webhooks: Outbox.Webhooks(
        publisher: WebhookPublisher(
          channels: try fixture.store.channels(), organiser: fixture.organiser.email),
        transport: AcceptingWebhooks()), random: { 1 })
    let invitations = Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: outbox)
    _ = try invitations.send(meeting: String(fixture.details.meeting.id.rawValue))
    _ = try invitations.send(meeting: String(fixture.details.meeting.id.rawValue))
    let hooks = try fixture.store.messages(state: nil, meeting: nil, limit: 50).filter {
      $0.route == .webhook
    }
    #expect(hooks.count == 1)
    #expect(hooks.first?.destination == .channel(id: all.id.rawValue, name: all.name))
    #expect(hooks.first?.state == .sent)
    #expect(hooks.first?.messageID.hasPrefix("msg_") == true)
  }
}

/// A webhook transport that accepts everything.
struct AcceptingWebhooks: MessageTransport {
  var endpoint: String { "webhooks" }
  var route: MessageRoute { .webhook }
  func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress) {
    for message in messages
    where report(.finished(message.id, .delivered(receipt: "HTTP 200"))) == .stop {
      return
    }
  }

  @Test("Chat text: in the channel's language, from templates a folder may override")
  func chatTextFromTemplates() throws {
    let fixture = try NotificationFixture(title: "Rapat Pleno")
    let event = WebhookEvent.changed(fixture.details, occurrence: nil, at: fixture.clock.now())
    let english = try WebhookRenderer.render(
      event, preset: .slack, details: fixture.details, language: .english)
    let text = try JSONSerialization.jsonObject(with: Data(english.body.utf8)) as? [String: Any]
    #expect(
      (text?["text"] as? String)?.hasPrefix(
        "Meeting changed: Rapat Pleno\nMonday, 7 December 2026, 10:00–13:00 WIB") == true)
    #expect(english.title == "Meeting changed: Rapat Pleno")

    // One occurrence: said in the title; the series' repetition is not.
    let one = WebhookEvent.changed(
      fixture.details, occurrence: fixture.details.meeting.start, at: fixture.clock.now())
    let ntfy = try WebhookRenderer.render(one, preset: .ntfy, details: fixture.details)
    #expect(ntfy.title == "Rapat diubah (pertemuan Senin, 7 Desember 2026 saja): Rapat Pleno")

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-webhook-templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try
      "📅 {{title}} berubah\n\n{{day}} pukul {{startClock}}{{#location}} di {{location}}{{/location}}\n"
      .write(
        to: folder.appendingPathComponent("webhook.meeting.updated.id.mustache"), atomically: true,
        encoding: .utf8)
    let templates = try MessageTemplates.load(directory: folder).templates
    let custom = try WebhookRenderer.render(
      event, preset: .ntfy, details: fixture.details, templates: templates)
    #expect(custom.title == "📅 Rapat Pleno berubah")
    #expect(
      custom.body
        == "Senin, 7 Desember 2026 pukul 10.00 WIB di Ruang Rapat Lt 7, Gedung Kemensos, lantai 7")
    // Values are not HTML-escaped in chat text.
    #expect(!custom.body.contains("&"))

    // A broken webhook template is named like any other.
    try "{{#title}}unclosed".write(
      to: folder.appendingPathComponent("webhook.reminder.en.mustache"), atomically: true,
      encoding: .utf8)
    #expect {
      _ = try MessageTemplates.load(directory: folder)
    } throws: { error in
      "\(error.localizedDescription)".contains("webhook.reminder.en.mustache")
    }
  }
}
