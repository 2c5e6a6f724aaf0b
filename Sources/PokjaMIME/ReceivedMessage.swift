import Foundation

/// A message received from outside (an IMAP inbox), read within ``MailLimits``.
///
/// ```swift
/// let message = try ReceivedMessage.parse(rawBytes)
/// for calendar in message.calendarParts where calendar.method == "REPLY" {
///   handleReply(calendar.text, from: message.from.first)
/// }
/// ```
public struct ReceivedMessage: Hashable, Sendable {
  /// The message's header fields in order, unfolded but not decoded.
  public let headers: ReceivedHeaders
  /// The body: the root of the part tree (its headers are the message's).
  public let body: ReceivedPart
  /// The Message-ID without angle brackets, or nil.
  public let messageID: String?
  /// The addr-specs in `From` (domain lowercased); usually one.
  public let from: [String]
  /// The addr-specs in `To` (domain lowercased), groups flattened.
  public let to: [String]
  /// The subject with encoded words decoded, or nil.
  public let subject: String?
  /// The `Date` header, or nil when absent or unreadable.
  public let date: Date?

  init(headers: ReceivedHeaders, body: ReceivedPart) {
    self.headers = headers
    self.body = body
    self.messageID = headers["Message-ID"].map(Self.unbracketed).flatMap { $0.isEmpty ? nil : $0 }
    self.from = headers["From"].map(AddressList.addrSpecs) ?? []
    self.to = headers.values("To").flatMap(AddressList.addrSpecs)
    self.subject = headers["Subject"].map(EncodedWord.decode)
    self.date = headers["Date"].flatMap(RFC5322Date.parse)
  }

  /// Reads a raw RFC 5322 message (LF or CRLF line ends) and its MIME body tree.
  ///
  /// Malformed but common input is tolerated: no blank line after the headers (the whole
  /// message is headers), a missing MIME-Version, an unknown transfer encoding (read as
  /// 8bit), a boundary with trailing whitespace or padded boundary lines, a missing closing
  /// boundary (the parts before it are kept), base64 that is not base64 (see
  /// `ReceivedPart.bodyError`). Throws when any of `limits` is exceeded. The work is linear
  /// in the size of `data` times the nesting depth.
  public static func parse(_ data: Data, limits: MailLimits = MailLimits())
    throws(MailReadError) -> ReceivedMessage
  {
    guard data.count <= limits.maximumMessageSize else {
      throw .messageTooLarge(size: data.count, limit: limits.maximumMessageSize)
    }
    var reader = MailReader(limits: limits)
    return try reader.message(from: [UInt8](data), depth: 0)
  }

  /// The first value of the header `name` (any case) with RFC 2047 encoded words decoded, for
  /// display; nil when absent.
  public func decodedHeader(_ name: String) -> String? {
    headers[name].map(EncodedWord.decode)
  }

  /// The addr-specs of every `name` header (e.g. `Cc`, `Reply-To`), domains lowercased.
  public func addresses(_ name: String) -> [String] {
    headers.values(name).flatMap(AddressList.addrSpecs)
  }

  /// Every body part, depth first, parent before children, starting with `body`; parts of
  /// attached messages are not included.
  public var allParts: [ReceivedPart] { body.allParts }

  /// The parts that carry an iCalendar object, in tree order (see ``CalendarPart``).
  public var calendarParts: [CalendarPart] {
    allParts.compactMap(CalendarPart.init)
  }

  /// `<id@host>` → `id@host`; a value without brackets is trimmed.
  private static func unbracketed(_ value: String) -> String {
    if let open = value.firstIndex(of: "<"),
      let close = value[open...].firstIndex(of: ">")
    {
      return String(value[value.index(after: open)..<close])
        .trimmingCharacters(in: .whitespaces)
    }
    return value.trimmingCharacters(in: .whitespaces)
  }
}
