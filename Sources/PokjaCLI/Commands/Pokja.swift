import ArgumentParser

/// The root of the command tree.
public struct Pokja: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "pokja",
    abstract: "Run a working group's secretariat: partners, meetings, invitations and reminders.",
    discussion: """
      Pokja keeps the directory of member organisations and their people, schedules meetings in \
      rooms that are never double-booked, and sends calendar invitations and reminders by email. \
      Start with 'pokja init'. Every listing takes --json. Before the subcommand, --db PATH|URL names \
      the database and --lang id|en the language of pokja's messages and help (else POKJA_LANG, \
      LANG).
      """,
    version: PokjaVersion.current,
    subcommands: [
      Init.self, OrgGroup.self, ContactGroup.self, Find.self, Refer.self, GroupGroup.self,
      Import.self, Export.self, RoomGroup.self, MeetingGroup.self, Rsvp.self, Agenda.self,
      ImportICS.self, Remind.self, OutboxGroup.self, NotifyGroup.self, ChannelGroup.self, Log.self,
      RecurGroup.self, Plugins.self, Cron.self, Doctor.self, Backup.self, Restore.self,
      DbGroup.self,
      Serve.self, AccessGroup.self, FeedGroup.self, InboxGroup.self, ProgrammeGroup.self,
      Attend.self, AttendanceGroup.self, PlanGroup.self, DocGroup.self,
    ])

  public init() {}
}

/// The version `pokja --version` prints.
public enum PokjaVersion {
  public static let current = "0.1.0"
}
