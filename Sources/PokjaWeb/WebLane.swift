import Dispatch
import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling

/// Everything a request works with, on one store connection. The stores are synchronous and keep
/// one transaction at a time, so a lane serves one request at a time; the server keeps a few.
public struct WebLane: Sendable {
  public var directory: Directory
  public var scheduler: MeetingScheduler
  public var access: Access
  /// Opens the RSVP links' tokens.
  public var tickets: ReplyTickets
  /// Records answers and tells the channels (`reply.received`).
  public var replies: @Sendable () throws -> Replies
  /// Queues a sign-in mail with `url` for `contact` and delivers it.
  public var mailSignInLink:
    @Sendable (_ contact: Contact, _ url: String, _ expires: Date, _ link: SignInLinkID) throws ->
      Void
  /// Meeting calendars and mail are signed by this organiser.
  public var organiser: Organiser

  public init(
    directory: Directory, scheduler: MeetingScheduler, access: Access, tickets: ReplyTickets,
    replies: @escaping @Sendable () throws -> Replies,
    mailSignInLink: @escaping @Sendable (Contact, String, Date, SignInLinkID) throws -> Void,
    organiser: Organiser
  ) {
    self.directory = directory
    self.scheduler = scheduler
    self.access = access
    self.tickets = tickets
    self.replies = replies
    self.mailSignInLink = mailSignInLink
    self.organiser = organiser
  }
}

/// Lanes made on demand up to a limit; a request waits for a free one. Blocking store work runs on
/// a thread of its own, never on the server's event loops or Swift's cooperative pool.
actor LanePool {
  private let make: @Sendable () throws -> WebLane
  private let limit: Int
  private var idle: [WebLane] = []
  private var made = 0
  private var waiting: [CheckedContinuation<WebLane, any Error>] = []
  private static let queue = DispatchQueue(label: "pokja.web.store", attributes: .concurrent)

  init(limit: Int, make: @escaping @Sendable () throws -> WebLane) {
    self.limit = limit
    self.make = make
  }

  private func acquire() async throws -> WebLane {
    if let lane = idle.popLast() { return lane }
    if made < limit {
      made += 1
      do {
        return try await Self.blocking(make)
      } catch {
        made -= 1
        throw error
      }
    }
    return try await withCheckedThrowingContinuation { waiting.append($0) }
  }

  private func release(_ lane: WebLane) {
    if waiting.isEmpty {
      idle.append(lane)
    } else {
      waiting.removeFirst().resume(returning: lane)
    }
  }

  /// Runs `body` on a free lane, off the event loops.
  nonisolated func run<T: Sendable>(_ body: @escaping @Sendable (WebLane) throws -> T) async throws
    -> T
  {
    let lane = try await acquire()
    do {
      let result = try await Self.blocking { try body(lane) }
      await release(lane)
      return result
    } catch {
      await release(lane)
      throw error
    }
  }

  private static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T)
    async throws -> T
  {
    try await withCheckedThrowingContinuation { continuation in
      queue.async { continuation.resume(with: Result { try body() }) }
    }
  }
}
