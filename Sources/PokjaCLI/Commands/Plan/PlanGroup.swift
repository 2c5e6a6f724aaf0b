import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling
import PokjaWorkPlan

extension Pokja {
  /// `pokja plan …`: the work plan between meetings.
  struct PlanGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "plan",
      abstract: "Keep the work plan: items per kelompok with an owner, a due day and a status.",
      discussion: """
        Each item belongs to a kelompok ('pokja group edit NAME --kelompok 2'), is owned by an \
        organisation, has a due day and a status (planned, in-progress, done, dropped) and \
        remembers the meeting where it was decided. 'plan remind' (daily from cron) reminds the \
        owner's focal point before the due day through the outbox; 'plan document' writes the \
        plan to circulate as Markdown or a page to print.
        """,
      subcommands: [Add.self, Edit.self, Show.self, List.self, Remind.self, Document.self])

    /// The item fields, shared by `add` and `edit`.
    struct Fields: ParsableArguments {
      @Option(help: "What is to be done.") var title: String?
      @Option(help: "More about it (empty to remove).") var description: String?
      @Option(help: "The kelompok's number, or a group's name (empty to remove).")
      var kelompok: String?
      @Option(help: "The organisation responsible (ID, name or acronym; empty to remove).")
      var owner: String?
      @Option(help: "The day it is due: 2027-06-30 (empty to remove).") var due: String?
      @Option(help: "planned, in-progress, done or dropped (or in Indonesian: selesai, …).")
      var status: String?
      @Option(help: "The meeting where it was decided (its ID; empty to remove).") var meeting:
        String?

      var input: WorkPlan.Input {
        .init(
          title: title, description: description, kelompok: kelompok, owner: owner, due: due,
          status: status, meeting: meeting)
      }
    }

    /// An item as `--json` prints it.
    struct ItemRecord: Encodable {
      let id: Int64
      let title: String
      let description: String?
      let kelompok: Int?
      let group: String?
      let ownerId: Int64?
      let owner: String?
      let due: String?
      let status: String
      let overdue: Bool
      let daysLeft: Int?
      let meetingId: Int64?
      let meeting: String?
      let updatedAt: String
      let updatedBy: String

      init(_ details: PlanItemDetails, zone: TimeZone) {
        let item = details.item
        id = item.id.rawValue
        title = item.title
        description = item.description
        kelompok = details.group?.kelompok
        group = details.group?.name
        ownerId = item.ownerID?.rawValue
        owner = details.owner?.shortName
        due = item.due
        status = item.status.rawValue
        overdue = details.isOverdue
        daysLeft = details.daysLeft
        meetingId = item.meetingID?.rawValue
        meeting = details.meeting?.title
        updatedAt = LocalTime.isoWithOffset(item.updatedAt, in: zone)
        updatedBy = item.updatedBy
      }
    }

    static func print(_ details: PlanItemDetails, verb: String, json: Bool, services: Services) {
      if json {
        services.console.write(
          JSONOutput.encode(ItemRecord(details, zone: services.config.timeZone)))
        return
      }
      let item = details.item
      services.console.write("\(verb) item \(item.id): \(item.title)")
      if let group = details.group {
        services.console.write(
          "  Kelompok:  " + (group.kelompok.map { "\($0) (@\(group.name))" } ?? "@\(group.name)"))
      }
      if let owner = details.owner { services.console.write("  Owner:     \(owner.name)") }
      if let due = item.due {
        services.console.write("  Due:       \(due)" + (details.isOverdue ? " (overdue)" : ""))
      }
      services.console.write("  Status:    \(item.status.rawValue)")
      if let meeting = details.meeting {
        services.console.write("  Decided:   meeting \(meeting.id) '\(meeting.title)'")
      }
      if let description = item.description {
        services.console.write("  Notes:     \(description)")
      }
      let documents =
        (try? services.documents.documents(of: .planItem(item.id.rawValue))) ?? []
      if !documents.isEmpty {
        services.console.write(
          "  Documents: "
            + documents.map { "\($0.filename) (\(DocumentLibrary.sizeText($0.size)))" }
            .joined(separator: ", "))
      }
    }
  }
}
