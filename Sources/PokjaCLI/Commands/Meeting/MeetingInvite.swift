import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting invite ID`: one iMIP invitation per attendee, through the outbox.
  struct Invite: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "invite",
      abstract: "Send the meeting's calendar invitation to every attendee.",
      discussion: """
        Each attendee gets one email in their language with a calendar invitation their calendar \
        shows with Accept / Decline. Running it again sends nothing twice; messages a failure left \
        queued are retried. The meeting's documents ('pokja doc add') go attached, each kept once \
        in the outbox, or with --documents link as one link each to 'pokja serve'. --attach adds \
        a file to the documents first; after the invitation went out, everyone gets it again \
        with the documents (once for each set of them). Without an SMTP server, messages are written \
        as .eml files. A meeting whose invitation list ('meeting list-draft') is not approved is \
        refused unless --unapproved.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var id: String
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false
    @Option(
      help:
        "Add this file (the agenda, a draft) to the meeting's documents and send it; repeat for several."
    )
    var attach: [String] = []
    @Option(
      help: ArgumentHelp(
        "How the meeting's documents go: attach (the default), or link (to 'pokja serve').",
        valueName: "attach|link"))
    var documents: String = "attach"
    @Flag(help: "Send even though the meeting's invitation list is not approved yet.")
    var unapproved = false

    func run(in environment: AppEnvironment) throws {
      guard let sending = MessageComposer.DocumentSending(rawValue: documents.lowercased()) else {
        throw ValidationError("--documents: '\(documents)' is neither attach nor link.")
      }
      // The files are read and checked before anything is stored or queued.
      var files: [(name: String, data: Data)] = []
      for path in attach {
        guard let data = FileManager.default.contents(atPath: path) else {
          throw AttachmentError.unreadable(path)
        }
        let name = (path as NSString).lastPathComponent
        guard data.count <= DocumentLibrary.sizeLimit else {
          throw DocumentError.tooLarge(name, size: data.count, limit: DocumentLibrary.sizeLimit)
        }
        files.append(((path as NSString).lastPathComponent, data))
      }
      let services = try Services(global, environment, dryRun: dryRun)
      let meeting = try services.scheduler.meeting(id)
      if !unapproved {
        try services.invitationLists.requireApproved(meeting.id)
      }
      // What sending would refuse is refused before a file is stored.
      try services.invitations.check(try services.scheduler.details(of: id), sending: sending)
      let library = services.documents
      let target = DocumentTarget.meeting(meeting.id)
      if sending == .attached, !files.isEmpty {
        // What the meeting will have: its documents, each file given taking the place of one
        // by its name.
        let names = Set(files.map(\.name))
        let total =
          try library.documents(of: target).filter { !names.contains($0.filename) }
          .reduce(0) { $0 + $1.size } + files.reduce(0) { $0 + $1.data.count }
        guard total <= Invitations.attachmentLimit else {
          throw NotificationError.documentsTooLarge(total, limit: Invitations.attachmentLimit)
        }
      }
      // A file named as one the meeting has is its new version (a revised agenda): it takes the
      // old one's place.
      var added = false
      for result in try library.add(
        files.map { (filename: $0.name, data: $0.data) }, to: target, replacing: true)
      {
        if result.isNew {
          added = true
        } else {
          services.console.error(
            "\(result.document.filename) is already among meeting \(meeting.id)'s documents.")
        }
      }
      let report = try services.invitations.send(
        meeting: id, sending: sending, resendWithDocuments: added)
      try services.report(
        report, noun: "invitation", meeting: report.meeting?.id, json: output.json)
    }
  }
}

/// An attachment that cannot be sent.
enum AttachmentError: Error, UserFacingError {
  case unreadable(String)

  var exitStatus: ExitStatus {
    switch self {
    case .unreadable: .noInput
    }
  }

  var errorDescription: String? {
    switch self {
    case .unreadable(let path):
      "--attach \(path): no such file, or it cannot be read. Nothing was sent."
    }
  }
}
