import ArgumentParser
import Foundation
import PokjaCore

extension Pokja.OutboxGroup {
  /// `pokja outbox purge --sent-before DATE`: drops the contents of old sent and withdrawn messages,
  /// keeping the record that they were sent.
  struct Purge: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "purge",
      abstract:
        "Drop the contents of messages sent or withdrawn before a date (who got what, and when, is kept).",
      discussion: """
        The record of each message (recipient, subject, Message-ID, when it was sent) stays for \
        ever: it is what keeps 'meeting upcoming --invite' and 'remind --due' from sending it again. \
        Queued and given-up messages are never touched. A date that has not come yet is refused.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      help:
        "Purge what was sent (or withdrawn) before this day or time, e.g. 2026-06-30 or 2026-06-30T18:00."
    )
    var sentBefore: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let zone = services.config.timeZone
      let date = try Validate.field("--sent-before") { () throws(InputError) in
        try DateTimeText.parse(sentBefore, in: zone)
      }
      let given = sentBefore.trimmingCharacters(in: .whitespaces)
      let result = try services.outboxMaintenance.purge(before: date, given: given)
      let size = ByteCountFormatter.string(fromByteCount: Int64(result.bytes), countStyle: .file)
      services.console.write(
        result.messages == 0
          ? "No message sent or withdrawn before \(given) still had its contents."
          : "Dropped the contents of \(counted(result.messages, "message")) sent or withdrawn before \(given) (\(size))."
      )
      // Files only those messages carried (their meeting's document since removed) go too.
      let files = try services.documents.prune()
      if files > 0 {
        services.console.write(
          "Deleted \(counted(files, "document")) no meeting, plan item or message has any more.")
      }
      services.console.write(
        "Kept the record of every message sent (\(result.sentRecords) in all: who, what, when, Message-ID), so none is sent again."
      )
    }
  }
}
