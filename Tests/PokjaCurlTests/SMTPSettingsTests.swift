import Foundation
import PokjaCurl
import Testing

@Suite("SMTPSettings")
struct SMTPSettingsTests {
  @Test(
    "a password in the URL is refused without echoing it",
    arguments: [
      "smtp://u:secret@mail.example.org",
      "smtps://u:secret@mail.example.org:465",
      "smtp://u:secret@@mail.example.org:587",
      "smtp://u:sec/ret@mail.example.org:587",
      "smtp://u:secret#x@mail.example.org",
      "http://u:secret@mail.example.org",
      "u:secret@mail.example.org",
    ])
  func rejectsPassword(url: String) throws {
    let error = try #require(throws: SMTPSettingsError.self) {
      try SMTPSettings(url: url, password: nil, caFile: nil)
    }
    let secretPart = url.contains("sec/ret") ? "sec/ret" : "secret"
    for text in [
      error.localizedDescription, error.errorDescription ?? "", "\(error)",
      String(reflecting: error),
    ] {
      #expect(!text.contains(secretPart), "echoed the password: \(text)")
      #expect(!text.contains("sec"), "echoed part of the password: \(text)")
    }
    if url.hasPrefix("smtp") {
      #expect(error.localizedDescription.contains("POKJA_SMTP_PASSWORD"))
      #expect(error.localizedDescription.contains("must not contain a password"))
    }
  }

  @Test("ports default to 587 for smtp and 465 for smtps")
  func defaultPorts() throws {
    let plain = try SMTPSettings(url: "smtp://wulan@mail.example.org", password: "pw", caFile: nil)
    #expect(plain.port == 587)
    #expect(plain.scheme == .smtp)
    #expect(plain.host == "mail.example.org")
    #expect(plain.username == "wulan")
    #expect(plain.url.absoluteString == "smtp://mail.example.org:587")
    #expect(plain.destination == "smtp://mail.example.org:587")

    let tls = try SMTPSettings(url: "smtps://wulan@Mail.Example.org", password: nil, caFile: nil)
    #expect(tls.port == 465)
    #expect(tls.scheme == .smtps)
    #expect(tls.host == "mail.example.org")
    #expect(tls.destination == "smtps://mail.example.org:465")

    let explicit = try SMTPSettings(url: "smtp://mail.example.org:2525/", password: nil, caFile: "")
    #expect(explicit.port == 2525)
    #expect(explicit.username == nil)
    #expect(explicit.caFile == nil)
    #expect(explicit.connectTimeout == .seconds(15))
    // No limit on a whole transfer: one that hardly moves for two minutes ends.
    #expect(explicit.lowSpeedLimit == 1024)
    #expect(explicit.lowSpeedTime == .seconds(120))
  }

  @Test("user names may be mail addresses, written with @ or %40")
  func mailAddressUsernames() throws {
    let raw = try SMTPSettings(
      url: "smtp://wulan@pokja.example.org@mail.example.org:587", password: nil, caFile: nil)
    #expect(raw.username == "wulan@pokja.example.org")
    #expect(raw.host == "mail.example.org")
    let encoded = try SMTPSettings(
      url: "smtp://wulan%40pokja.example.org@mail.example.org", password: nil, caFile: nil)
    #expect(encoded.username == "wulan@pokja.example.org")
    #expect(encoded.destination == "smtp://mail.example.org:587")
  }

  @Test(
    "loopback hosts do not require TLS, every other host does",
    arguments: [
      ("smtp://127.0.0.1:2525", false), ("smtp://127.8.9.10", false), ("smtp://localhost", false),
      ("smtp://LOCALHOST:25", false), ("smtp://[::1]:2525", false),
      ("smtp://[::ffff:127.0.0.1]:25", false), ("smtp://mail.example.org", true),
      ("smtp://128.0.0.1", true), ("smtp://10.0.0.1", true), ("smtp://192.168.1.10:25", true),
      ("smtp://[2001:db8::1]:587", true), ("smtp://localhost.example.org", true),
      ("smtp://127.0.0.1.example.org", true),
    ])
  func loopback(url: String, requiresTLS: Bool) throws {
    let settings = try SMTPSettings(url: url, password: nil, caFile: nil)
    #expect(settings.requireTLS == requiresTLS)
  }

  @Test("IPv6 hosts keep their brackets in URLs")
  func ipv6() throws {
    let settings = try SMTPSettings(url: "smtp://u@[::1]:2525", password: nil, caFile: nil)
    #expect(settings.host == "::1")
    #expect(settings.hostAndPort == "[::1]:2525")
    #expect(settings.url.absoluteString == "smtp://[::1]:2525")
  }

  @Test("description, debugDescription, dump and Mirror hide the password")
  func hidesPassword() throws {
    let password = "correct-horse-battery-staple"
    let settings = try SMTPSettings(
      url: "smtp://wulan@mail.example.org", password: password, caFile: "/etc/ca.pem")
    #expect(settings.password == password)
    var dumped = ""
    dump(settings, to: &dumped)
    let texts = [
      "\(settings)", String(describing: settings), String(reflecting: settings), dumped,
      Mirror(reflecting: settings).children.map { "\($0.label ?? ""): \($0.value)" }.joined(),
    ]
    for text in texts {
      #expect(!text.contains(password), "password shown in: \(text)")
      #expect(!text.contains("horse"))
    }
    #expect("\(settings)".contains("set (hidden)"))
    #expect("\(settings)".contains("smtp://mail.example.org:587"))
    #expect("\(settings)".contains("wulan"))
  }

  @Test("a transport never shows the password either")
  func transportHidesPassword() throws {
    let password = "correct-horse-battery-staple"
    let transport = CurlSMTPTransport(
      settings: try SMTPSettings(
        url: "smtp://wulan@mail.example.org", password: password, caFile: nil))
    var dumped = ""
    dump(transport, to: &dumped)
    for text in ["\(transport)", String(reflecting: transport), dumped, transport.endpoint] {
      #expect(!text.contains(password), "password shown in: \(text)")
    }
    #expect(transport.endpoint == "smtp://mail.example.org:587")
  }

  @Test("an empty password counts as none")
  func emptyPassword() throws {
    let settings = try SMTPSettings(url: "smtp://wulan@mail.example.org", password: "", caFile: nil)
    #expect(settings.password == nil)
    #expect("\(settings)".contains("password: not set"))
  }

  @Test(
    "malformed URLs are refused with a message saying how to fix them",
    arguments: [
      ("", "empty"), ("mail.example.org", "not an SMTP URL"),
      ("http://mail.example.org", "smtps://"),
      ("smtp://", "names no server"), ("smtp://wulan@", "names no server"),
      ("smtp://mail.example.org:0", "1 to 65535"), ("smtp://mail.example.org:99999", "1 to 65535"),
      ("smtp://mail.example.org:abc", "1 to 65535"),
      ("smtp://mail.example.org/inbox", "remove the path"),
      ("smtp://mail.example.org?x=1", "remove the path"), ("smtp://mail example.org", "valid host"),
      ("smtp://[::1", "valid host"), ("smtp://@mail.example.org", "user name"),
    ])
  func malformed(url: String, expected: String) throws {
    let error = try #require(throws: SMTPSettingsError.self) {
      try SMTPSettings(url: url, password: nil, caFile: nil)
    }
    #expect(
      error.localizedDescription.contains(expected),
      "\(error.localizedDescription) does not contain \(expected)")
  }
}
