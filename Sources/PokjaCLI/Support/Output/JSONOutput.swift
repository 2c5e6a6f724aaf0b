import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling

/// The JSON shapes `--json` prints (docs/json.md documents them; tests hold the output to them).
/// Organisations, contacts and rooms encode themselves (their `Encodable` is the contract's
/// shape); the shapes here are the ones the contract builds from several records or writes
/// differently. Date-times are local ISO 8601 with the meeting zone's offset.
enum JSONOutput {
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding our own plain structs cannot fail.
    return String(decoding: try! encoder.encode(value), as: UTF8.self)
  }

  /// A record with the `type` the contract names it by (`organisation`, `contact`): the record
  /// encodes its own fields (its `Encodable` is the contract's shape), this adds the type and, for
  /// a contact, the organisation it is shown with.
  struct Typed<Record: Encodable>: Encodable {
    let type: String
    let record: Record
    /// A contact's `organisation`: the one the listing shows them under.
    var organisation: OrganisationRef?

    private enum CodingKeys: String, CodingKey {
      case type, organisation
    }

    func encode(to encoder: any Encoder) throws {
      try record.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(type, forKey: .type)
      try container.encodeIfPresent(organisation, forKey: .organisation)
    }
  }

  typealias OrganisationJSON = Typed<Organisation>
  typealias ContactJSON = Typed<Contact>

  /// An organisation as a contact names it: a reference, not the whole record.
  struct OrganisationRef: Encodable {
    let id: Int64
    let name: String
    let acronym: String?
  }

  struct AttendeeRecord: Encodable {
    let contactId: Int64
    let name: String
    let email: String
    let organisation: String?
    let role: String
    let participation: String
    let language: String
  }

  /// A meeting as the contract has it, apart from `Meeting`: instants are written as local times
  /// with the meeting zone's offset, the room and attendees are embedded records, and the full
  /// record adds what is worked out when it is shown (guest list, plan, replies, holiday).
  struct MeetingRecord: Encodable {
    let id: Int64
    let uid: String
    let title: String
    let description: String?
    let start: String
    let end: String
    let timeZone: String
    let room: Room?
    let location: String?
    let sequence: Int
    let status: String
    var attendees: [AttendeeRecord]?
    var attendeeCount: Int?
    var reminders: [String]?
    /// Who gets the reminders: all, not-declined, organiser (full record only).
    var remindTo: String?
    /// How the reminders go out: email, webhook, both (full record only).
    var remindVia: String?
    /// Whether invitations list every attendee or only their recipient, now: visible, hidden
    /// (full record only).
    var guestList: String?
    /// What decides it: the meeting's own visible or hidden, or auto (the configuration).
    var guestListSetting: String?
    /// The public holiday the meeting falls on (full record only).
    var holiday: Holiday?
    /// How a series repeats (absent for a one-off).
    var recurrence: RecurrenceRecord?
    /// The planned occurrences (full record only).
    var occurrences: [OccurrenceRecord]?
    /// For one occurrence of a series: its original start (RECURRENCE-ID).
    var recurrenceId: String?
    /// Answers given for single occurrences of a series (full record only).
    var replies: [ReplyRecord]?

    /// The full record, as `meeting show` and `meeting add` print it.
    init(_ details: MeetingDetails) {
      self.init(details.meeting, room: details.room)
      attendees = details.attendees.map {
        AttendeeRecord(
          contactId: $0.contact.id.rawValue, name: $0.contact.name, email: $0.contact.email.value,
          organisation: $0.organisation?.shortName, role: $0.attendee.role.rawValue,
          participation: $0.attendee.participation.rawValue,
          language: $0.contact.language.rawValue)
      }
      reminders = details.reminders.map(\.offset.description)
      remindTo = details.meeting.reminderRecipients.rawValue
      remindVia = details.meeting.reminderChannel.rawValue
      guestList = details.guestList.rawValue
      guestListSetting = details.meeting.guestList?.rawValue ?? GuestListDefault.Mode.auto.rawValue
      attendeeCount = details.attendees.count
      holiday = details.holiday
      let zone = details.meeting.timeZone
      if let plan = details.plan, details.occurrence == nil {
        occurrences = plan.occurrences.map { OccurrenceRecord($0, details: details, zone: zone) }
      }
      if details.meeting.isSeries, details.occurrence == nil {
        replies = details.replies.map {
          ReplyRecord(
            recurrenceId: LocalTime.isoWithOffset($0.recurrenceID, in: zone),
            contactId: $0.contactID.rawValue, participation: $0.participation.rawValue)
        }
      }
    }

    /// The summary `meeting list` prints.
    init(_ meeting: Meeting, room: Room?, attendeeCount: Int? = nil) {
      id = meeting.id.rawValue
      uid = meeting.uid
      title = meeting.title
      description = meeting.description
      start = LocalTime.isoWithOffset(meeting.start, in: meeting.timeZone)
      end = LocalTime.isoWithOffset(meeting.end, in: meeting.timeZone)
      timeZone = meeting.timeZone.identifier
      self.room = room
      location = meeting.location
      sequence = meeting.sequence
      status = meeting.status.rawValue
      attendees = nil
      self.attendeeCount = attendeeCount
      reminders = nil
      holiday = nil
      recurrence = meeting.recurrence.map {
        RecurrenceRecord(
          rule: $0.rule,
          rdates: $0.rdates.map { LocalTime.isoWithOffset($0, in: meeting.timeZone) },
          exdates: $0.exdates.map { LocalTime.isoWithOffset($0, in: meeting.timeZone) },
          onHoliday: meeting.onHoliday?.rawValue)
      }
    }

    /// One occurrence of a series, as `agenda` prints it.
    init(occurrence details: MeetingDetails) {
      self.init(details)
      occurrences = nil
      replies = nil
      recurrenceId = details.occurrence.map {
        LocalTime.isoWithOffset($0.recurrenceID, in: details.meeting.timeZone)
      }
    }
  }

  struct ReplyRecord: Encodable {
    let recurrenceId: String
    let contactId: Int64
    let participation: String
  }

  struct RecurrenceRecord: Encodable {
    let rule: String?
    let rdates: [String]
    let exdates: [String]
    let onHoliday: String?
  }

  struct OccurrenceRecord: Encodable {
    let recurrenceId: String
    let start: String
    let end: String
    let room: String?
    let changed: Bool
    let movedFromHoliday: String?
    let holiday: String?

    init(_ planned: PlannedOccurrence, details: MeetingDetails, zone: TimeZone) {
      let occurrence = planned.occurrence
      recurrenceId = LocalTime.isoWithOffset(occurrence.recurrenceID, in: zone)
      start = LocalTime.isoWithOffset(occurrence.start, in: zone)
      end = LocalTime.isoWithOffset(occurrence.end, in: zone)
      room = occurrence.roomID.flatMap { details.rooms[$0]?.name }
      changed = planned.override != nil
      movedFromHoliday = planned.movedFromHoliday?.name
      holiday = planned.onHoliday?.name
    }
  }

  struct FailureRecord: Encodable {
    let outboxId: Int64
    let recipient: String
    let kind: String
    let error: String
  }

  struct SendRecord: Encodable {
    let meetingId: Int64?
    let considered: Int
    let queued: Int
    let delivered: Int
    let failed: [FailureRecord]
    let sentBefore: Int
    let waiting: Int
    /// Being sent by another run at the moment: not waiting for a retry.
    let sendingElsewhere: Int
    let givenUp: Int
    let skippedOptedOut: Int
    let destination: String
    let fileOutbox: Bool
    let files: [String]?

    init(_ report: SendReport, files: [String]?) {
      meetingId = report.meeting?.id.rawValue
      considered = report.considered
      queued = report.queued
      delivered = report.delivery.delivered.count
      sentBefore = report.sentBefore
      waiting = report.waiting
      sendingElsewhere = report.sendingElsewhere
      givenUp = report.givenUp
      skippedOptedOut = report.skippedOptedOut
      failed = report.delivery.failed.map {
        FailureRecord(
          outboxId: $0.message.id.rawValue, recipient: $0.message.destination.jsonRecipient,
          kind: $0.failure.kind.rawValue, error: $0.failure.message)
      }
      destination = report.delivery.endpoint
      fileOutbox = report.delivery.isFileOutbox
      self.files = files
    }
  }
}

extension MessageDestination {
  /// The `recipient` of the JSON contract (docs/json.md): a mailbox's address, or a channel's name at
  /// the made-up domain `webhook.invalid` (`tim@webhook.invalid`), as it has always been.
  var jsonRecipient: String {
    switch self {
    case .email(let address): address.value
    case .channel(_, let name): "\(name)@webhook.invalid"
    }
  }
}

extension JSONOutput.Typed where Record == Organisation {
  init(_ organisation: Organisation) {
    self.init(type: "organisation", record: organisation)
  }
}

extension JSONOutput.Typed where Record == Contact {
  init(_ contact: Contact, organisation: Organisation?) {
    self.init(
      type: "contact", record: contact,
      organisation: organisation.map {
        JSONOutput.OrganisationRef(id: $0.id.rawValue, name: $0.name, acronym: $0.acronym)
      })
  }
}
