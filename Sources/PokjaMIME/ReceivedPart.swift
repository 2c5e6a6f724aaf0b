import Foundation

/// One body part of a received message: a leaf with a decoded body, a multipart with
/// children, or an attached `message/rfc822` read as a nested message.
public struct ReceivedPart: Hashable, Sendable {
  /// The part's header fields (for the message's own body, the message's headers).
  public let headers: ReceivedHeaders
  /// `type/subtype`, lowercased; `text/plain` when the part has no usable Content-Type
  /// (`message/rfc822` inside `multipart/digest`).
  public let contentType: String
  /// The Content-Type parameters, names lowercased, RFC 2231 values joined and decoded.
  public let parameters: [MIMEParameter]
  /// `attachment`, `inline` or another Content-Disposition value, lowercased; nil without one.
  public let disposition: String?
  /// The Content-Disposition parameters, names lowercased, RFC 2231 values decoded.
  public let dispositionParameters: [MIMEParameter]
  /// The Content-Transfer-Encoding, lowercased (`7bit` when absent). Unknown encodings are
  /// read as `8bit`, and multiparts ignore theirs.
  public let transferEncoding: String
  /// The parts of a `multipart/*` in order (preamble and epilogue dropped); empty for a leaf.
  public let children: [ReceivedPart]
  /// The body with its transfer encoding undone (base64, quoted-printable; others as they
  /// are), line breaks as written. Empty for a multipart and when `bodyError` is set.
  public let decodedBody: Data
  /// Why the body could not be decoded (base64 that is not base64), or nil.
  public let bodyError: MailReadError?
  // An array, not an optional, because a struct cannot hold itself directly.
  private let nested: [ReceivedMessage]

  init(
    headers: ReceivedHeaders, contentType: String, parameters: [MIMEParameter],
    disposition: String?, dispositionParameters: [MIMEParameter], transferEncoding: String,
    children: [ReceivedPart] = [], decodedBody: Data = Data(), bodyError: MailReadError? = nil,
    message: ReceivedMessage? = nil
  ) {
    self.headers = headers
    self.contentType = contentType
    self.parameters = parameters
    self.disposition = disposition
    self.dispositionParameters = dispositionParameters
    self.transferEncoding = transferEncoding
    self.children = children
    self.decodedBody = decodedBody
    self.bodyError = bodyError
    self.nested = message.map { [$0] } ?? []
  }

  /// The attached message of a `message/rfc822` (or `message/global`) part, read with the same
  /// limits as its parent; its parts count towards the parent's part and depth limits.
  /// `decodedBody` still holds the attached message's raw bytes.
  public var message: ReceivedMessage? { nested.first }

  /// Whether this is a `multipart/*` part with a boundary.
  public var isMultipart: Bool { contentType.hasPrefix("multipart/") && boundary != nil }

  /// The value of the Content-Type parameter `name` (any case), or nil.
  public func parameter(_ name: String) -> String? {
    let key = name.lowercased()
    return parameters.first { $0.name == key }?.value
  }

  /// The `charset` parameter, lowercased, or nil.
  public var charset: String? { parameter("charset")?.lowercased() }

  /// The file name: Content-Disposition's `filename`, else Content-Type's `name`, with RFC 2231
  /// and RFC 2047 encodings undone; nil when neither is present or both are empty.
  public var filename: String? {
    let raw =
      dispositionParameters.first { $0.name == "filename" }?.value ?? parameter("name")
    guard let raw, !raw.isEmpty else { return nil }
    return EncodedWord.decode(raw)
  }

  /// The decoded body as text in the part's charset (UTF-8, US-ASCII, ISO-8859-1/Latin-1,
  /// ISO-8859-15, windows-1252, UTF-16); without a charset or with an unknown one it is read as
  /// UTF-8 when valid, else Latin-1. Nil for a multipart and when `bodyError` is set.
  public var text: String? {
    guard children.isEmpty, !isMultipart, bodyError == nil else { return nil }
    return Charset.decode(decodedBody, charset: charset)
  }

  /// The multipart boundary with trailing whitespace removed, or nil.
  var boundary: String? {
    guard let value = parameter("boundary") else { return nil }
    var trimmed = Substring(value)
    while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
    return trimmed.isEmpty ? nil : String(trimmed)
  }

  /// This part and every part below it, depth first, parent before children; attached
  /// messages are not entered.
  public var allParts: [ReceivedPart] {
    var result: [ReceivedPart] = []
    var stack: [ReceivedPart] = [self]
    while let part = stack.popLast() {
      result.append(part)
      stack.append(contentsOf: part.children.reversed())
    }
    return result
  }
}
