import Foundation
import PokjaCore
import PokjaScheduling

/// Sends a meeting's invitations: one iMIP message per attendee, queued in the outbox in one
/// transaction, then delivered. Running it again sends nothing twice: an attendee who already has this
/// version (SEQUENCE) of the meeting is skipped, and only what is still queued is retried.
public struct Invitations: Sendable {
  private let scheduler: MeetingScheduler
  private let composer: MessageComposer
  private let outbox: Outbox
  /// The meetings' documents, sent with their invitations; nil: none.
  public var documents: DocumentLibrary?

  /// The most the attached documents of one message may weigh: mail servers commonly refuse
  /// messages over 20–25 MB, and base64 adds a third.
  public static let attachmentLimit = 15 * 1_048_576

  public init(
    scheduler: MeetingScheduler, composer: MessageComposer, outbox: Outbox,
    documents: DocumentLibrary? = nil
  ) {
    self.scheduler = scheduler
    self.composer = composer
    self.outbox = outbox
    self.documents = documents
  }

  private var composerNow: Date { composer.now }

  /// Refuses what `send(meeting:sending:)` would refuse for `details`, before anything is stored:
  /// a cancelled meeting, one without attendees, links without `[web] url`.
  public func check(_ details: MeetingDetails, sending: MessageComposer.DocumentSending) throws {
    guard details.meeting.status == .confirmed else {
      throw NotificationError.meetingCancelled(details.meeting.id)
    }
    guard !details.attendees.isEmpty else {
      throw NotificationError.noAttendees(details.meeting.id)
    }
    if sending == .linked, composer.documentLinks == nil { throw NotificationError.noDocumentLinks }
  }

  /// Queues and delivers the invitations of the meeting named by `reference`, with the meeting's
  /// documents (`pokja doc`) attached or linked as `sending` says. With `resendWithDocuments`
  /// (a document was just added: `meeting invite --attach`), whoever has this version already
  /// gets it again with the documents, once per set of documents.
  public func send(
    meeting reference: String, sending: MessageComposer.DocumentSending = .attached,
    resendWithDocuments: Bool = false
  ) throws -> SendReport {
    let details = try scheduler.details(of: reference)
    try check(details, sending: sending)
    let documents = try documents?.documents(of: .meeting(details.meeting.id)) ?? []
    if sending == .attached {
      let total = documents.reduce(0) { $0 + $1.size }
      guard total <= Self.attachmentLimit else {
        throw NotificationError.documentsTooLarge(total, limit: Self.attachmentLimit)
      }
    }
    // People marked do-not-contact stay on the list (calendars show them) but get no mail.
    var drafts = try details.attendees.filter { !$0.contact.doNotContact }.map {
      try composer.invitation(details, to: $0, documents: documents, sending: sending)
    }
    // Whoever has this version already gets it again with the files, once per set of files; the
    // plain key stays that of the version, so `meeting upcoming --invite` never sends it twice.
    if resendWithDocuments, !documents.isEmpty {
      let had = try outbox.states(ofKeys: drafts.map(\.dedupeKey))
      let suffix = MessageComposer.filesKey(documents)
      for index in drafts.indices where had[drafts[index].dedupeKey] != nil {
        drafts[index].dedupeKey += suffix
      }
    }
    var report = try outbox.send(
      drafts, events: [(WebhookEvent.invitationSent(details, at: composerNow), details)],
      meeting: details.meeting.id)
    report.meeting = details.meeting
    report.skippedOptedOut = details.attendees.count - drafts.count
    return report
  }

  /// Queues and delivers the invitations of several meetings in one run (`meeting upcoming
  /// --invite`): attendees who already have the current version get nothing. Each meeting's
  /// documents go attached, or linked when they weigh more than a mail server takes and links
  /// can be made.
  public func send(meetings: [MeetingDetails]) throws -> SendReport {
    var drafts: [OutboundDraft] = []
    var skipped = 0
    var unattached: [MeetingID] = []
    var events: [(WebhookEvent, MeetingDetails?)] = []
    for details in meetings where details.meeting.status == .confirmed {
      events.append((WebhookEvent.invitationSent(details, at: composerNow), details))
      let documents = try documents?.documents(of: .meeting(details.meeting.id)) ?? []
      // Too heavy for mail: linked, or (no `[web] url`) named in the text only, and said so.
      let heavy = documents.reduce(0) { $0 + $1.size } > Self.attachmentLimit
      let sending: MessageComposer.DocumentSending = heavy ? .linked : .attached
      if heavy && composer.documentLinks == nil { unattached.append(details.meeting.id) }
      for attendee in details.attendees {
        guard !attendee.contact.doNotContact else {
          skipped += 1
          continue
        }
        drafts.append(
          try composer.invitation(details, to: attendee, documents: documents, sending: sending))
      }
    }
    var report = try outbox.send(drafts, events: events, meeting: nil)
    report.skippedOptedOut = skipped
    report.documentsNotAttached = unattached
    return report
  }
}
