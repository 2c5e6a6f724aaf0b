import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import PokjaWorkPlan
import Testing

/// The work plan: items per kelompok, the overdue ones, reminders to owners through the outbox
/// (each once per item, due day and offset), and the plan as a document. Runs on the store of
/// `StoreKind.underTest` (scripts/test runs it on PostgreSQL too).
@Suite struct WorkPlanTests {
  struct World {
    let store: any PokjaStore
    let clock: ManualClock
    let directory: Directory
    let plan: WorkPlan
    let transport = RecordingTransport()
    let outbox: Outbox
    let reminders: PlanReminders

    init() throws {
      store = try StoreKind.underTest.freshStore()
      clock = ManualClock(try DateTimeText.parse("2026-12-07T07:00", in: Zones.jakarta))
      directory = Directory(store: store, clock: clock)
      _ = try directory.addOrganisation(
        name: "Kementerian Sosial", acronym: "Kemensos", kind: "ministry")
      _ = try directory.addOrganisation(name: "LBH APIK", kind: "ngo")
      var focal = ContactInput(
        name: "Wulan Sari", organisations: ["Kemensos"], emails: ["wulan@kemensos.example"])
      focal.role = "focal-point"
      _ = try directory.addContact(focal)
      _ = try directory.addContact(
        name: "Hannah de Vries", email: "hannah@kpi.example", language: "en")
      _ = try directory.addGroup(name: "pencegahan", contacts: ["1", "2"])
      _ = try directory.setKelompok(of: "pencegahan", number: 2, coordinator: "hannah@kpi.example")
      let scheduler = MeetingScheduler(
        store: store, contacts: store, clock: clock, defaultTimeZone: Zones.jakarta)
      plan = WorkPlan(
        store: store, directory: directory, scheduler: scheduler, contacts: store,
        today: Today(clock: clock, timeZone: Zones.jakarta), actor: "sekretariat")
      outbox = Outbox(store: store, transport: transport, clock: clock)
      reminders = PlanReminders(
        plan: plan,
        composer: MessageComposer(
          organiser: Organiser(
            name: "Sekretariat Pokja", email: EmailAddress("pokja@example.go.id")!),
          clock: clock),
        outbox: outbox, resolver: directory, zone: Zones.jakarta)
    }
  }

  @Test func itemsAreListedPerKelompokWithTheOverdueOnes() throws {
    let world = try World()
    _ = try world.plan.add(
      .init(title: "Modul pelatihan", kelompok: "2", owner: "Kemensos", due: "2026-12-20"))
    _ = try world.plan.add(
      .init(
        title: "Pemetaan layanan", kelompok: "@pencegahan", owner: "LBH APIK", due: "2026-12-01"))
    let done = try world.plan.add(
      .init(title: "Laporan", owner: "Kemensos", due: "2026-11-30", status: "selesai"))
    #expect(done.item.status == .done)
    #expect(!done.isOverdue)
    let open = try world.plan.list(.init())
    #expect(open.map(\.item.title) == ["Pemetaan layanan", "Modul pelatihan"])
    #expect(open.map(\.daysLeft) == [-6, 13])
    let late = try world.plan.list(.init(kelompok: "2", overdue: true))
    #expect(late.map(\.item.title) == ["Pemetaan layanan"])
    #expect(try world.plan.list(.init(all: true)).count == 3)
    #expect(
      try world.plan.list(.init(owner: "Kemensos", all: true)).map(\.item.title) == [
        "Laporan", "Modul pelatihan",
      ])

    let edited = try world.plan.edit("2", .init(due: "2027-01-15", status: "in-progress"))
    #expect(edited.item.status == .inProgress)
    #expect(edited.item.updatedBy == "sekretariat")
    #expect(!edited.isOverdue)
    #expect(throws: WorkPlanError.nothingToChange) { try world.plan.edit("2", .init()) }
    #expect(throws: WorkPlanError.itemNotFound("99")) {
      try world.plan.edit("99", .init(status: "done"))
    }
    #expect(throws: DirectoryError.noKelompok(5)) {
      try world.plan.add(.init(title: "x", kelompok: "5"))
    }
    #expect(throws: InputError.self) { try world.plan.add(.init(title: "x", due: "31-12-2026")) }
    #expect(throws: InputError.self) { try world.plan.add(.init(title: "x", status: "maybe")) }
    #expect(throws: DirectoryError.kelompokTaken(2, by: "pencegahan")) {
      _ = try world.directory.addGroup(name: "lain", contacts: ["1"])
      _ = try world.directory.setKelompok(of: "lain", number: 2, coordinator: nil)
    }
  }

  @Test func ownersAreRemindedOncePerStageAndTheCoordinatorWhenNobodyOwnsIt() throws {
    let world = try World()
    _ = try world.plan.add(
      .init(title: "Modul pelatihan", kelompok: "2", owner: "Kemensos", due: "2026-12-20"))
    _ = try world.plan.add(
      .init(title: "Pemetaan layanan", kelompok: "2", owner: "LBH APIK", due: "2026-12-01"))
    _ = try world.plan.add(.init(title: "Jauh", owner: "Kemensos", due: "2027-06-30"))
    _ = try world.plan.add(.init(title: "Tanpa pemilik", due: "2026-12-08"))
    let (first, unreachable) = try world.reminders.send(before: [14, 1])
    #expect(first.queued == 2)
    #expect(unreachable.map(\.item.title) == ["Tanpa pemilik"])
    let sent = world.transport.delivered
    // LBH APIK has nobody: the kelompok's coordinator is told, in English.
    #expect(
      sent.map(\.destination.description).sorted() == [
        "hannah@kpi.example", "wulan@kemensos.example",
      ])
    #expect(
      sent.contains {
        $0.subject == "Reminder: \"Pemetaan layanan\" is due Tuesday, 1 December 2026"
      })
    #expect(
      sent.contains {
        $0.subject == "Pengingat: \"Modul pelatihan\" jatuh tempo Minggu, 20 Desember 2026"
      })
    // The same day again: nothing new. Two weeks on, the 1-day reminder.
    #expect(try world.reminders.send(before: [14, 1]).0.queued == 0)
    world.clock.set(try DateTimeText.parse("2026-12-19T07:00", in: Zones.jakarta))
    #expect(try world.reminders.send(before: [14, 1]).0.queued == 1)
    // Done: no more reminders.
    _ = try world.plan.edit("1", .init(status: "done"))
    world.clock.set(try DateTimeText.parse("2026-12-21T07:00", in: Zones.jakarta))
    // Only the overdue item is still due a reminder, and it had its one already.
    let (drafts, _) = try world.reminders.drafts(before: [14, 1])
    #expect(drafts.map(\.dedupeKey) == ["plan-reminder:2:2026-12-01:overdue:2"])
    #expect(try world.reminders.send(before: [14, 1]).0.queued == 0)
  }

  @Test func thePlanIsADocumentPerKelompok() throws {
    let world = try World()
    _ = try world.plan.add(
      .init(
        title: "Modul <pelatihan>", description: "Bab 1–3", kelompok: "2", owner: "Kemensos",
        due: "2026-12-01"))
    _ = try world.plan.add(.init(title: "Laporan | tahunan", owner: "Kemensos", due: "2027-03-31"))
    let items = try world.plan.list(.init())
    let markdown = WorkPlanDocument(
      items: items, language: .indonesian, title: "Rencana kerja", zone: Zones.jakarta
    ).markdown()
    #expect(markdown.contains("## Kelompok 2: pencegahan"))
    #expect(
      markdown.contains(
        "| 1 | Modul \\<pelatihan\\> | Kemensos | Selasa, 1 Desember 2026 (terlambat) | direncanakan | — |"
      ))
    #expect(markdown.contains("Laporan \\| tahunan"))
    #expect(markdown.contains("## Tanpa kelompok"))
    let html = WorkPlanDocument(
      items: items, language: .english, title: "Work plan", zone: Zones.jakarta
    ).html()
    #expect(html.contains("<strong>Modul &lt;pelatihan&gt;</strong>"))
    #expect(html.contains("<tr class=\"overdue\">"))
    #expect(html.contains("Tuesday, 1 December 2026 (overdue)"))
  }
}
