import Foundation
import PokjaCore
import PokjaDirectory
import PokjaTestSupport
import Testing

/// The directory's change log, as every store keeps it: who changed what and when, read back
/// newest first, for everything or for one record.
@Suite struct ChangeLogContractTests {
  let clock = ManualClock(contractNow)

  func entry(
    _ minutes: Int, _ entity: ChangeEntry.Entity, _ id: Int64, _ action: ChangeEntry.Action,
    actor: String = "wulan", summary: String = ""
  ) -> ChangeEntry {
    ChangeEntry(
      at: contractNow.addingTimeInterval(TimeInterval(minutes * 60)), actor: actor,
      entity: entity, entityID: id, name: "\(entity.rawValue) \(id)", action: action,
      summary: summary)
  }

  @Test(arguments: StoreKind.available)
  func entriesAreReadBackNewestFirstAndNarrowedToOneRecord(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let entries = [
      entry(0, .organisation, 1, .added),
      entry(1, .contact, 1, .added, actor: "hannah"),
      entry(2, .contact, 1, .changed, summary: "phones: +62 812-… → +62 813-…; tags: + pleno"),
      entry(3, .contact, 2, .added),
      entry(4, .group, 1, .added),
      entry(5, .contact, 2, .merged, summary: "merged into 1"),
      entry(6, .contact, 2, .removed),
    ]
    for entry in entries { try store.log(entry) }
    #expect(try store.loggedChanges(entity: nil, id: nil, limit: 100) == entries.reversed())
    #expect(try store.loggedChanges(entity: nil, id: nil, limit: 2) == [entries[6], entries[5]])
    #expect(
      try store.loggedChanges(entity: .contact, id: nil, limit: 100)
        == [entries[6], entries[5], entries[3], entries[2], entries[1]])
    #expect(try store.loggedChanges(entity: .contact, id: 1, limit: 100) == [entries[2], entries[1]])
    #expect(try store.loggedChanges(entity: .organisation, id: 1, limit: 100) == [entries[0]])
    #expect(try store.loggedChanges(entity: .group, id: 2, limit: 100).isEmpty)
  }

  /// Entries made in the same instant (an import logs hundreds) keep the order they were made in.
  @Test(arguments: StoreKind.available)
  func entriesOfTheSameInstantKeepTheOrderTheyWereMadeIn(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let entries = [
      entry(0, .contact, 3, .added), entry(0, .contact, 1, .added), entry(0, .contact, 2, .added),
    ]
    for entry in entries { try store.log(entry) }
    #expect(try store.loggedChanges(entity: nil, id: nil, limit: 10) == entries.reversed())
  }

  /// The directory logs through the store: the actor it was given, at its clock's time.
  @Test(arguments: StoreKind.available)
  func theDirectorysEditsAreLoggedWithTheirActorAndTime(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let directory = Directory(store: store, actor: "wulan", clock: clock, timeZone: Zones.jakarta)
    let kemensos = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    clock.advance(by: 60)
    let lina = try directory.addContact(
      name: "Lina Marlina", organisation: "Kemensos", email: "lina@kemensos.example")
    #expect(
      try store.loggedChanges(entity: nil, id: nil, limit: 10) == [
        ChangeEntry(
          at: contractNow.addingTimeInterval(60), actor: "wulan", entity: .contact,
          entityID: lina.id.rawValue, name: "Lina Marlina", action: .added, summary: ""),
        ChangeEntry(
          at: contractNow, actor: "wulan", entity: .organisation,
          entityID: kemensos.id.rawValue, name: "Kementerian Sosial", action: .added, summary: ""),
      ])
  }
}

extension ChangeLogContractTests {
  /// A shared store also names the database role each change was made as, beside the account.
  @Test(arguments: StoreKind.available)
  func aSharedStoreNamesTheDatabaseRoleToo(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    try store.log(entry(0, .contact, 1, .added, actor: "hannah"))
    let logged = try #require(try store.changes(entity: nil, id: nil, limit: 1).first)
    #expect(logged.actor == "hannah")
    #expect(logged.databaseUser == kind.databaseUser)
  }
}

extension DirectoryStore {
  /// The change log as every store keeps it: the database role, which only a shared store
  /// records, left out.
  func loggedChanges(entity: ChangeEntry.Entity?, id: Int64?, limit: Int) throws -> [ChangeEntry] {
    try changes(entity: entity, id: id, limit: limit).map {
      var entry = $0
      entry.databaseUser = nil
      return entry
    }
  }
}
