import Foundation

/// The short code each invitee gets in their invitation and gives at the sign-in desk (typed, or
/// read from the printed sheet). A seam: the notifications module writes it into mail, the
/// attendance commands look it up, and neither knows how it is made.
public protocol CheckInCodes: Sendable {
  /// `contact`'s code for the meeting whose iCalendar UID is `uid`: eight letters and digits
  /// without look-alikes, written `K7P3-QX9A`.
  func code(meetingUID uid: String, contact: ContactID) -> String
}
