import Foundation

/// Why a received message was not read, or why one part's body could not be decoded.
public enum MailReadError: Error, Hashable, Sendable {
  /// The message is `size` bytes, more than `MailLimits.maximumMessageSize`.
  case messageTooLarge(size: Int, limit: Int)
  /// A header section (the message's or a part's) is longer than `limit` bytes.
  case headerSectionTooLarge(limit: Int)
  /// A header section has more than `limit` fields.
  case tooManyHeaders(limit: Int)
  /// The field `field` (controls shown as `?`) is longer than `limit` bytes after unfolding.
  case headerLineTooLong(field: String, limit: Int)
  /// Multiparts or attached messages nest more than `limit` deep.
  case nestingTooDeep(limit: Int)
  /// The message has more than `limit` body parts.
  case tooManyParts(limit: Int)
  /// A `contentType` part decodes to more than `limit` bytes.
  case decodedPartTooLarge(contentType: String, limit: Int)
  /// A `contentType` part's base64 body holds characters that are not base64. Not thrown: the
  /// part keeps an empty `decodedBody` and reports this in `ReceivedPart.bodyError`, so the
  /// message's other parts stay readable.
  case invalidBase64(contentType: String)
}

extension MailReadError: LocalizedError {
  /// A human-readable message naming what was too big or too deep.
  public var errorDescription: String? {
    switch self {
    case .messageTooLarge(let size, let limit):
      "The message is \(Self.bytes(size)); messages over \(Self.bytes(limit)) are not read."
    case .headerSectionTooLarge(let limit):
      "A header section is over \(Self.bytes(limit)); the message is not read."
    case .tooManyHeaders(let limit):
      "A header section has more than \(limit) header fields; the message is not read."
    case .headerLineTooLong(let field, let limit):
      "The header field \(field) is over \(Self.bytes(limit)) long; the message is not read."
    case .nestingTooDeep(let limit):
      "Multiparts or attached messages are nested more than \(limit) deep; "
        + "the message is not read."
    case .tooManyParts(let limit):
      "The message has more than \(limit) MIME parts; it is not read."
    case .decodedPartTooLarge(let contentType, let limit):
      "A \(contentType) part decodes to more than \(Self.bytes(limit)); the message is not read."
    case .invalidBase64(let contentType):
      "A \(contentType) part's base64 body contains characters that are not base64; "
        + "that part was not decoded."
    }
  }

  /// `512 bytes`, `300 KiB`, `10 MiB` or `12.5 MiB`.
  static func bytes(_ count: Int) -> String {
    let kib = 1024.0
    let value = Double(count)
    func number(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
    if value >= kib * kib { return number(value / (kib * kib)) + " MiB" }
    if value >= kib { return number(value / kib) + " KiB" }
    return "\(count) bytes"
  }
}
