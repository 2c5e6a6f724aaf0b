import Foundation

/// The three links an invitation or reminder carries so its recipient can answer from the mail
/// (`pokja serve`'s `/rsvp/` pages).
public struct ReplyLinkSet: Sendable, Hashable {
  public var accept: String
  public var tentative: String
  public var decline: String

  public init(accept: String, tentative: String, decline: String) {
    self.accept = accept
    self.tentative = tentative
    self.decline = decline
  }
}

/// Makes reply links (a seam: the notifications module composes mail without knowing how links are
/// signed). Each link is bound to one meeting, occurrence, contact and version, and expires.
public protocol ReplyLinks: Sendable {
  /// Links for `contact`'s reply to version `sequence` of `meeting` (to the occurrence that
  /// originally starts at `occurrence`, when given), working until `expires`.
  func links(
    meeting: MeetingID, occurrence: Date?, contact: ContactID, sequence: Int, expires: Date
  ) -> ReplyLinkSet
}
