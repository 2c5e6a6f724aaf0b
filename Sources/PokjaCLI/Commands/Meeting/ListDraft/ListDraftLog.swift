import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft log MEETING`: every version and comment.
  struct Log: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "List every version of the list and every comment, oldest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String

    struct VersionRecord: Encodable {
      let version: Int
      let createdAt: String
      let createdBy: String
      let note: String?
      let entries: Int
      let approvedAt: String?
      let approvedBy: String?
    }

    struct Record: Encodable {
      let meetingId: Int64
      let versions: [VersionRecord]
      let comments: [Pokja.MeetingGroup.ListDraft.CommentRecord]
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let lists = services.invitationLists
      let (meeting, versions) = try lists.versions(of: self.meeting)
      let zone = meeting.timeZone
      let comments = try lists.comments(of: meeting.id)
      if output.json {
        services.console.write(
          JSONOutput.encode(
            Record(
              meetingId: meeting.id.rawValue,
              versions: versions.map {
                VersionRecord(
                  version: $0.number, createdAt: LocalTime.isoWithOffset($0.createdAt, in: zone),
                  createdBy: $0.createdBy, note: $0.note, entries: $0.entries.count,
                  approvedAt: $0.approvedAt.map { LocalTime.isoWithOffset($0, in: zone) },
                  approvedBy: $0.approvedBy)
              },
              comments: try comments.map {
                try Pokja.MeetingGroup.ListDraft.commentRecord($0, lists: lists, zone: zone)
              })))
        return
      }
      guard !versions.isEmpty else { throw SchedulingError.noList(meeting.id) }
      var table = Table([
        .init("Version"), .init("When"), .init("By"), .init("Entries"),
        .init("Approved", flexible: true),
        .init("Note", flexible: true),
      ])
      for version in versions {
        table.add([
          String(version.number),
          LocalTime.iso(version.createdAt, in: zone).replacingOccurrences(of: "T", with: " "),
          version.createdBy, String(version.entries.count),
          version.approvedAt.map {
            "\(version.approvedBy ?? "?"), \(LocalTime.iso($0, in: zone).prefix(10))"
          },
          version.note,
        ])
      }
      output.write(table, to: services.console)
      guard !comments.isEmpty, !output.csv else { return }
      services.console.write("")
      for comment in comments {
        let about = try comment.entry.map { " on \(try lists.describe($0))" } ?? ""
        services.console.write(
          "  v\(comment.version) \(comment.id). \(comment.author)\(comment.isObjection ? " objects" : "")\(about): \(comment.text)"
        )
      }
    }
  }
}
