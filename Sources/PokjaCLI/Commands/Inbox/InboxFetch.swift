import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja.InboxGroup {
  /// `pokja inbox fetch`: reads the unread replies once and files them.
  struct Fetch: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "fetch",
      abstract: "Record the calendar replies waiting in the mailbox, and file them.",
      discussion: """
        Each unread message with a calendar reply is read once: its answers are recorded (only \
        for the attendee who sent it, for the meeting the reply names, and for the meeting's \
        current version), changed answers wait in the outbox for the channels (reply.received; \
        'outbox send' delivers them), and the message is marked read and moved to [imap] \
        done_folder (or unmatched_folder). A calendar that cannot be read is reported with the \
        message's UID and left where it is. Safe to run from cron and to repeat: a message is \
        never counted twice.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      guard let mailbox = try services.inboxMailbox() else {
        throw InboxCommandError.notConfigured(configPath: services.config.path)
      }
      defer { mailbox.close() }
      let console = services.console
      var announced = false
      var malformed = 0
      let report = try services.inboxFetch(mailbox).run { event in
        switch event {
        case .progress(let done, let total):
          guard total >= 100, !output.json else { return }
          if !announced {
            console.error("Reading \(counted(total, "unread message")) in \(mailbox.address)…")
            announced = true
          }
          if done % 100 == 0 || done == total { console.error("  \(done)/\(total)") }
        case .read(let entry) where entry.status == .malformed:
          // Said as soon as it is known: a run that stops later has said it already.
          malformed += 1
          console.error(
            "warning: message UID \(entry.uid) in \(mailbox.address), from \(entry.sender ?? "an unknown sender"): \(entry.problem ?? "it cannot be read.") It stays in the inbox; 'pokja inbox list' shows it."
          )
        case .read:
          break
        }
      }
      // Changed answers wait in the outbox for the channels: `outbox send`, or cron's `remind
      // --due`, delivers them (with everything else that is due).
      let listening = try services.channelStore.channels().contains { $0.wants(.replyReceived) }
      let queued = listening ? report.changedAnswers : 0
      if output.json {
        console.write(JSONOutput.encode(InboxFetchRecord(report)))
      } else {
        print(report, queuedEvents: queued, to: console)
      }
      if malformed > 0 { throw CommandFailed(status: .dataError) }
    }

    private func print(_ report: InboxFetch.Report, queuedEvents: Int, to console: any Console) {
      guard report.unread > 0 || report.refiled > 0 else {
        console.write("No unread mail in \(report.mailbox).")
        return
      }
      console.write("Read \(counted(report.unread, "unread message")) in \(report.mailbox).")
      let items = report.entries.flatMap(\.items)
      let recorded = items.filter { $0.outcome == .recorded }
      let stale = items.filter { $0.outcome == .stale }.count
      let lines: [(String, Int)] = [
        (
          "Answers recorded: \(recorded.count) (\(recorded.filter(\.changed).count) changed)",
          recorded.count
        ),
        ("Answers to an older version, not applied: \(stale)", stale),
        ("Proposals of another time: \(report.count(.counter))", report.count(.counter)),
        ("Unmatched replies: \(report.count(.unmatched))", report.count(.unmatched)),
        ("Repeated messages, filed: \(report.count(.duplicate))", report.count(.duplicate)),
        (
          "Unreadable calendars, left in place: \(report.count(.malformed))",
          report.count(.malformed)
        ),
        ("Other mail, left unread: \(report.count(.ignored))", report.count(.ignored)),
        ("Recorded before, filed now: \(report.refiled)", report.refiled),
        ("Read before, left alone: \(report.leftAlone)", report.leftAlone),
        ("Taken by another run: \(report.takenByAnotherRun)", report.takenByAnotherRun),
        ("Gone meanwhile: \(report.gone)", report.gone),
      ]
      for (line, count) in lines where count > 0 { console.write("  " + line) }
      if [InboxStatus.counter, .unmatched, .stale, .malformed].contains(where: {
        report.count($0) > 0
      }) {
        console.write("'pokja inbox list' shows the replies that need you.")
      }
      if queuedEvents > 0 {
        console.write(
          "Channels: \(queuedEvents) reply.received waiting in the outbox ('pokja outbox send' delivers them; cron does every few minutes)."
        )
      }
    }
  }
}

/// What `inbox fetch --json` prints.
struct InboxFetchRecord: Encodable {
  let mailbox: String
  let uidValidity: Int64
  let unread: Int
  let refiled: Int
  let leftAlone: Int
  let gone: Int
  let takenByAnotherRun: Int
  let changedAnswers: Int
  let entries: [InboxEntryRecord]

  init(_ report: InboxFetch.Report) {
    mailbox = report.mailbox
    uidValidity = report.uidValidity
    unread = report.unread
    refiled = report.refiled
    leftAlone = report.leftAlone
    gone = report.gone
    takenByAnotherRun = report.takenByAnotherRun
    changedAnswers = report.changedAnswers
    entries = report.entries.map(InboxEntryRecord.init)
  }
}
