import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling

/// The JSON shapes `--json` prints (docs/json.md documents them; tests hold the output to them).
/// Date-times are local ISO 8601 with the meeting zone's offset.
enum JSONOutput {
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding our own plain structs cannot fail.
    return String(decoding: try! encoder.encode(value), as: UTF8.self)
  }

  struct OrganisationRef: Encodable {
    let id: Int64
    let name: String
    let acronym: String?
  }

  struct RegionRecord: Encodable {
    let province: String
    let provinceCode: String
    let regency: String?

    init(_ region: Region) {
      province = region.province.name
      provinceCode = region.province.code
      regency = region.regency
    }
  }

  struct OrganisationRecord: Encodable {
    let type = "organisation"
    let id: Int64
    let name: String
    let acronym: String?
    let kind: String?
    let parentId: Int64?
    /// Null means national coverage.
    let region: RegionRecord?
    let services: [String]
    let tags: [String]
    let website: String?
    let email: String?
    let emails: [String]
    let phone: String?
    let phones: [String]
    let address: String?
    let notes: String?

    init(_ organisation: Organisation) {
      id = organisation.id.rawValue
      name = organisation.name
      acronym = organisation.acronym
      kind = organisation.kind
      parentId = organisation.parentID?.rawValue
      region = organisation.region.map(RegionRecord.init)
      services = organisation.services
      tags = organisation.tags
      website = organisation.website
      email = organisation.email?.value
      emails = organisation.emails.map(\.value)
      phone = organisation.phone?.value
      phones = organisation.phones.map(\.value)
      address = organisation.address
      notes = organisation.notes
    }
  }

  struct MembershipRecord: Encodable {
    let organisationId: Int64
    let role: String
    let since: String?
    let until: String?
  }

  struct ContactRecord: Encodable {
    let type = "contact"
    let id: Int64
    let honorific: String?
    let name: String
    let position: String?
    let organisation: OrganisationRef?
    let memberships: [MembershipRecord]
    let email: String
    let emails: [String]
    let phone: String?
    let phones: [String]
    let whatsapp: String?
    let telegram: String?
    let language: String
    let tags: [String]
    let doNotContact: Bool
    let notes: String?

    init(_ contact: Contact, organisation: Organisation?) {
      id = contact.id.rawValue
      honorific = contact.honorific
      name = contact.name
      position = contact.position
      self.organisation = organisation.map {
        OrganisationRef(id: $0.id.rawValue, name: $0.name, acronym: $0.acronym)
      }
      memberships = contact.memberships.map {
        MembershipRecord(
          organisationId: $0.organisationID.rawValue, role: $0.role.rawValue, since: $0.since,
          until: $0.until)
      }
      email = contact.email.value
      emails = contact.emails.map(\.value)
      phone = contact.phone?.value
      phones = contact.phones.map(\.value)
      whatsapp = contact.whatsapp?.e164
      telegram = contact.telegram
      language = contact.language.rawValue
      tags = contact.tags
      doNotContact = contact.doNotContact
      notes = contact.notes
    }
  }

  struct RoomRecord: Encodable {
    let id: Int64
    let name: String
    let capacity: Int?
    let building: String?
    let floor: String?
    let facilities: [String]
    let location: String?

    init(_ room: Room) {
      id = room.id.rawValue
      name = room.name
      capacity = room.capacity
      building = room.building
      floor = room.floor
      facilities = room.facilities
      location = room.location
    }
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

  struct MeetingRecord: Encodable {
    let id: Int64
    let uid: String
    let title: String
    let description: String?
    let start: String
    let end: String
    let timeZone: String
    let room: RoomRecord?
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
      self.room = room.map(RoomRecord.init)
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
