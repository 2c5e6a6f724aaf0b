import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja.OutboxGroup {
  /// `pokja outbox list`: the newest messages, with their state.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List outgoing messages, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(
      help: "Only messages in this state: queued, sending, sent, dead, cancelled.",
      completion: .list(OutboxState.allCases.map(\.rawValue)))
    var state: String?
    @Option(help: "Only messages about this meeting.") var meeting: String?
    @Option(help: "At most this many.") var limit = 50

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let wanted = try state.map { text in
        guard let state = OutboxState(rawValue: text.lowercased()) else {
          throw InputError.invalidChoice(
            field: "--state", value: text, allowed: OutboxState.allCases.map(\.rawValue))
        }
        return state
      }
      let meetingID = try meeting.map { text in
        guard let id = MeetingID(parsing: text) else {
          throw InputError.invalidChoice(field: "--meeting", value: text, allowed: ["a meeting ID"])
        }
        return id
      }
      let messages = try services.outboxReader.messages(
        state: wanted, meeting: meetingID, limit: max(limit, 1))
      if output.json {
        services.console.write(JSONOutput.encode(messages.map(OutboxRecord.init)))
        return
      }
      if messages.isEmpty && !output.csv {
        let which: [OutboxState: String] = [
          .queued: " waiting", .sending: " being sent", .sent: " sent", .dead: " given up",
          .cancelled: " withdrawn",
        ]
        services.console.write("No messages\(wanted.flatMap { which[$0] } ?? "").")
        return
      }
      let zone = services.config.timeZone
      var table = Table([
        .init("ID"), .init("State"), .init("Kind"), .init("To", flexible: true),
        .init("Subject", flexible: true), .init("Tries"), .init("When"),
        .init("Last error", flexible: true),
      ])
      for message in messages {
        let when: Date? =
          switch message.state {
          case .queued, .sending: message.nextAttemptAt
          case .sent: message.sentAt
          default: nil
          }
        table.add([
          message.id.description, message.state.rawValue, message.kind.rawValue,
          message.destination.description, message.subject,
          String(message.attempts),
          when.map { DateTimeText.display($0, in: zone) }, message.lastError,
        ])
      }
      output.write(table, to: services.console)
    }
  }
}
