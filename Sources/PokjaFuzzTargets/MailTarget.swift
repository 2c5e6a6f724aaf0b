import Foundation
import PokjaMIME

/// The MIME reader for mail from the inbox (RFC 5322, 2045–2047, 2231): headers, addresses,
/// dates, multipart bodies, transfer encodings, charsets and the calendar parts replies carry.
/// Round trips: header text encoded as RFC 2047 words decodes to itself, and a date written as
/// RFC 5322 reads back.
enum MailTarget {
  static let target = FuzzTarget(
    "mail", "Received mail: headers, addresses, MIME parts, encodings, calendar parts", run)

  static func run(_ input: Data) throws(FuzzFinding) {
    if let message = try? ReceivedMessage.parse(input) {
      _ = message.decodedHeader("Subject")
      _ = message.addresses("Reply-To")
      for part in message.calendarParts { _ = part.method }
      for part in message.allParts { _ = part.decodedBody.count }
    }
    let line = String(
      input.text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)
    )
    let encoded = EncodedWord.encode(line)
    try expectEqual(EncodedWord.decode(encoded), line, "RFC 2047 encode then decode")
    _ = RFC5322Date.parse(line)
    let seconds = input.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % 8_000_000_000
    let date = Date(timeIntervalSince1970: TimeInterval(seconds))
    let zone = TimeZone(secondsFromGMT: Int(input.first ?? 0) % 53 * 1800 - 12 * 3600)!
    try expectEqual(
      RFC5322Date.parse(RFC5322Date.format(date, in: zone)), date, "RFC 5322 date written and read")
  }
}
