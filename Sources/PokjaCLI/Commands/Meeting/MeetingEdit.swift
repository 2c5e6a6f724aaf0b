import ArgumentParser
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting edit ID …`: changes a meeting, one occurrence, or this and following.
  struct Edit: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Change a meeting, one occurrence of a series, or an occurrence and all after it.",
      discussion: """
        Changing the time, room or wording sends every attendee an updated calendar invitation \
        (METHOD:REQUEST, SEQUENCE+1); added attendees get the invitation, removed ones a \
        cancellation. --occurrence 2027-01-04 changes only that occurrence (RECURRENCE-ID); \
        --this-and-following 2027-03-01 splits the series there. Queued reminders of moved \
        occurrences are withdrawn; new ones follow the new time.

        --remind, --no-remind, --remind-to and --remind-via change the reminder rules (of the \
        whole series, or with --this-and-following of the later part); nobody is sent anything for \
        that, and queued reminders are withdrawn so that the next run follows the new rules.

        --guest-list hidden makes every later invitation, update and cancellation list only its \
        recipient (visible: every attendee; auto: as [invitations] in the config says). Nobody is \
        sent anything for that; invitations still queued are withdrawn, and 'pokja meeting invite' \
        (or the cron) sends them again with the new list.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var id: String
    @Option(help: "New title.") var title: String?
    @Option(help: "New start: a date-time, or HH:MM to keep the day.") var start: String?
    @Option(help: "New end: HH:MM or a date-time.") var end: String?
    @Option(help: "New length: 90m, 2h.") var duration: String?
    @Option(help: "New room (ID or name), or 'none'.") var room: String?
    @Option(help: "New location in words (empty to remove).") var location: String?
    @Option(help: "New agenda or notes.") var description: String?
    @Option(help: "Invite this contact (ID, email) or @group too; repeat.")
    var addAttendee: [String] = []
    @Option(help: "Uninvite this contact; repeat.") var removeAttendee: [String] = []
    @Option(help: "Change only the occurrence on this day (2027-01-04).") var occurrence: String?
    @Option(help: "Change the occurrence on this day and all after it (splits the series).")
    var thisAndFollowing: String?
    @Option(help: "New reminders, replacing the meeting's (1d, 2h); repeat for several.")
    var remind: [String] = []
    @Flag(help: "No reminders any more.") var noRemind = false
    @Option(
      help: "Who gets the reminders: all, not-declined or organiser.",
      completion: .list(ReminderRecipients.allCases.map(\.rawValue))) var remindTo: String?
    @Option(
      help: "How reminders go out: email, webhook or both.",
      completion: .list(ReminderChannel.allCases.map(\.rawValue))) var remindVia: String?
    @Option(
      help: "Whether invitations list every attendee: visible, hidden or auto.",
      completion: .list(GuestListDefault.Mode.allCases.map(\.rawValue))) var guestList: String?
    @Flag(help: "Book the room even when another meeting has it at the same time.")
    var allowConflict = false
    @Flag(
      help: "Change it without telling anyone: no mail to the attendees, no event to the channels.")
    var noNotify = false
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func validate() throws {
      if occurrence != nil, thisAndFollowing != nil {
        throw ValidationError("Give --occurrence or --this-and-following, not both.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      // Templates are read (and checked) before anything changes.
      let composer = noNotify ? nil : try services.composer
      var edit = MeetingEdit(
        title: title, start: start, end: end, duration: duration, room: room,
        location: location, description: description, addAttendees: addAttendee,
        removeAttendees: removeAttendee, occurrence: occurrence,
        thisAndFollowing: thisAndFollowing, allowConflict: allowConflict)
      edit.reminders = remind
      edit.noReminders = noRemind
      edit.remindTo = remindTo
      edit.remindVia = remindVia
      edit.guestList = guestList
      let change = try services.scheduler.edit(id, edit)
      try ChangeReport(change: change, services: services, composer: composer, json: output.json)
        .render()
    }
  }

  /// `pokja meeting cancel ID [--occurrence DATE]`: cancels a meeting or one occurrence.
  struct Cancel: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "cancel",
      abstract: "Cancel a meeting (a whole series) or one occurrence of a series.",
      discussion: """
        Every attendee gets a cancellation their calendar applies (METHOD:CANCEL; for one \
        occurrence with its RECURRENCE-ID). Reminders not yet sent are withdrawn, and none is sent \
        for a cancelled meeting or occurrence.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var id: String
    @Option(help: "Cancel only the occurrence on this day (2027-01-04).") var occurrence: String?
    @Flag(
      help: "Cancel it without telling anyone: no mail to the attendees, no event to the channels.")
    var noNotify = false
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      let composer = noNotify ? nil : try services.composer
      let change = try services.scheduler.cancel(id, occurrence: occurrence)
      try ChangeReport(change: change, services: services, composer: composer, json: output.json)
        .render()
    }
  }
}
