import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import PokjaPostgres
import PokjaScheduling
import PokjaWorkPlan
import Synchronization

/// Everything a Pokja store implements: what the features need from storage, in one value.
public typealias PokjaStore = AccessStore & AttendanceStore & ChannelStore & DirectoryStore
  & DocumentStore
  & InboxStore
  & InvitationListStore & WorkPlanStore
  & OutboxStore & SchedulingStore & StoreTransfer

/// The stores the store contract (`PokjaStoreContractTests`) runs against. A new store joins by
/// one case here and its branch in `open`; every contract test then runs against it too.
///
/// ```swift
/// @Test(arguments: StoreKind.available)
/// func enqueueingAKeyTwiceQueuesItOnce(_ kind: StoreKind) throws {
///   let store = try kind.open(clock: ManualClock(now)).store
///   …
/// }
/// ```
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
  /// SQLite in memory (`PokjaDatabase.inMemory()`): one connection, which a second handle shares.
  case sqliteInMemory = "SQLite in memory"
  /// SQLite on a file in a fresh temporary folder, opened as `pokja` opens it (WAL, busy timeout);
  /// each handle is a connection of its own, as another process's would be.
  case sqliteFile = "SQLite file"
  /// PostgreSQL: a fresh database in this test process's throwaway cluster
  /// (`PostgresTestServer.shared`); each handle is a connection of its own.
  case postgres = "PostgreSQL"

  /// The kinds that run here: all of them. PostgreSQL is never skipped quietly: without the server
  /// installed its tests fail saying to run scripts/test, which installs it.
  public static var available: [StoreKind] { allCases }

  /// One kind of each store (SQLite in memory, PostgreSQL), for feature tests that check the same
  /// expectations on both without the file's clean-up to look after.
  public static let eachStore: [StoreKind] = [.sqliteInMemory, .postgres]

  /// The store feature tests run on: `POKJA_TEST_STORE=postgres` (scripts/test runs the feature
  /// suites once more so), else SQLite in memory.
  public static var underTest: StoreKind {
    switch ProcessInfo.processInfo.environment["POKJA_TEST_STORE"] ?? "" {
    case "postgres": .postgres
    case "", "sqlite": .sqliteInMemory
    case let other: preconditionFailure("POKJA_TEST_STORE=\(other): use sqlite or postgres")
    }
  }

  /// A fresh store of this kind on the machine's clock in Asia/Jakarta (as `SQLiteStore.inMemory()`),
  /// for feature tests; an in-memory or server store needs no clean-up, so only `eachStore`'s kinds.
  public func freshStore() throws -> any PokjaStore {
    precondition(Self.eachStore.contains(self), "freshStore() is for StoreKind.eachStore")
    return try open(clock: SystemClock()).store
  }

  public var description: String { rawValue }

  /// The database role a store of this kind records changes as: the test cluster's user on
  /// PostgreSQL, none on SQLite.
  public var databaseUser: String? {
    switch self {
    case .sqliteInMemory, .sqliteFile: nil
    case .postgres: "pokja"
    }
  }

  /// A new, empty, migrated store of this kind. `clock` and `timeZone` give the day the store
  /// dates memberships by.
  public func open(clock: any WallClock, timeZone: TimeZone = Zones.jakarta) throws
    -> StoreUnderTest
  {
    let today = Today(clock: clock, timeZone: timeZone)
    switch self {
    case .sqliteInMemory:
      let writer = try PokjaDatabase.inMemory()
      return StoreUnderTest(
        kind: self, store: SQLiteStore(writer, today: today),
        handle: { SQLiteStore(writer, today: today) }, cleanUp: {})
    case .sqliteFile:
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pokja-contract-\(UUID().uuidString)", isDirectory: true)
      let path = folder.appendingPathComponent("pokja.sqlite").path
      let store = SQLiteStore(try PokjaDatabase.open(path: path, create: true), today: today)
      return StoreUnderTest(
        kind: self, store: store,
        handle: { SQLiteStore(try PokjaDatabase.open(path: path, create: false), today: today) },
        cleanUp: { try? FileManager.default.removeItem(at: folder) })
    case .postgres:
      let server = try PostgresTestServer.shared()
      let url = try server.createDatabase(PostgresTestServer.freshDatabaseName("contract"))
      guard let location = try PostgresLocation(parsing: url) else {
        throw TestSupportError("\(url) is not a PostgreSQL URL")
      }
      let store = try PostgresStore.open(location, password: nil, create: true, today: today)
      return StoreUnderTest(
        kind: self, store: store,
        handle: { try PostgresStore.open(location, password: nil, today: today) },
        cleanUp: {})
    }
  }
}

/// One store opened for a test: the store, a way to open more handles on the same data, and the
/// clean-up when the test is done with it (the SQLite file's temporary folder is removed).
public final class StoreUnderTest: Sendable {
  public let kind: StoreKind
  /// The store the test works with.
  public let store: any PokjaStore
  private let handle: @Sendable () throws -> any PokjaStore
  private let cleanUp: @Sendable () -> Void

  init(
    kind: StoreKind, store: any PokjaStore,
    handle: @escaping @Sendable () throws -> any PokjaStore,
    cleanUp: @escaping @Sendable () -> Void
  ) {
    self.kind = kind
    self.store = store
    self.handle = handle
    self.cleanUp = cleanUp
  }

  /// Another handle on the same data, as a second process (a cron run, another secretary) has:
  /// for the SQLite file, a connection of its own.
  public func anotherHandle() throws -> any PokjaStore { try handle() }

  deinit { cleanUp() }
}

extension SQLiteStore {
  /// A store on a fresh in-memory database with the current schema, for tests; `today` is the
  /// machine's clock in Asia/Jakarta unless given.
  public static func inMemory(today: Today = Today()) throws -> SQLiteStore {
    SQLiteStore(try PokjaDatabase.inMemory(), today: today)
  }
}
