import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting list-draft …`: an invitation list agreed before it is sent.
  struct ListDraft: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list-draft",
      abstract:
        "Agree a meeting's invitation list before it is sent: propose, comment, revise, approve.",
      discussion: """
        The secretary proposes invitees (people, one person per organisation, groups, one person \
        per organisation of a group), members comment or object, the secretary revises, the named \
        approver approves. Every version is kept with who changed it; 'diff' shows what changed \
        between two. Approving makes the list the meeting's attendees; 'meeting invite' refuses \
        a meeting whose latest list is not approved. 'show' counts the people per organisation, \
        per province and by balance (government, police, civil society, task forces and services).
        """,
      subcommands: [
        Propose.self, Revise.self, Comment.self, Approve.self, Show.self, Diff.self, Log.self,
      ])

    /// What is typed for entries, shared by `propose` and `revise`.
    struct Entries: ParsableArguments {
      @Option(help: "Invite this contact (ID or email); repeat.") var contact: [String] = []
      @Option(help: "Invite one person (its focal point) of this organisation; repeat.")
      var org: [String] = []
      @Option(help: "Invite everyone of this group (@name); repeat.") var group: [String] = []
      @Option(help: "Invite one person per organisation of this group (@provinsi); repeat.")
      var onePerOrg: [String] = []
      @Option(help: "The most people from one organisation (0: no limit).") var maxPerOrg: Int?
      @Option(help: "The most people from one province (0: no limit).") var maxPerProvince: Int?
      @Option(help: "What this version changes and why.") var note: String?

      var text: InvitationLists.EntryText {
        .init(contacts: contact, organisations: org, groups: group, onePerOrganisation: onePerOrg)
      }
      var limits: InvitationLists.Limits {
        .init(perOrganisation: maxPerOrg, perProvince: maxPerProvince)
      }
    }

    /// The entry as `--json` prints it.
    struct EntryRecord: Encodable {
      let kind: String
      let id: Int64?
      let group: String?
      let onePerOrganisation: Bool?
      let text: String

      init(_ entry: ListEntry, text: String) {
        self.text = text
        switch entry {
        case .contact(let contact):
          (kind, id, group, onePerOrganisation) = ("contact", contact.rawValue, nil, nil)
        case .organisation(let organisation):
          (kind, id, group, onePerOrganisation) = ("organisation", organisation.rawValue, nil, nil)
        case .group(let name, let one):
          (kind, id, group, onePerOrganisation) = ("group", nil, name, one)
        }
      }
    }

    struct CommentRecord: Encodable {
      let id: Int64
      let version: Int
      let at: String
      let author: String
      let objection: Bool
      let entry: String?
      let text: String
    }

    struct CountRecord: Encodable {
      let name: String
      let count: Int
      let limit: Int?
      let over: Bool
    }

    struct PersonRecord: Encodable {
      let contactId: Int64
      let name: String
      let email: String
      let organisation: String?
      let province: String?
      let balance: String
      let entry: String
    }

    /// A version as `show --json`, `propose`, `revise` and `approve` print it.
    struct ListRecord: Encodable {
      let meetingId: Int64
      let version: Int
      let createdAt: String
      let createdBy: String
      let note: String?
      let approver: String?
      let approvedAt: String?
      let approvedBy: String?
      let maxPerOrganisation: Int?
      let maxPerProvince: Int?
      let entries: [EntryRecord]
      let people: [PersonRecord]
      let organisations: [CountRecord]
      let provinces: [CountRecord]
      let balance: [CountRecord]
      let unresolved: [String]
      let comments: [CommentRecord]
    }

    static func record(_ report: ListReport, lists: InvitationLists, zone: TimeZone) throws
      -> ListRecord
    {
      let version = report.version
      func counts(_ list: [ListCount]) -> [CountRecord] {
        list.map { CountRecord(name: $0.name, count: $0.count, limit: $0.limit, over: $0.isOver) }
      }
      return ListRecord(
        meetingId: version.meetingID.rawValue, version: version.number,
        createdAt: LocalTime.isoWithOffset(version.createdAt, in: zone),
        createdBy: version.createdBy, note: version.note, approver: version.approver,
        approvedAt: version.approvedAt.map { LocalTime.isoWithOffset($0, in: zone) },
        approvedBy: version.approvedBy, maxPerOrganisation: version.maxPerOrganisation,
        maxPerProvince: version.maxPerProvince,
        entries: try version.entries.map { EntryRecord($0, text: try lists.describe($0)) },
        people: try report.people.map {
          PersonRecord(
            contactId: $0.contact.id.rawValue, name: $0.contact.name,
            email: $0.contact.email.value, organisation: $0.organisation?.shortName,
            province: $0.organisation?.region?.province.name,
            balance: ListBalance(kind: $0.organisation?.kind).rawValue,
            entry: try lists.describe($0.entry))
        },
        organisations: counts(report.byOrganisation), provinces: counts(report.byProvince),
        balance: counts(report.byBalance),
        unresolved: try report.unresolved.map { try lists.describe($0) },
        comments: try report.comments.map { try commentRecord($0, lists: lists, zone: zone) })
    }

    static func commentRecord(_ comment: ListComment, lists: InvitationLists, zone: TimeZone)
      throws -> CommentRecord
    {
      CommentRecord(
        id: comment.id.rawValue, version: comment.version,
        at: LocalTime.isoWithOffset(comment.at, in: zone), author: comment.author,
        objection: comment.isObjection, entry: try comment.entry.map { try lists.describe($0) },
        text: comment.text)
    }

    /// Prints a version: who made it, its people, the counts, the comments.
    static func print(
      _ report: ListReport, lists: InvitationLists, output: OutputOptions, services: Services,
      language: Language
    ) throws {
      let zone = report.meeting.timeZone
      if output.json {
        services.console.write(
          JSONOutput.encode(try record(report, lists: lists, zone: zone)))
        return
      }
      let console = output.prose(services.console)
      let version = report.version
      console.write(
        "Invitation list of meeting \(report.meeting.id) '\(report.meeting.title)', version \(version.number), by \(version.createdBy), \(LocalTime.iso(version.createdAt, in: zone).replacingOccurrences(of: "T", with: " "))"
      )
      if let note = version.note { console.write("  Note:      \(note)") }
      if let approved = version.approvedAt {
        console.write(
          "  Approved:  by \(version.approvedBy ?? "?"), \(LocalTime.iso(approved, in: zone).replacingOccurrences(of: "T", with: " "))"
        )
      } else {
        console.write(
          "  Approved:  not yet" + (version.approver.map { " (approver: \($0))" } ?? ""))
      }
      for entry in report.unresolved {
        console.error("warning: \(try lists.describe(entry)) invites nobody.")
      }
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Organisation", flexible: true),
        .init("Province"), .init("Via", flexible: true),
      ])
      for person in report.people {
        table.add([
          person.contact.id.description, person.contact.name, person.organisation?.shortName,
          person.organisation?.region?.province.name, try lists.describe(person.entry),
        ])
      }
      console.write("")
      output.write(table, to: console)
      guard !output.csv else { return }
      console.write("")
      console.write(
        "\(counted(report.people.count, "person", plural: "people")): "
          + report.byBalance.filter { $0.count > 0 }.map {
            "\(ListBalance(rawValue: $0.name)?.label(language) ?? $0.name) \($0.count)"
          }.joined(separator: ", "))
      for (title, counts) in [
        ("Per organisation", report.byOrganisation), ("Per province", report.byProvince),
      ] {
        console.write(
          "\(title): "
            + counts.map {
              "\($0.name) \($0.count)" + ($0.isOver ? " (over \($0.limit ?? 0))" : "")
            }
            .joined(separator: ", "))
      }
      for over in report.overLimits {
        console.error(
          "warning: \(over.name) has \(over.count) people, over its limit of \(over.limit ?? 0).")
      }
      if !report.comments.isEmpty {
        console.write("")
        console.write("Comments on this version:")
        for comment in report.comments {
          let about = try comment.entry.map { " on \(try lists.describe($0))" } ?? ""
          console.write(
            "  \(comment.id). \(comment.author)\(comment.isObjection ? " objects" : "")\(about): \(comment.text)"
          )
        }
      }
    }
  }
}
