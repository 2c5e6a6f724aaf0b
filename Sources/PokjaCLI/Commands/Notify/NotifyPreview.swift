import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.NotifyGroup {
  /// `pokja notify preview --meeting ID --contact C --kind …`: what would be sent, without sending.
  struct Preview: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "preview",
      abstract: "Show exactly the message a contact would get, without queuing anything.",
      discussion: """
        Renders through the same composer and templates (with overrides) as the sending commands. \
        --part raw prints the whole RFC 5322 message; all prints subject, text and HTML. An update \
        or cancellation is shown with the next SEQUENCE, as the change would send it.
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
      case invite, reminder, update, cancel

      /// The message this kind previews.
      var messageKind: MessageKind {
        switch self {
        case .invite: .invitation
        case .reminder: .reminder
        case .update: .update
        case .cancel: .cancellation
        }
      }
    }

    enum Part: String, ExpressibleByArgument, CaseIterable {
      case subject, text, html, all, raw
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The meeting's ID.") var meeting: String
    @Option(help: "The attendee: contact ID, email or name.") var contact: String
    @Option(help: "invite, reminder, update or cancel.") var kind: Kind
    @Option(help: "One occurrence of a series (2027-01-04).") var occurrence: String?
    @Option(
      help: "Render in this language (id or en) instead of the contact's.",
      completion: .list(["id", "en"])) var lang: String?
    @Option(help: "subject, text, html, all or raw.") var part: Part = .all

    struct Record: Encodable {
      let kind: String
      let recipient: String
      let language: String
      let subject: String
      let text: String
      let html: String
      let raw: String
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let previews = MessagePreviews(scheduler: services.scheduler, composer: try services.composer)
      var language: Language?
      if let lang {
        guard let parsed = Language(parsing: lang) else {
          throw ValidationError("--lang must be id or en, not '\(lang)'.")
        }
        language = parsed
      }
      let preview: MessagePreviews.Preview
      do {
        preview = try previews.preview(
          MessagePreviews.Request(
            meeting: meeting, attendee: contact, kind: kind.messageKind, occurrence: occurrence,
            language: language))
      } catch let refused as MessagePreviewError {
        // A request naming no attendee of the meeting is a mistake on the command line.
        throw ValidationError(refused.localizedDescription)
      }
      let (attendee, parts, draft) = (preview.attendee, preview.parts, preview.draft)
      let console = services.console
      if attendee.contact.doNotContact {
        console.error(
          "warning: \(attendee.contact.name) is marked do-not-contact (opted out): nothing would be sent."
        )
      }
      if output.json {
        console.write(
          JSONOutput.encode(
            Record(
              kind: draft.kind.rawValue, recipient: draft.destination.jsonRecipient,
              language: attendee.contact.language.rawValue, subject: parts.subject,
              text: parts.text, html: parts.html, raw: draft.content)))
        return
      }
      switch part {
      case .subject: console.write(parts.subject)
      case .text: console.write(parts.text)
      case .html: console.write(parts.html)
      case .raw: console.write(draft.content)
      case .all:
        console.write("To: \(attendee.contact.name) <\(draft.destination)>")
        console.write("Subject: \(parts.subject)")
        console.write("\n--- text/plain ---\n\(parts.text)")
        console.write("--- text/html ---\n\(parts.html)")
      }
    }
  }
}
