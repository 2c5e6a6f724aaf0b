import ArgumentParser
import PokjaScheduling

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft approve MEETING --as NAME`: the approver agrees the latest version.
  struct Approve: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "approve",
      abstract:
        "Approve the latest version of the list; its people become the meeting's attendees.",
      discussion: """
        Only the approver named in the proposal can approve (--as their ID, email or name). A list \
        over its limits is refused unless --over-limits. Before any invitation has gone out the \
        attendees change quietly ('meeting invite' then sends the invitations); after, those added \
        are invited and those taken off get a cancellation.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(name: .customLong("as"), help: "Who approves: the approver's ID, email or name.")
    var approver: String
    @Flag(help: "Approve a list over its limits per organisation or province.")
    var overLimits = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let lists = services.invitationLists
      let composer = try services.composer
      let report = try lists.approve(meeting: meeting, as: approver, overLimits: overLimits)
      let (add, remove) = try lists.attendeeChanges(report)
      let told = !(try services.outboxReader.counts(meeting: report.meeting.id).isEmpty)
      guard !add.isEmpty || !remove.isEmpty else {
        try Pokja.MeetingGroup.ListDraft.print(
          report, lists: lists, output: output, services: services,
          language: environment.interfaceLanguage)
        return
      }
      let change = try services.scheduler.edit(
        "\(report.meeting.id)",
        MeetingEdit(addAttendees: add, removeAttendees: remove, allowConflict: true))
      if !output.json {
        services.console.write(
          "Approved version \(report.version.number) of the invitation list of meeting \(report.meeting.id): \(counted(report.people.count, "person", plural: "people"))."
        )
      }
      if told {
        try ChangeReport(change: change, services: services, composer: composer, json: output.json)
          .render()
      } else if output.json {
        try Pokja.MeetingGroup.ListDraft.print(
          try lists.report(meeting: "\(report.meeting.id)"), lists: lists, output: output,
          services: services, language: environment.interfaceLanguage)
      } else {
        services.console.write(
          "\(counted(change.details.attendees.count, "attendee")). Send the invitations with: pokja meeting invite \(report.meeting.id)"
        )
      }
    }
  }
}
