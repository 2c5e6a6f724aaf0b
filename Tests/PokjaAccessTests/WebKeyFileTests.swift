import Foundation
import PokjaAccess
import Testing

/// The web key's file: made once with mode 0600, read only while nobody else can read it, and a
/// missing or malformed file an error that says what to do.
@Suite struct WebKeyFileTests {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-webkey-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func path(_ name: String = "web.key") -> String { folder.appendingPathComponent(name).path }

  func write(_ text: String, to path: String, mode: Int = 0o600) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
  }

  @Test func aNewKeyFileHoldsSixtyFourHexDigitsReadableByItsOwnerAlone() throws {
    let path = path()
    #expect(try WebKeyFile.createIfMissing(path))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasSuffix("\n"))
    let hex = text.dropLast()
    #expect(hex.count == 64)
    #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
    // A second call leaves the key alone.
    #expect(try !WebKeyFile.createIfMissing(path))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    // Read twice, it is the same key: what one seals the other opens.
    let key = try WebKeyFile.load(path)
    let again = try WebKeyFile.load(path)
    let token = key.seal(Data("pleno".utf8), purpose: "test")
    #expect(again.open(token, purpose: "test", length: 5) == Data("pleno".utf8))
    // Another file, another key.
    let other = self.path("other.key")
    #expect(try WebKeyFile.createIfMissing(other))
    #expect(try WebKeyFile.load(other).open(token, purpose: "test", length: 5) == nil)
  }

  @Test func aKeyOthersCanReadIsRefused() throws {
    let path = path()
    try WebKeyFile.createIfMissing(path)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    #expect(throws: AccessError.keyTooOpen(path: path, mode: "644")) {
      try WebKeyFile.load(path)
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    #expect(throws: AccessError.keyTooOpen(path: path, mode: "640")) {
      try WebKeyFile.load(path)
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
    _ = try WebKeyFile.load(path)
  }

  @Test func aMissingKeyIsAnErrorThatSaysHowToMakeOne() throws {
    let path = path("nothing.key")
    #expect(throws: AccessError.keyMissing(path: path)) { try WebKeyFile.load(path) }
    #expect(AccessError.keyMissing(path: path).errorDescription?.contains("pokja init") == true)
  }

  @Test func aMalformedKeyIsAnErrorNotACrash() throws {
    let notHex = AccessError.keyUnreadable(path: path(), reason: "it does not hold hex digits")
    for text in [
      "not a key at all\n",
      String(repeating: "a", count: 63),
      String(repeating: "g", count: 64),
      String(repeating: "ab", count: 31) + "a ",
      // Fullwidth digits are hex digits to `Character.isHexDigit`, but not to the key's reader.
      String(repeating: "\u{FF10}\u{FF21}", count: 32),
    ] {
      try write(text, to: path())
      #expect(throws: notHex, "\(text)") { try WebKeyFile.load(path()) }
    }
    try write("abcd\n", to: path())
    #expect(throws: AccessError.keyTooShort(2)) { try WebKeyFile.load(path()) }
    try write("", to: path())
    #expect(throws: AccessError.keyTooShort(0)) { try WebKeyFile.load(path()) }
    // Upper-case digits and surrounding blank lines are fine.
    try write("\n" + String(repeating: "AB", count: 32) + "\r\n", to: path())
    _ = try WebKeyFile.load(path())
  }
}
