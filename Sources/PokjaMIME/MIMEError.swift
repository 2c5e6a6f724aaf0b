import Foundation

/// Why a message could not be rendered.
public enum MIMEError: Error, Equatable, Sendable, LocalizedError {
  /// A header field would contain CR, LF or another control character; control characters in
  /// `field` itself are shown as `?`.
  case headerInjection(field: String)
  /// An address is not `local@domain` (one `@`, no spaces, angle brackets or controls).
  case invalidAddress(String)
  /// A header name is empty or has characters outside printable ASCII, or a `:`.
  case invalidHeaderName(String)
  /// An extra header would duplicate one the message writes itself (e.g. `Subject`, `Bcc`).
  case reservedHeader(String)
  /// A Message-ID is empty or has spaces, angle brackets or non-ASCII characters.
  case invalidMessageID(String)
  /// A content type is not `type/subtype` made of MIME token characters.
  case invalidContentType(String)
  /// A MIME parameter name is not a MIME token.
  case invalidParameterName(String)
  /// A multipart has no parts.
  case emptyMultipart(subtype: String)
  /// The message has no `To` recipients.
  case noRecipients
  /// `.sevenBit` was requested for text that is not ASCII with lines of at most 998 octets.
  case sevenBitNotPossible
  /// A stored document's digest is not 64 lowercase hex digits.
  case invalidDocumentDigest

  /// A human-readable message.
  public var errorDescription: String? {
    switch self {
    case .headerInjection(let field):
      "Header \(field) contains a line break or control character"
    case .invalidAddress(let address): "Invalid email address '\(address)'"
    case .invalidHeaderName(let name): "Invalid header name '\(name)'"
    case .reservedHeader(let name): "Header \(name) is set by the message itself"
    case .invalidMessageID(let id): "Invalid Message-ID '\(id)'"
    case .invalidContentType(let type): "Invalid content type '\(type)'"
    case .invalidParameterName(let name): "Invalid MIME parameter name '\(name)'"
    case .emptyMultipart(let subtype): "multipart/\(subtype) has no parts"
    case .noRecipients: "The message has no To recipients"
    case .sevenBitNotPossible: "The text cannot be sent as 7bit; use automatic encoding"
    case .invalidDocumentDigest: "A stored document's digest must be 64 lowercase hex digits"
    }
  }
}

extension Unicode.Scalar {
  /// C0/C1 controls, DEL and the Unicode line/paragraph separators.
  var isHeaderControl: Bool {
    value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
  }
}

extension String {
  /// Whether any scalar is a control character (see `isHeaderControl`).
  var containsHeaderControl: Bool { unicodeScalars.contains { $0.isHeaderControl } }

  /// The string with control characters shown as `?`, safe for error messages.
  var controlsMasked: String {
    String(String.UnicodeScalarView(unicodeScalars.map { $0.isHeaderControl ? "?" : $0 }))
  }

  /// Whether every scalar is ASCII.
  var isASCII: Bool { unicodeScalars.allSatisfy(\.isASCII) }

  /// Throws `headerInjection(field:)` when the string contains a control character.
  func checkedForHeader(_ field: String) throws(MIMEError) -> String {
    if containsHeaderControl { throw .headerInjection(field: field.controlsMasked) }
    return self
  }
}
