import Dispatch
import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import Synchronization

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
  /// Queues a sign-in mail with `url` for `contact` (delivered by `deliver`).
  public var mailSignInLink:
    @Sendable (_ contact: Contact, _ url: String, _ expires: Date, _ link: SignInLinkID) throws ->
      Void
  /// Delivers what the outbox has due (mail and webhooks); what fails waits for its retry, which
  /// `pokja outbox send` from cron makes.
  public var deliver: @Sendable () throws -> Void
  /// Meeting calendars and mail are signed by this organiser.
  public var organiser: Organiser
  /// The files of meetings and plan items (`/documents/…`); nil: none are served.
  public var documents: DocumentLibrary?
  /// Checks the links to documents that invitations carry (`--documents link`).
  public var documentLinks: SignedDocumentLinks?
  /// Invitation lists agreed before they are sent: members read them and comment
  /// (`/meetings/ID/list`); nil: not shown.
  public var invitationLists: InvitationLists?

  public init(
    directory: Directory, scheduler: MeetingScheduler, access: Access, tickets: ReplyTickets,
    replies: @escaping @Sendable () throws -> Replies,
    mailSignInLink: @escaping @Sendable (Contact, String, Date, SignInLinkID) throws -> Void,
    deliver: @escaping @Sendable () throws -> Void, organiser: Organiser,
    documents: DocumentLibrary? = nil, documentLinks: SignedDocumentLinks? = nil,
    invitationLists: InvitationLists? = nil
  ) {
    self.invitationLists = invitationLists
    self.documents = documents
    self.documentLinks = documentLinks
    self.directory = directory
    self.scheduler = scheduler
    self.access = access
    self.tickets = tickets
    self.replies = replies
    self.mailSignInLink = mailSignInLink
    self.deliver = deliver
    self.organiser = organiser
  }
}

/// Delivers the outbox after a request queued something, on a lane of its own, so no request
/// waits for a mail server or a webhook. Runs one delivery at a time; a request that queues while
/// one runs makes it go round once more.
public actor Deliveries {
  private let lane: LanePool
  private let log: @Sendable (String) -> Void
  private var running = false
  private var again = false

  init(lane: LanePool, log: @escaping @Sendable (String) -> Void) {
    self.lane = lane
    self.log = log
  }

  /// Starts a delivery now, or after the one running.
  func start() {
    guard !running else {
      again = true
      return
    }
    running = true
    Task { await self.loop() }
  }

  /// Waits until no delivery is running (tests).
  public func settled() async {
    while running { try? await Task.sleep(for: .milliseconds(10)) }
  }

  private func loop() async {
    repeat {
      again = false
      do {
        try await lane.run { try $0.deliver() }
      } catch {
        log("delivering the outbox: \(error.localizedDescription)")
      }
    } while again
    running = false
  }
}

/// The time a request waited for a database lane, told to the `Server-Timing` header through a
/// task-local value set by the middleware for the request.
final class RequestTiming: Sendable {
  @TaskLocal static var current: RequestTiming?
  private let waited = Mutex<Duration>(.zero)

  func addWait(_ duration: Duration) { waited.withLock { $0 += duration } }
  var wait: Duration { waited.withLock { $0 } }
}

extension Duration {
  /// In milliseconds, for `Server-Timing`.
  var milliseconds: Double {
    Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
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

  /// Runs `body` on a free lane, off the event loops. The time spent waiting for a lane is added
  /// to the request's `RequestTiming` (its `Server-Timing: wait;dur=`).
  nonisolated func run<T: Sendable>(_ body: @escaping @Sendable (WebLane) throws -> T) async throws
    -> T
  {
    let asked = ContinuousClock.now
    let lane = try await acquire()
    RequestTiming.current?.addWait(ContinuousClock.now - asked)
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
