import ArgumentParser

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft comment MEETING TEXT`: a member's comment or objection.
  struct Comment: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "comment",
      abstract: "Comment on the latest version of the list, or object to one of its entries.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Argument(help: "What you have to say.") var text: String
    @Option(help: "Who says it (a name); your login name when left out.") var by: String?
    @Option(help: "The entry you object to (a contact's ID or email, an organisation, @group).")
    var object: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let lists = services.invitationLists
      let comment = try lists.comment(meeting: meeting, text: text, by: by, objectingTo: object)
      if output.json {
        let zone = try services.scheduler.meeting(meeting).timeZone
        services.console.write(
          JSONOutput.encode(
            try Pokja.MeetingGroup.ListDraft.commentRecord(comment, lists: lists, zone: zone)))
      } else {
        services.console.write(
          "\(comment.isObjection ? "Objection" : "Comment") \(comment.id) on version \(comment.version) of the list of meeting \(comment.meetingID), by \(comment.author)."
        )
      }
    }
  }
}
