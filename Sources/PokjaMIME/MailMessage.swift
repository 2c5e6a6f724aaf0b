import Foundation

/// An additional header field such as `List-Unsubscribe` or `Auto-Submitted`.
public struct MailHeader: Hashable, Sendable {
  /// The field name, e.g. `X-Pokja-Meeting`.
  public var name: String
  /// The unstructured value; non-ASCII text is sent as RFC 2047 encoded words.
  public var value: String

  /// Creates a header field.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// An email message rendered as RFC 5322 text with MIME (RFC 2045-2047) bodies.
public struct MailMessage: Hashable, Sendable {
  /// Header fields written by the message itself, which extra headers may not repeat.
  public static let reservedHeaders: Set<String> = [
    "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id",
    "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
  ]

  /// The author.
  public var from: MailAddress
  /// The primary recipients; at least one is required.
  public var to: [MailAddress]
  /// Carbon-copy recipients.
  public var cc: [MailAddress]
  /// Where replies should go, when not to `from`.
  public var replyTo: [MailAddress]
  /// The subject, any Unicode text without control characters.
  public var subject: String
  /// The origination date.
  public var date: Date
  /// The zone the `Date` header is written in.
  public var timeZone: TimeZone
  /// The Message-ID without angle brackets, e.g. `uuid@pokja.example`.
  public var messageID: String
  /// Additional header fields, written after the standard ones.
  public var extraHeaders: [MailHeader]
  /// The body.
  public var body: MIMEPart

  /// Creates a message; the `Date` header is written in UTC unless `timeZone` says otherwise.
  public init(
    from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: [MailAddress] = [],
    subject: String, date: Date, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .gmt,
    messageID: String, extraHeaders: [MailHeader] = [], body: MIMEPart
  ) {
    self.from = from
    self.to = to
    self.cc = cc
    self.replyTo = replyTo
    self.subject = subject
    self.date = date
    self.timeZone = timeZone
    self.messageID = messageID
    self.extraHeaders = extraHeaders
    self.body = body
  }

  /// A fresh random Message-ID (without angle brackets) at `domain`.
  public static func makeMessageID(domain: String) -> String {
    UUID().uuidString.lowercased() + "@" + domain
  }

  /// The whole message: CRLF line endings, every byte below 128, headers folded at 78
  /// characters, ending with CRLF.
  ///
  /// Throws `headerInjection(field:)` when any header text contains CR, LF or another control
  /// character, and the other ``MIMEError`` cases for malformed input.
  public func rendered() throws(MIMEError) -> String {
    guard !to.isEmpty else { throw .noRecipients }
    var headers = ["Date: " + RFC5322Date.format(date, in: timeZone)]
    headers.append("From: " + (try from.rendered(field: "From")))
    if !replyTo.isEmpty { headers.append(try addressList("Reply-To", replyTo)) }
    headers.append(try addressList("To", to))
    if !cc.isEmpty { headers.append(try addressList("Cc", cc)) }
    headers.append(try unstructured("Subject", subject))
    headers.append("Message-ID: <" + (try validatedMessageID()) + ">")
    headers.append("MIME-Version: 1.0")
    for header in extraHeaders {
      let name = header.name
      if name.containsHeaderControl { throw .headerInjection(field: name.controlsMasked) }
      guard !name.isEmpty, name.utf8.allSatisfy({ (33...126).contains($0) && $0 != 0x3A })
      else { throw .invalidHeaderName(name) }
      guard !Self.reservedHeaders.contains(name.lowercased()) else {
        throw .reservedHeader(name)
      }
      headers.append(try unstructured(name, header.value))
    }
    let (partHeaders, partBody) = try body.render()
    headers += partHeaders

    var body = partBody
    if !body.hasSuffix("\r\n") {
      let isQuotedPrintable = partHeaders.contains("Content-Transfer-Encoding: quoted-printable")
      body += isQuotedPrintable ? "=\r\n" : "\r\n"
    }
    return headers.map(HeaderFolding.fold).joined(separator: "\r\n") + "\r\n\r\n" + body
  }

  private func addressList(_ field: String, _ addresses: [MailAddress]) throws(MIMEError)
    -> String
  {
    var rendered: [String] = []
    for address in addresses { rendered.append(try address.rendered(field: field)) }
    return field + ": " + rendered.joined(separator: ", ")
  }

  private func unstructured(_ field: String, _ value: String) throws(MIMEError) -> String {
    _ = try value.checkedForHeader(field)
    let prefix = field + ":"
    if value.isEmpty { return prefix }
    let firstLimit = HeaderFolding.limit - prefix.count - 1
    let words = EncodedWord.words(for: value, firstLimit: firstLimit)
    return prefix + " " + words.joined(separator: " ")
  }

  private func validatedMessageID() throws(MIMEError) -> String {
    _ = try messageID.checkedForHeader("Message-ID")
    guard !messageID.isEmpty,
      messageID.utf8.allSatisfy({ (33...126).contains($0) && $0 != 0x3C && $0 != 0x3E })
    else { throw .invalidMessageID(messageID) }
    return messageID
  }
}

/// RFC 5322 folding of an ASCII header line at whitespace.
enum HeaderFolding {
  /// The recommended maximum line length, excluding CRLF.
  static let limit = 78

  /// Folds `line` (`Name: value`, no CRLF) by inserting CRLF before a space so that lines stay
  /// within 78 characters where whitespace allows; unfolding restores `line` exactly.
  static func fold(_ line: String) -> String {
    let bytes = Array(line.utf8)
    let space = UInt8(ascii: " ")
    var output: [UInt8] = []
    var start = 0
    while bytes.count - start > limit {
      // A break at `p` ends this line before `p`; the next line starts with the space at `p`.
      func usable(_ p: Int) -> Bool {
        bytes[p] == space && bytes[start..<p].contains { $0 != space }
          && bytes[(p + 1)...].contains { $0 != space }
      }
      let within = stride(from: start + limit, to: start, by: -1).first(where: usable)
      guard let breakAt = within ?? (start + limit + 1..<bytes.count).first(where: usable)
      else { break }
      output += bytes[start..<breakAt] + Array("\r\n".utf8)
      start = breakAt
    }
    output += bytes[start...]
    return String(decoding: output, as: UTF8.self)
  }
}
