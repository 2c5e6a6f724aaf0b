import Foundation
import PokjaPostgres
import PokjaTestSupport
import PostgresNIO
import Testing

/// `--db postgres://…` read as pokja reads it.
@Suite struct PostgresLocationTests {
  @Test func aHostOffThisMachineIsReachedOnlyOverVerifiedTLS() throws {
    let remote = try #require(
      try PostgresLocation(parsing: "postgres://sekretariat@db.pokja.example/pokja"))
    #expect(remote.endpoint == .tcp(host: "db.pokja.example", port: 5432))
    #expect(remote.security == .verifiedTLS(rootCertificates: nil))
    #expect(remote.user == "sekretariat" && remote.database == "pokja")
    let privateCA = try #require(
      try PostgresLocation(
        parsing: "postgresql://cron@10.0.0.5:6432/pokja?sslrootcert=/etc/pokja/ca.pem"))
    #expect(privateCA.endpoint == .tcp(host: "10.0.0.5", port: 6432))
    #expect(privateCA.security == .verifiedTLS(rootCertificates: "/etc/pokja/ca.pem"))
    for local in [
      "postgres://a@localhost/p", "postgres://a@127.0.0.1:5433/p", "postgres://a@[::1]/p",
    ] {
      #expect(try PostgresLocation(parsing: local)?.security == .local, "\(local)")
    }
  }

  @Test func aSocketFolderIsReachedThroughItsSocketFile() throws {
    let socket = try #require(
      try PostgresLocation(parsing: "postgres://pokja@/pokja?host=/run/postgresql&port=5433"))
    #expect(socket.endpoint == .unixSocket(path: "/run/postgresql/.s.PGSQL.5433"))
    #expect(socket.security == .local)
    #expect(socket.description == "postgres://pokja@/pokja (socket /run/postgresql/.s.PGSQL.5433)")
  }

  @Test func anSQLitePathIsNotAPostgresURL() throws {
    #expect(try PostgresLocation(parsing: "/home/rina/pokja.sqlite") == nil)
    #expect(try PostgresLocation(parsing: "pokja.sqlite") == nil)
  }

  @Test(arguments: [
    ("postgres://rina:rahasia@db.example/pokja", PostgresLocationError.passwordInURL),
    (
      "postgres://db.example/pokja",
      .malformed("postgres://db.example/pokja", "it names no user (postgres://USER@HOST/DATABASE)")
    ),
    (
      "postgres://rina@db.example/",
      .malformed(
        "postgres://rina@db.example/", "it names no database (postgres://USER@HOST/DATABASE)")
    ),
    (
      "postgres://rina@db.example/pokja?sslmode=disable",
      .malformed(
        "postgres://rina@db.example/pokja?sslmode=disable",
        "'sslmode' is not an option pokja takes (host, port, sslrootcert)")
    ),
    (
      "postgres://rina@/pokja",
      .malformed(
        "postgres://rina@/pokja",
        "it names no host (postgres://USER@HOST/DATABASE, or ?host=/socket/folder)")
    ),
  ])
  func unusableURLsAreRefusedSayingWhy(text: String, error: PostgresLocationError) {
    #expect(throws: error) { try PostgresLocation(parsing: text) }
  }

  @Test func thePasswordRefusalSaysWhereItGoesInstead() {
    let said = PostgresLocationError.passwordInURL.localizedDescription
    #expect(said.contains("POKJA_DB_PASSWORD") && said.contains("password_file"))
    #expect(!said.contains("rahasia"))
  }
}

/// Against a real PostgreSQL server (a throwaway cluster).
@Suite struct SharedDatabaseTests {
  @Test func connectsThroughTheSocketAndBindsValuesAsParameters() throws {
    let server = try PostgresTestServer()
    defer { server.stop() }
    let url = try server.createDatabase("pokja")
    let location = try #require(try PostgresLocation(parsing: url))
    let database = try SharedDatabase.open(location, password: nil)
    defer { database.close() }
    let user = try database.query("SELECT current_user").first?.decode(String.self)
    #expect(user == "pokja")
    try database.query("CREATE TABLE organisation (id bigserial PRIMARY KEY, name text NOT NULL)")
    // A value that would break a spliced query goes in whole, as a parameter.
    let name = "Yayasan O'Brien'); DROP TABLE organisation; --"
    try database.query("INSERT INTO organisation (name) VALUES (\(name))")
    let names = try database.query("SELECT name FROM organisation").map {
      try $0.decode(String.self)
    }
    #expect(names == [name])
  }

  @Test func aMissingDatabaseOrABadQueryIsSaidInTheServersWords() throws {
    let server = try PostgresTestServer()
    defer { server.stop() }
    let missing = try #require(try PostgresLocation(parsing: server.url(database: "tidak_ada")))
    do {
      _ = try SharedDatabase.open(missing, password: nil)
      Issue.record("a missing database was opened")
    } catch {
      #expect(
        error.localizedDescription.contains("database \"tidak_ada\" does not exist"),
        "\(error.localizedDescription)")
    }
    let location = try #require(try PostgresLocation(parsing: try server.createDatabase("pokja")))
    let database = try SharedDatabase.open(location, password: nil)
    defer { database.close() }
    let refused = #expect(throws: SharedDatabaseError.self) {
      try database.query("SELECT * FROM tidak_ada")
    }
    let said = refused?.localizedDescription ?? ""
    #expect(
      said.contains("relation \"tidak_ada\" does not exist") && said.contains("42P01"), "\(said)")
    // The connection is still usable after a refused query.
    #expect(try database.query("SELECT 1").count == 1)
  }

  /// Off this machine (127.0.0.2 counts as off it): TLS only, and the certificate checked against
  /// `sslrootcert`; one it cannot check is a TLS error, not a connection that goes ahead.
  @Test func offThisMachineTheConnectionIsTLSWithItsCertificateChecked() throws {
    let server = try PostgresTestServer(tls: true)
    defer { server.stop() }
    _ = try server.createDatabase("pokja")
    let trustedURL = try #require(server.tlsURL(database: "pokja", trusting: true))
    let trusted = try #require(try PostgresLocation(parsing: trustedURL))
    #expect(trusted.security != .local)
    let database = try SharedDatabase.open(trusted, password: nil)
    defer { database.close() }
    let encrypted = try database.query(
      "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
    ).first?.decode(Bool.self)
    #expect(encrypted == true)
    let uncheckedURL = try #require(server.tlsURL(database: "pokja", trusting: false))
    let unchecked = try #require(try PostgresLocation(parsing: uncheckedURL))
    let refused = #expect(throws: SharedDatabaseError.self) {
      _ = try SharedDatabase.open(unchecked, password: nil)
    }
    guard case .tls(_, let why) = refused else {
      Issue.record("not a TLS error: \(String(describing: refused))")
      return
    }
    #expect(why.lowercased().contains("certificate"), "\(why)")
  }

  @Test func aServerThatIsNotThereIsAClearConnectionError() throws {
    let location = try #require(
      try PostgresLocation(parsing: "postgres://pokja@/pokja?host=/tmp/pokja-no-server-here"))
    let error = #expect(throws: SharedDatabaseError.self) {
      _ = try SharedDatabase.open(location, password: nil)
    }
    guard case .connection(let place, _) = error else {
      Issue.record("not a connection error: \(String(describing: error))")
      return
    }
    #expect(place.contains("/tmp/pokja-no-server-here/.s.PGSQL.5432"))
  }
}
