import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.InboxGroup {
  /// `pokja inbox list`: what the inbox left for a person.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "Replies that need you: unmatched, proposals of another time, unreadable.",
      discussion: """
        Newest first. A proposal (COUNTER) is never applied: change the meeting with 'pokja \
        meeting edit' if you agree, then 'pokja inbox dismiss ID'. An unmatched reply is in \
        [imap] unmatched_folder: add the sender's address to the contact ('pokja contact edit --add-email') \
        and move the mail back to the inbox as unread for the next fetch, or record the answer \
        with 'pokja rsvp'. --all lists every message read, dismissed ones too.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Every message read (answered, ignored, dismissed), not only those that need you.")
    var all = false
    @Option(
      help:
        "Only messages with this status: answered, counter, unmatched, stale, malformed, ignored, duplicate.",
      completion: .list(InboxStatus.allCases.map(\.rawValue)))
    var status: String?
    @Option(help: "At most this many.") var limit = 50

    func validate() throws {
      guard limit > 0 else { throw ValidationError("--limit must be greater than zero.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let wanted: Set<InboxStatus>
      if let status {
        guard let chosen = InboxStatus(rawValue: status.lowercased()) else {
          throw InputError.invalidChoice(
            field: "--status", value: status, allowed: InboxStatus.allCases.map(\.rawValue))
        }
        wanted = [chosen]
      } else {
        wanted = all ? [] : Set(InboxStatus.allCases.filter(\.needsAttention))
      }
      let entries = try services.inboxStore.inboxEntries(
        statuses: wanted, includeDismissed: all, limit: limit)
      if output.json {
        services.console.write(JSONOutput.encode(entries.map(InboxEntryRecord.init)))
        return
      }
      guard !entries.isEmpty else {
        services.console.write(
          all || status != nil
            ? "No messages read from the inbox." : "Nothing in the inbox needs you.")
        return
      }
      let zone = services.config.timeZone
      var titles: [MeetingID: String] = [:]
      for id in Set(entries.flatMap(\.items).compactMap(\.meetingID)) {
        titles[id] = (try? services.scheduler.meeting(id.description))?.title
      }
      var table = Table([
        .init("ID"), .init("Sent"), .init("Status"), .init("From", flexible: true),
        .init("What", flexible: true), .init("Subject", yieldsFirst: true),
      ])
      for entry in entries {
        let meeting = entry.items.compactMap(\.meetingID).first.map { id in
          " — meeting \(id)" + (titles[id].map { " (\($0))" } ?? "")
        }
        table.add([
          entry.id.description,
          String(LocalTime.iso(entry.sentAt ?? entry.processedAt, in: zone).prefix(10)),
          entry.dismissedAt == nil ? entry.status.rawValue : "\(entry.status.rawValue), dismissed",
          entry.sender ?? "", Self.what(entry, zone: zone) + (meeting ?? ""), entry.subject ?? "",
        ])
      }
      output.write(table, to: services.console)
    }

    /// A line saying what the message holds or why it needs the secretary.
    static func what(_ entry: InboxEntry, zone: TimeZone) -> String {
      if let proposal = entry.items.first(where: { $0.outcome == .proposal }) {
        var text = "proposes"
        if let start = proposal.proposedStart {
          text += " " + DateTimeText.display(start, in: zone)
          if let end = proposal.proposedEnd { text += "–" + DateTimeText.display(end, in: zone) }
        }
        if let place = proposal.proposedLocation, !place.isEmpty { text += " at \(place)" }
        if let comment = proposal.comment { text += ": “\(comment)”" }
        return text
      }
      // A message left in place is found by its UID; a filed one by its folder.
      if let problem = entry.problem {
        return entry.filedIn.map { "in \($0): \(problem)" } ?? "UID \(entry.uid): \(problem)"
      }
      let answers = entry.items.compactMap { item -> String? in
        guard let answer = item.answer else { return nil }
        return "\(item.attendee ?? "?") \(answer.rawValue.lowercased())"
          + (item.outcome == .stale ? " (older version)" : "")
          + (item.comment.map { ": “\($0)”" } ?? "")
      }
      return answers.joined(separator: ", ")
    }
  }
}
