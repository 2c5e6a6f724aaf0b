import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.OutboxGroup {
  /// `pokja outbox show ID`: one message, its history, and (with --raw) the message itself.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show one outgoing message; --raw prints it as sent (.eml).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The message's ID (see 'pokja outbox list').") var id: String
    @Flag(help: "Print the whole RFC 5322 message, as it goes to the server.") var raw = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let message = try services.outboxReader.message(id)
      let console = services.console
      if raw {
        guard message.contentPurgedAt == nil else {
          throw NotificationError.contentPurged(message.id)
        }
        // As sent: the documents it carries (kept once, apart) put in.
        let library = services.documents
        console.writeRaw(try Outbox.contentAsSent(message) { try library.content(ofDigest: $0) })
        return
      }
      if output.json {
        console.write(JSONOutput.encode(OutboxRecord(message)))
        return
      }
      let zone = services.config.timeZone
      func at(_ date: Date) -> String { DateTimeText.display(date, in: zone) }
      console.write("Message \(message.id): \(message.kind.rawValue), \(message.state.rawValue)")
      console.write("  To:         \(message.destination)")
      console.write("  Subject:    \(message.subject)")
      console.write("  Message-ID: <\(message.messageID)>")
      if let meeting = message.meetingID {
        console.write(
          "  Meeting:    \(meeting)"
            + (message.occurrence.map { ", occurrence of \(at($0))" } ?? ""))
      }
      console.write("  Queued:     \(at(message.createdAt))")
      console.write("  Attempts:   \(message.attempts)")
      switch message.state {
      case .queued: console.write("  Next try:   \(at(message.nextAttemptAt))")
      case .sending: console.write("  Claimed until \(at(message.nextAttemptAt)) by a running send")
      case .sent:
        if let sent = message.sentAt { console.write("  Sent:       \(at(sent))") }
      case .dead, .cancelled: break
      }
      if let receipt = message.receipt { console.write("  Receipt:    \(receipt)") }
      if let purged = message.contentPurgedAt {
        console.write("  Contents:   dropped by 'outbox purge' on \(at(purged))")
      }
      if let error = message.lastError { console.write("  Last error: \(error)") }
    }
  }
}
