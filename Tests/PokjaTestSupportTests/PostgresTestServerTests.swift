import Foundation
import PokjaTestSupport
import Testing

/// The throwaway PostgreSQL cluster the shared-store tests run against.
@Suite struct PostgresTestServerTests {
  @Test func aClusterStartsTakesSQLWithTheContribExtensionsAndLeavesNothingBehind() throws {
    let server = try PostgresTestServer()
    let folder = server.folder
    #expect(folder.path.utf8.count < 40, "a socket path must stay under ~107 bytes")
    let url = try server.createDatabase("contract_a")
    #expect(url == "postgresql://pokja@/contract_a?host=\(folder.path)")
    // What the shared store needs: the room-conflict exclusion constraint (btree_gist) and
    // accent- and typo-tolerant search (unaccent, pg_trgm), all in Debian's postgresql.
    _ = try server.psql(
      "CREATE EXTENSION btree_gist; CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm",
      database: "contract_a")
    #expect(
      try server.psql("SELECT unaccent('Pelayanan Terpadu É Ñ ü')", database: "contract_a")
        == "Pelayanan Terpadu E N u")
    #expect(try server.psql("SELECT current_user", database: "contract_a") == "pokja")
    #expect(try server.psql("SHOW fsync", database: "contract_a") == "off")
    // Only the socket: no TCP port for another test (or another user) to reach.
    #expect(try server.psql("SHOW listen_addresses", database: "contract_a") == "")
    // A second database on the same cluster is apart from the first.
    try server.createDatabase("contract_b")
    _ = try server.psql("CREATE TABLE t (x int); INSERT INTO t VALUES (1)", database: "contract_a")
    #expect(throws: TestSupportError.self) {
      try server.psql("SELECT x FROM t", database: "contract_b")
    }
    server.stop()
    #expect(!FileManager.default.fileExists(atPath: folder.path))
    #expect(throws: TestSupportError.self) { try server.psql("SELECT 1", database: "postgres") }
  }
}
