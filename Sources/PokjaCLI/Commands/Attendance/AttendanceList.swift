import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.AttendanceGroup {
  /// `pokja attendance list MEETING`: who came to an occurrence, and who did not.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract:
        "List an occurrence's attendees and walk-ins: who came, late, by proxy, and the no-shows.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "The occurrence of a series (2027-01-04); today's when left out.")
    var occurrence: String?

    struct Line: Encodable {
      let contactId: Int64
      let name: String
      let organisation: String?
      let invited: Bool
      let answer: String?
      let status: String
      let proxyName: String?
      let checkedInAt: String?
      let code: String?
    }

    struct Record: Encodable {
      let meetingId: Int64
      let occurrence: String
      let over: Bool
      let invited: Int
      let came: Int
      let walkIns: Int
      let noShows: Int
      let people: [Line]
    }

    /// What a line's status reads: present, late, proxy, no-show, declined, or expected.
    static func status(_ line: AttendanceLine, over: Bool) -> String {
      if let record = line.record { return record.status.rawValue }
      if line.answer == .declined { return "declined" }
      return over ? "no-show" : "expected"
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let attendance = try services.attendance.attendance(meeting: meeting, day: occurrence)
      let zone = attendance.details.meeting.timeZone
      let lines = attendance.lines.map { line in
        Line(
          contactId: line.contact.id.rawValue, name: line.contact.name,
          organisation: line.organisation?.shortName, invited: line.invited,
          answer: line.answer?.rawValue,
          status: Self.status(line, over: attendance.isOver), proxyName: line.record?.proxyName,
          checkedInAt: line.record.map { LocalTime.isoWithOffset($0.checkedInAt, in: zone) },
          code: line.code)
      }
      let record = Record(
        meetingId: attendance.details.meeting.id.rawValue,
        occurrence: LocalTime.isoWithOffset(attendance.occurrence.recurrenceID, in: zone),
        over: attendance.isOver, invited: attendance.lines.filter(\.invited).count,
        came: attendance.came.count, walkIns: attendance.walkIns.count,
        noShows: attendance.noShows.count, people: lines)
      if output.json {
        services.console.write(JSONOutput.encode(record))
        return
      }
      let console = output.prose(services.console)
      let meeting = attendance.details.meeting
      console.write(
        "Attendance of meeting \(meeting.id) '\(meeting.title)', \(LocalTime.span(attendance.occurrence.start, attendance.occurrence.end, in: zone))"
      )
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Organisation", flexible: true),
        .init("Code"), .init("Status"), .init("Time"), .init("Note", flexible: true),
      ])
      for (line, person) in zip(lines, attendance.lines) {
        table.add([
          line.contactId.description, line.name, line.organisation, line.code, line.status,
          person.record.map { String(LocalTime.iso($0.checkedInAt, in: zone).suffix(5)) },
          person.record?.proxyName.map { "for them: \($0)" } ?? (person.invited ? nil : "walk-in"),
        ])
      }
      output.write(table, to: console)
      let late = attendance.came.filter { $0.record?.status == .late }.count
      let proxies = attendance.came.filter { $0.record?.status == .proxy }.count
      console.write(
        "\(record.invited) invited, \(record.came) came (\(late) late, \(proxies) by proxy), \(counted(record.walkIns, "walk-in"))"
          + (attendance.isOver
            ? ", \(counted(record.noShows, "no-show"))." : "; the meeting is not over yet."))
    }
  }
}
