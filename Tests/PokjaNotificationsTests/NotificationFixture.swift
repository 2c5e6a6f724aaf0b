import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import PokjaScheduling
import PokjaTestSupport

/// An in-memory store with a scheduled plenary (an Indonesian and an English attendee), a composer and
/// an outbox delivering to a `RecordingTransport`, all at a fixed time.
struct NotificationFixture {
  let store: any PokjaStore
  let scheduler: MeetingScheduler
  let composer: MessageComposer
  let transport: RecordingTransport
  let outbox: Outbox
  let details: MeetingDetails
  let organiser = Organiser(
    name: "Sekretariat Pokja", email: EmailAddress("sekretariat@pokja.example")!)
  let clock: FixedClock

  /// `extraAttendees` invites that many more people (`peserta1@kemensos.example`, …).
  init(
    title: String = "Rapat Pleno Tim Pokja — Pertemuan Nasional", organiserName: String? = nil,
    extraAttendees: Int = 0
  ) throws {
    store = try StoreKind.underTest.freshStore()
    clock = FixedClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    let directory = Directory(store: store)
    _ = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    _ = try directory.addContact(
      name: "Wulan Sari", organisation: "Kemensos", email: "wulan@kemensos.example")
    _ = try directory.addContact(
      name: "Hannah de Vries", email: "hannah@kpi.example", language: "en")
    let extra = (0..<extraAttendees).map { "peserta\($0 + 1)@kemensos.example" }
    for (number, email) in extra.enumerated() {
      _ = try directory.addContact(name: "Peserta \(number + 1)", email: email)
    }
    scheduler = MeetingScheduler(
      store: store, contacts: store, clock: clock,
      defaultTimeZone: Zones.jakarta)
    _ = try scheduler.addRoom(name: "Ruang Rapat Lt 7", location: "Gedung Kemensos, lantai 7")
    details = try scheduler.schedule(
      MeetingRequest(
        title: title, start: "2026-12-07T10:00", duration: "3h", room: "Ruang Rapat Lt 7",
        attendees: ["wulan@kemensos.example", "hannah@kpi.example"] + extra,
        reminders: ["1d", "2h"],
        description: "Agenda: rencana kerja <2016–2019>")
    ).details
    var organiser = self.organiser
    if let organiserName { organiser.name = organiserName }
    composer = MessageComposer(organiser: organiser, clock: clock)
    transport = RecordingTransport()
    // No jitter: a failed message waits exactly its backoff (60 s after the first failure).
    outbox = Outbox(store: store, transport: transport, clock: clock, random: { 1 })
  }

  /// The invitations as a run `seconds` later sends them.
  func invitations(after seconds: TimeInterval) -> Invitations {
    let later = FixedClock(clock.now().addingTimeInterval(seconds))
    return Invitations(
      scheduler: scheduler, composer: composer,
      outbox: Outbox(store: store, transport: transport, clock: later, random: { 1 }))
  }

  var invitations: Invitations {
    Invitations(scheduler: scheduler, composer: composer, outbox: outbox)
  }

  var reminders: Reminders {
    Reminders(scheduler: scheduler, composer: composer, outbox: outbox)
  }
}
