import ArgumentParser

extension Pokja {
  /// `pokja attendance …`: who came, the sign-in sheet, statistics.
  struct AttendanceGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "attendance",
      abstract: "See who came: an occurrence's list with no-shows, the sign-in sheet, statistics.",
      subcommands: [List.self, Sheet.self, Stats.self])
  }
}
