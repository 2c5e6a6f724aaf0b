import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja.MeetingGroup {
  /// `pokja meeting invite ID`: one iMIP invitation per attendee, through the outbox.
  struct Invite: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "invite",
      abstract: "Send the meeting's calendar invitation to every attendee.",
      discussion: """
        Each attendee gets one email in their language with a calendar invitation their calendar \
        shows with Accept / Decline. Running it again sends nothing twice; messages a failure left \
        queued are retried. With --attach after the invitation went out, everyone gets it again \
        with the files (once for each set of files). Without an SMTP server, messages are written \
        as .eml files. A meeting whose invitation list ('meeting list-draft') is not approved is \
        refused unless --unapproved.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var id: String
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false
    @Option(help: "Attach this file (the agenda, a draft) to every invitation; repeat for several.")
    var attach: [String] = []
    @Flag(help: "Send even though the meeting's invitation list is not approved yet.")
    var unapproved = false

    /// The most the attachments of one message may weigh: mail servers commonly refuse messages
    /// over 20–25 MB, and base64 makes files a third larger.
    static let attachmentLimit = 15 * 1_048_576

    func run(in environment: AppEnvironment) throws {
      // The files are read and checked before anything is queued.
      var attachments: [Attachment] = []
      for path in attach {
        guard let data = FileManager.default.contents(atPath: path) else {
          throw AttachmentError.unreadable(path)
        }
        attachments.append(
          Attachment(
            filename: (path as NSString).lastPathComponent,
            contentType: Attachment.contentType(forFileName: path), data: data))
      }
      let total = attachments.reduce(0) { $0 + $1.data.count }
      guard total <= Self.attachmentLimit else {
        throw AttachmentError.tooLarge(total, limit: Self.attachmentLimit)
      }
      let services = try Services(global, environment, dryRun: dryRun)
      if !unapproved {
        try services.invitationLists.requireApproved(try services.scheduler.meeting(id).id)
      }
      let report = try services.invitations.send(meeting: id, attachments: attachments)
      try services.report(
        report, noun: "invitation", meeting: report.meeting?.id, json: output.json)
    }
  }
}

/// An attachment that cannot be sent.
enum AttachmentError: Error, UserFacingError {
  case unreadable(String)
  case tooLarge(Int, limit: Int)

  var exitStatus: ExitStatus {
    switch self {
    case .unreadable: .noInput
    case .tooLarge: .dataError
    }
  }

  var errorDescription: String? {
    switch self {
    case .unreadable(let path):
      "--attach \(path): no such file, or it cannot be read. Nothing was sent."
    case .tooLarge(let size, let limit):
      "The attachments come to \(String(format: "%.1f", Double(size) / 1_048_576)) MB; at most \(limit / 1_048_576) MB can go by mail. Share a link in the description instead. Nothing was sent."
    }
  }
}
