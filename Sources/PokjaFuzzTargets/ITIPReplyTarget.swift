import Foundation
import PokjaScheduling

/// The iTIP reader (RFC 5546) for calendars in mail from the inbox: REPLY answers and COUNTER
/// proposals, bounded in size and event count.
enum ITIPReplyTarget {
  static let target = FuzzTarget(
    "itip-reply", "iTIP REPLY and COUNTER calendars from the inbox", run)

  static func run(_ input: Data) throws(FuzzFinding) {
    guard let message = try? ITIPReader.read(input.text, defaultTimeZone: .gmt) else { return }
    try expect(
      message.replies.count + message.counters.count <= ITIPReader.maximumEvents,
      "more events read than the limit of \(ITIPReader.maximumEvents)")
    for reply in message.replies {
      try expect(!reply.uid.isEmpty, "a reply without UID (line \(reply.line))")
      try expect(!reply.attendee.isEmpty, "a reply without attendee (line \(reply.line))")
    }
  }
}
