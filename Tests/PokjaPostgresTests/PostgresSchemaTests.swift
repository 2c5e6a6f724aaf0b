import Foundation
import PokjaPostgres
import PokjaTestSupport
import Synchronization
import Testing

/// The shared database's schema: created by `pokja init`, migrated once under a lock however many
/// hosts start at once, and refused when a newer pokja has migrated it.
@Suite struct PostgresSchemaTests {
  static func freshLocation() throws -> (PostgresTestServer, String, PostgresLocation) {
    let server = try PostgresTestServer.shared()
    let name = PostgresTestServer.freshDatabaseName("schema")
    let url = try server.createDatabase(name)
    return (server, name, try #require(try PostgresLocation(parsing: url)))
  }

  @Test func aDatabaseWithoutTheSchemaIsRefusedUntilInitCreatesIt() throws {
    let (_, _, location) = try Self.freshLocation()
    #expect(throws: SharedDatabaseError.noSchema(location.description)) {
      _ = try PostgresStore.open(location, password: nil)
    }
    _ = try PostgresStore.open(location, password: nil, create: true)
    _ = try PostgresStore.open(location, password: nil)
  }

  /// Eight hosts upgrading an empty database at the same moment: one applies each migration, the
  /// others wait for the lock and find nothing left to do.
  @Test func hostsMigratingAtOnceTakeTurns() throws {
    let (server, name, location) = try Self.freshLocation()
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      do {
        let store = try PostgresStore.open(location, password: nil, create: true)
        store.close()
      } catch {
        failures.withLock { $0.append(error.localizedDescription) }
      }
    }
    #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
    let applied = try server.psql(
      "SELECT count(*), count(DISTINCT name) FROM pokja_migration", database: name)
    #expect(applied == "8|8")
  }

  @Test func aSchemaANewerPokjaMigratedIsRefused() throws {
    let (server, name, location) = try Self.freshLocation()
    _ = try PostgresStore.open(location, password: nil, create: true)
    _ = try server.psql(
      "INSERT INTO pokja_migration (name) VALUES ('v9: from the future')", database: name)
    #expect(throws: SharedDatabaseError.newerSchema("v9: from the future")) {
      _ = try PostgresStore.open(location, password: nil)
    }
  }
}
