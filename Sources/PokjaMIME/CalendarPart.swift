import Foundation

/// A body part of a received message that carries an iCalendar object, such as an iTIP
/// `REPLY` (RFC 5546, RFC 6047).
///
/// A part counts when it is `text/calendar` anywhere in the tree (inline in a
/// `multipart/alternative` or as an attachment), `application/ics`, or an
/// `application/octet-stream` whose file name ends in `.ics`. Parts whose body could not be
/// decoded, and parts of attached (forwarded) messages, are left out: a forwarded calendar is
/// not the sender's reply.
public struct CalendarPart: Hashable, Sendable {
  /// The Content-Type `method` parameter uppercased (`REPLY`, `COUNTER`, …), or nil when the
  /// Content-Type has none (Apple Mail attachments: the method is only inside the calendar).
  public let method: String?
  /// The calendar text, decoded with the part's charset.
  public let text: String
  /// The part itself, for its file name, disposition and headers.
  public let part: ReceivedPart

  /// The calendar in `part`, or nil when `part` does not carry one.
  init?(_ part: ReceivedPart) {
    let isCalendar =
      switch part.contentType {
      case "text/calendar", "application/ics": true
      case "application/octet-stream":
        part.filename?.lowercased().hasSuffix(".ics") == true
      default: false
      }
    guard isCalendar, let text = part.text else { return nil }
    let method = part.parameter("method")?.trimmingCharacters(in: .whitespaces).uppercased()
    self.method = method?.isEmpty == false ? method : nil
    self.text = text
    self.part = part
  }
}
