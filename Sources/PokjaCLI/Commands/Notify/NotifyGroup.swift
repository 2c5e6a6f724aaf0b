import ArgumentParser

extension Pokja {
  /// `pokja notify …`: the message templates and what they make of a meeting.
  struct NotifyGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "notify",
      abstract: "See the message templates and preview the messages they make.",
      discussion: """
        Messages are rendered from Mustache templates, one per kind, part and language \
        (invitation.subject.id). A file KEY.mustache in the templates folder \
        ($POKJA_HOME/templates, else templates/ next to the database) replaces the built-in \
        template. See docs/templates.md.
        """,
      subcommands: [Templates.self, Preview.self])
  }
}
