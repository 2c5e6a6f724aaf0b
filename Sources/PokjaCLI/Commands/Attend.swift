import ArgumentParser
import Foundation
import PokjaCore
import PokjaDirectory
import PokjaScheduling

extension Pokja {
  /// `pokja attend MEETING CONTACT`: checks someone in at the door.
  struct Attend: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "attend",
      abstract:
        "Check someone in at a meeting: by contact, by the code in their invitation, or as a walk-in.",
      discussion: """
        Each invitation carries a check-in code (K7P3-QX9A); the desk types it with --code, or \
        names the person by ID or email. --late and --by-proxy NAME say how they came; a walk-in \
        (--walk-in NAME --email ADDRESS, with --org) is added to the directory, or found there by \
        the address, and checked in without an invitation. A series checks in at today's \
        occurrence unless --occurrence says. Checking someone in twice records it once; --undo \
        takes a check-in back.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Argument(help: "The attendee (ID or email); leave out with --code or --walk-in.")
    var contact: String?
    @Option(help: "The check-in code from their invitation.") var code: String?
    @Flag(help: "They came late.") var late = false
    @Option(help: "Someone came in their place: that person's name.") var byProxy: String?
    @Option(help: "A walk-in's name (not invited): added to the directory with --email.")
    var walkIn: String?
    @Option(help: "The walk-in's email address.") var email: String?
    @Option(help: "The walk-in's organisation (ID, name or acronym).") var org: String?
    @Option(help: "The walk-in's phone number.") var phone: String?
    @Option(help: "The occurrence of a series (2027-01-04); today's when left out.")
    var occurrence: String?
    @Flag(help: "Take back the check-in of CONTACT.") var undo = false

    func validate() throws {
      let ways = [contact != nil, code != nil, walkIn != nil].filter { $0 }.count
      if ways != 1 {
        throw ValidationError("Name one person: a CONTACT, --code, or --walk-in NAME.")
      }
      if walkIn == nil && (email != nil || org != nil || phone != nil) {
        throw ValidationError("--email, --org and --phone go with --walk-in NAME.")
      }
      if walkIn != nil && email == nil {
        throw ValidationError(
          "A walk-in needs --email: the directory keeps each person by their address.")
      }
      if undo && contact == nil {
        throw ValidationError("--undo takes back the check-in of a CONTACT (ID or email).")
      }
    }

    struct Record: Encodable {
      let meetingId: Int64
      let occurrence: String
      let contactId: Int64
      let name: String
      let status: String
      let proxyName: String?
      let checkedInAt: String
      let checkedInBy: String
      let walkIn: Bool
      let new: Bool
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let book = services.attendance
      if undo, let contact {
        let (meeting, person) = try book.undo(meeting: meeting, contact: contact, day: occurrence)
        services.console.write("Took back the check-in of \(person.name) at meeting \(meeting.id).")
        return
      }
      let person: AttendanceBook.Person
      var added: Contact?
      if let contact {
        person = .contact(contact)
      } else if let code {
        person = .code(code)
      } else {
        let address = try Validate.email(email ?? "", field: "--email")
        if let known = try? services.directory.contact(address.value) {
          person = .walkIn(known.id)
        } else {
          let contact = try services.directory.addContact(
            ContactInput(
              name: walkIn ?? "", organisations: org.map { [$0] } ?? [],
              emails: [address.value], phones: phone.map { [$0] } ?? [],
              notes: "Walk-in at meeting \(meeting)"))
          added = contact
          person = .walkIn(contact.id)
        }
      }
      let checkIn = try book.checkIn(
        meeting: meeting, person, day: occurrence, status: late ? .late : .present,
        proxy: byProxy)
      let record = checkIn.record
      let zone = checkIn.meeting.timeZone
      if output.json {
        services.console.write(
          JSONOutput.encode(
            Record(
              meetingId: record.meetingID.rawValue,
              occurrence: LocalTime.isoWithOffset(record.occurrence, in: zone),
              contactId: record.contactID.rawValue, name: checkIn.contact.name,
              status: record.status.rawValue, proxyName: record.proxyName,
              checkedInAt: LocalTime.isoWithOffset(record.checkedInAt, in: zone),
              checkedInBy: record.checkedInBy, walkIn: record.walkIn, new: checkIn.isNew)))
        return
      }
      if let added {
        services.console.write("Added \(added.name) to the directory as contact \(added.id).")
      }
      let clock = LocalTime.iso(record.checkedInAt, in: zone).suffix(5)
      if checkIn.isNew {
        let how: String
        switch record.status {
        case .present: how = record.walkIn ? "present (walk-in)" : "present"
        case .late: how = "late"
        case .proxy: how = "represented by \(record.proxyName ?? "?")"
        }
        services.console.write(
          "Checked in \(checkIn.contact.name) at meeting \(checkIn.meeting.id) '\(checkIn.meeting.title)': \(how), \(clock)."
        )
      } else {
        services.console.write(
          "\(checkIn.contact.name) was checked in already at \(clock) by \(record.checkedInBy) (\(record.status.rawValue)); nothing changed."
        )
      }
    }
  }
}
