import Crypto
import Foundation

/// The web key: 32 random bytes that sign sign-in links, session cookies, calendar-feed tokens and
/// RSVP links. It lives in a file beside the configuration (`web.key`, mode 0600), never in the
/// database: every host that sends invitations or runs `pokja serve` needs the same file.
public struct SigningKey: Sendable {
  /// The key's bytes (a `SymmetricKey` is made per use: it is not `Sendable`).
  private let bytes: Data

  /// A key from its bytes (at least 32).
  public init(bytes: some DataProtocol) throws(AccessError) {
    guard bytes.count >= 32 else { throw .keyTooShort(bytes.count) }
    self.bytes = Data(bytes)
  }

  /// A new random key.
  public static func random() -> SigningKey {
    // 32 bytes of the system's CSPRNG; `try!` cannot fail for that length.
    try! SigningKey(bytes: RandomBytes.make(32))
  }

  /// `payload` followed by a 16-byte HMAC-SHA256 tag over `purpose` and the payload, in base64url:
  /// a token for one purpose never opens as another's.
  public func seal(_ payload: Data, purpose: String) -> String {
    var sealed = payload
    sealed.append(tag(payload, purpose: purpose))
    return Base64URL.encode(sealed)
  }

  /// The payload of `token` when its tag is right for `purpose` (compared in constant time) and
  /// its payload `length` bytes long; nil for anything else.
  public func open(_ token: some StringProtocol, purpose: String, length: Int) -> Data? {
    guard token.utf8.count <= 256, let data = Base64URL.decode(token),
      data.count == length + Self.tagLength
    else { return nil }
    let payload = data.prefix(length)
    let given = data.suffix(Self.tagLength)
    let expected = tag(Data(payload), purpose: purpose)
    guard constantTimeEqual(Array(given), Array(expected)) else { return nil }
    return Data(payload)
  }

  /// An HMAC-SHA256 of `message` for `purpose`, in base64url (a CSRF form token, say).
  public func mac(_ message: Data, purpose: String) -> String {
    Base64URL.encode(tag(message, purpose: purpose))
  }

  static let tagLength = 16

  private func tag(_ payload: Data, purpose: String) -> Data {
    var message = Data(purpose.utf8)
    message.append(0)
    message.append(payload)
    let code = HMAC<SHA256>.authenticationCode(
      for: message, using: SymmetricKey(data: bytes))
    return Data(code).prefix(Self.tagLength)
  }
}

/// Compares two byte strings in time that depends only on their lengths.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  guard a.count == b.count else { return false }
  var difference: UInt8 = 0
  for index in a.indices { difference |= a[index] ^ b[index] }
  return difference == 0
}

/// Random bytes from the system's CSPRNG (getrandom on Linux).
public enum RandomBytes {
  public static func make(_ count: Int) -> Data {
    var generator = SystemRandomNumberGenerator()
    return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }
}

/// Hex SHA-256, for the secrets whose hashes the store keeps.
public func sha256Hex(_ data: Data) -> String {
  SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// base64url without padding (RFC 4648 §5): tokens that sit in URLs and cookies unescaped.
public enum Base64URL {
  public static func encode(_ data: Data) -> String {
    data.base64EncodedString()
      .replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  public static func decode(_ text: some StringProtocol) -> Data? {
    guard
      text.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
          || $0 == 0x2D || $0 == 0x5F
      })
    else { return nil }
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(
      of: "_", with: "/")
    while base64.utf8.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64)
  }
}

/// Big-endian packing of the integers tokens carry.
struct TokenPayload {
  private(set) var data = Data()

  mutating func append(_ value: Int64) {
    withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) }
  }

  mutating func append(_ bytes: Data) { data.append(bytes) }

  /// Reads the big-endian Int64 at byte `offset` of `data`.
  static func int64(_ data: Data, at offset: Int) -> Int64 {
    var value: Int64 = 0
    for byte in data.dropFirst(offset).prefix(8) { value = value << 8 | Int64(byte) }
    return value
  }
}
