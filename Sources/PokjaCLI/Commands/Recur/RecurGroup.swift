import ArgumentParser

extension Pokja {
  /// `pokja recur …`: recurrence rules.
  struct RecurGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "recur", abstract: "Work with recurrence rules (RFC 5545 RRULE).",
      subcommands: [Expand.self, Batch.self])
  }
}
