import Foundation

/// Whether the calendar of each invitation, update and cancellation lists every attendee, or only
/// the organiser and its one recipient (`meeting add|edit --guest-list`).
public enum GuestList: String, Hashable, Sendable, Codable, CaseIterable {
  /// Every attendee is listed in every message: each attendee sees who else is invited.
  case visible
  /// Each message lists the organiser and its recipient alone (RFC 5546 allows a REQUEST to one
  /// attendee; replies still work): nobody's address goes to anyone else.
  case hidden
}

/// How the guest list of a meeting that has not chosen one is decided, at each sending
/// (`[invitations] guest_list` and `hide_guest_list_above`).
public struct GuestListDefault: Hashable, Sendable {
  /// `auto` (hidden above `hideAbove` attendees), or always `visible` or `hidden`.
  public enum Mode: String, Hashable, Sendable, CaseIterable {
    case auto, visible, hidden
  }

  public var mode: Mode
  /// With `auto`: a meeting with more attendees than this hides its guest list.
  public var hideAbove: Int

  public static let defaultHideAbove = 50

  public init(mode: Mode = .auto, hideAbove: Int = GuestListDefault.defaultHideAbove) {
    self.mode = mode
    self.hideAbove = hideAbove
  }

  /// The guest list of a meeting with `attendees` attendees that chose `choice` (nil: none).
  public func guestList(choice: GuestList?, attendees: Int) -> GuestList {
    if let choice { return choice }
    switch mode {
    case .visible: return .visible
    case .hidden: return .hidden
    case .auto: return attendees > hideAbove ? .hidden : .visible
    }
  }
}
