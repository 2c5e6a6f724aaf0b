import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja {
  /// `pokja doc …`: files attached to meetings and work-plan items.
  struct DocGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "doc",
      abstract: "Attach files (the agenda, the draft work plan) to a meeting or plan item.",
      discussion: """
        Each file is kept once, by the SHA-256 of its contents, however many meetings have it and \
        however many invitations carry it. A meeting's documents go with its invitations \
        ('meeting invite', attached or --documents link); a plan item's are listed in 'plan show' \
        and 'plan document'.
        """,
      subcommands: [Add.self, List.self, Get.self, Remove.self])

    /// `--meeting ID` or `--plan ID`: what a document belongs to.
    struct Owner: ParsableArguments {
      @Option(help: "The meeting's ID.") var meeting: String?
      @Option(help: "The work-plan item's ID.") var plan: String?

      /// The target, checked to exist.
      func target(_ services: Services) throws -> DocumentTarget {
        switch (meeting, plan) {
        case (let meeting?, nil):
          return .meeting(try services.scheduler.meeting(meeting).id)
        case (nil, let plan?):
          return .planItem(try services.workPlan.item(plan).id.rawValue)
        default:
          throw ValidationError("Give --meeting ID or --plan ID (one of them).")
        }
      }

      /// The target, when one was given (listings).
      func optionalTarget(_ services: Services) throws -> DocumentTarget? {
        meeting == nil && plan == nil ? nil : try target(services)
      }
    }

    /// A document as `--json` prints it.
    struct DocumentRecord: Encodable {
      let digest: String
      let filename: String
      let contentType: String
      let size: Int
      let meetingId: Int64?
      let planItemId: Int64?
      let addedBy: String
      let addedAt: String
      /// Where `doc get` saved it.
      var savedTo: String?

      init(_ document: AttachedDocument, zone: TimeZone) {
        digest = document.digest.hex
        filename = document.filename
        contentType = document.contentType
        size = document.size
        switch document.target {
        case .meeting(let id):
          meetingId = id.rawValue
          planItemId = nil
        case .planItem(let id):
          meetingId = nil
          planItemId = id
        }
        addedBy = document.addedBy
        addedAt = LocalTime.isoWithOffset(document.addedAt, in: zone)
      }
    }
  }
}

extension DocumentTarget {
  /// `meeting 3`, `plan item 2`: for messages.
  var label: String {
    switch self {
    case .meeting(let id): "meeting \(id)"
    case .planItem(let id): "plan item \(id)"
    }
  }
}
