import Foundation
import PokjaCore
import PokjaDirectory
import PostgresNIO
import Synchronization

/// Pokja's store on a shared PostgreSQL database: the same store protocols as the SQLite store, for
/// several secretaries and cron hosts at once. Its behaviour is the SQLite store's, checked by the
/// store contract suite against both.
///
/// Each process holds one connection. Writes are serialised across every process as SQLite
/// serialises them (one writer at a time, under a transaction-scoped advisory lock), so a
/// read-then-write such as checking a room and booking it cannot interleave with another host's;
/// outbox claims instead lock only the rows they take (`FOR UPDATE SKIP LOCKED`), so senders on
/// several hosts work side by side.
///
/// ```swift
/// let location = try PostgresLocation(parsing: "postgres://pokja@db/pokja")!
/// let store = try PostgresStore.open(location, password: password, today: today)
/// ```
public final class PostgresStore: Sendable {
  let database: SharedDatabase
  /// The day that decides which membership names a contact as contacts are read, and which
  /// organisations' filters still find them as they are indexed.
  let today: Today

  /// Open transactions on this connection: 0 outside, 1 in a transaction, more in savepoints.
  private let depth = Mutex(0)
  /// For a dry run (`openForDryRun`): where the ID sequences stood, to give back at the end.
  private let dryRunCounters = Mutex<[IDCounter]?>(nil)
  /// Whether an `atomically`/`rollingBack` block is open: its store calls join its transaction
  /// without savepoints of their own.
  private let batchDepth = Mutex(0)
  /// Organisations read during a batch (an import reads the same few for every contact).
  let batchOrganisations = Mutex<[OrganisationID: Organisation]>([:])
  /// Words already in the typo tables, remembered for the life of the store.
  let knownWords = KnownSearchWords()
  /// Search documents written in the open transaction but not yet sent: sent together before it
  /// commits (or before a search in it), so an import makes a few large writes instead of many.
  let pendingIndex = Mutex<[SearchDocument]>([])
  /// Change-log entries made in an open batch, written together like `pendingIndex`.
  let pendingLog = Mutex<[ChangeEntry]>([])
  /// Contacts added in an open batch (an import), with the IDs reserved for them: written together
  /// before the next statement of any other kind, so every read sees them (`rows`).
  let pendingContacts = Mutex<[Contact]>([])
  /// Contact IDs taken from the sequence for a batch and not yet given: `next..<end`.
  let reservedContactIDs = Mutex<Range<Int64>>(0..<0)
  /// How many IDs the next reservation takes (growing within a batch).
  let reservationSize = Mutex<Int64>(8)

  init(database: SharedDatabase, today: Today) {
    self.database = database
    self.today = today
  }

  /// Connects to `location` and checks the schema: a database without one is an error that says
  /// to run `pokja init` (`create` makes it instead); one written by an older pokja is migrated,
  /// one by a newer pokja refused.
  public static func open(
    _ location: PostgresLocation, password: String?, create: Bool = false, today: Today = Today()
  ) throws -> PostgresStore {
    let database = try SharedDatabase.open(location, password: password)
    do {
      try PostgresSchema.migrate(database, create: create)
    } catch {
      database.close()
      throw error
    }
    return PostgresStore(database: database, today: today)
  }

  /// Connects to `location` for a dry run: everything the command does happens in one transaction
  /// that is never committed (closing the connection undoes it). It holds the write lock from the
  /// start, so what it reports is what a real run would do now, the IDs it gives included.
  public static func openForDryRun(
    _ location: PostgresLocation, password: String?, today: Today = Today()
  ) throws -> PostgresStore {
    let store = try open(location, password: password, today: today)
    try store.rows("BEGIN")
    try store.rows("SELECT pg_advisory_xact_lock($1)", [PostgresSchema.writeLock])
    store.dryRunCounters.withLock { $0 = [] }
    let counters = try store.idCounters()
    store.dryRunCounters.withLock { $0 = counters }
    store.depth.withLock { $0 = 1 }
    return store
  }

  /// Closes the connection (a dry run's transaction is undone, its IDs given back).
  public func close() {
    if let counters = dryRunCounters.withLock({ $0 }) { try? restore(counters) }
    dryRunCounters.withLock { $0 = nil }
    database.close()
  }

  deinit { close() }

  /// Whether a transaction is open on this connection.
  var inTransaction: Bool { depth.withLock { $0 } > 0 }

  /// Whether a batch (`atomically`, `rollingBack`) is open.
  var inBatch: Bool { batchDepth.withLock { $0 } > 0 }

  // MARK: Transactions

  /// Runs `body` in a write transaction that holds the store-wide write lock from its start (a
  /// savepoint when one is open already; inside a batch, the batch's transaction alone).
  func transaction<T>(_ body: () throws -> T) throws -> T {
    let level = depth.withLock { $0 }
    if level > 0 && inBatch { return try body() }
    if level > 0 {
      let name = "pokja_\(level)"
      // Contacts waiting go before the savepoint: those added inside it are undone with it.
      try flushContacts()
      try database.rows("SAVEPOINT \(name)")
      let pending = pendingIndex.withLock { $0.count }
      let pendingEntries = pendingLog.withLock { $0.count }
      depth.withLock { $0 += 1 }
      do {
        let result = try body()
        depth.withLock { $0 -= 1 }
        try settle()
        try database.rows("RELEASE SAVEPOINT \(name)")
        return result
      } catch {
        depth.withLock { $0 -= 1 }
        pendingIndex.withLock { $0.removeSubrange(min(pending, $0.count)...) }
        pendingLog.withLock { $0.removeSubrange(min(pendingEntries, $0.count)...) }
        forgetPendingContacts()
        knownWords.forget()
        try? database.settle()
        try? database.rows("ROLLBACK TO SAVEPOINT \(name)")
        try? database.rows("RELEASE SAVEPOINT \(name)")
        throw error
      }
    }
    return try topLevel(keep: true, body)
  }

  /// A transaction at the top: BEGIN, the write lock, `body`, then COMMIT (or ROLLBACK when
  /// `keep` is false or `body` throws).
  private func topLevel<T>(keep: Bool, _ body: () throws -> T) throws -> T {
    try database.rows("BEGIN")
    depth.withLock { $0 = 1 }
    defer { depth.withLock { $0 = 0 } }
    var counters: [IDCounter] = []
    do {
      try database.rows("SELECT pg_advisory_xact_lock($1)", [PostgresSchema.writeLock])
      // IDs are not undone with a transaction, as SQLite's are: noted now (no other writer takes
      // one while this one holds the lock) and put back when it is undone, so a dry run or a
      // failed import leaves no gap and reports the IDs a real run gives.
      counters = try idCounters()
      let result = try body()
      if keep {
        try flushContacts()
        try flushIndex()
        try giveBackReservedContactIDs()
        try settle()
        try database.rows("COMMIT")
      } else {
        try? database.settle()
        try restore(counters)
        try database.rows("ROLLBACK")
      }
      return result
    } catch {
      try? database.settle()
      try? restore(counters)
      try? database.rows("ROLLBACK")
      knownWords.forget()  // what the rolled-back transaction wrote is gone
      pendingIndex.withLock { $0.removeAll() }
      pendingLog.withLock { $0.removeAll() }
      forgetPendingContacts()
      throw error
    }
  }

  /// Runs one statement, in the open transaction when there is one.
  @discardableResult
  func rows(_ sql: String, _ values: [SQLValue?] = []) throws -> [PostgresRandomAccessRow] {
    if pendingContacts.withLock({ !$0.isEmpty }) { try flushContacts() }
    return try database.rows(sql, values)
  }

  /// Runs `body`, whose store calls all join one transaction: everything is kept, or nothing.
  public func atomically<T>(_ body: () throws -> T) throws -> T {
    try transaction {
      batchDepth.withLock { $0 += 1 }
      defer {
        batchDepth.withLock { $0 -= 1 }
        if !inBatch { batchOrganisations.withLock { $0.removeAll() } }
      }
      return try body()
    }
  }

  /// Runs `body` like `atomically`, then undoes everything it wrote: a dry run that reports exactly
  /// what a real run would do.
  public func rollingBack<T>(_ body: () throws -> T) throws -> T {
    if depth.withLock({ $0 }) > 0 {
      // Within a transaction (a dry run's): a savepoint undone, the write lock already held.
      try flushContacts()
      try flushIndex()
      defer {
        knownWords.forget()
        pendingIndex.withLock { $0.removeAll() }
        pendingLog.withLock { $0.removeAll() }
        forgetPendingContacts()
      }
      let counters = try idCounters()
      defer { try? restore(counters) }
      try rows("SAVEPOINT pokja_rolling_back")
      depth.withLock { $0 += 1 }
      batchDepth.withLock { $0 += 1 }
      defer {
        depth.withLock { $0 -= 1 }
        batchDepth.withLock { $0 -= 1 }
        try? database.settle()
        try? rows("ROLLBACK TO SAVEPOINT pokja_rolling_back")
        try? rows("RELEASE SAVEPOINT pokja_rolling_back")
      }
      return try body()
    }
    defer {
      knownWords.forget()
      pendingIndex.withLock { $0.removeAll() }
      pendingLog.withLock { $0.removeAll() }
      forgetPendingContacts()
    }
    return try topLevel(keep: false) {
      batchDepth.withLock { $0 += 1 }
      defer {
        batchDepth.withLock { $0 -= 1 }
        if !inBatch { batchOrganisations.withLock { $0.removeAll() } }
      }
      return try body()
    }
  }
}

/// Where one ID sequence stood: its name, its last value, and whether that value was given out.
struct IDCounter: Sendable {
  let name: String
  let value: Int64
  let given: Bool
}

extension PostgresStore {
  /// Where each ID sequence of the schema stands: its name, its last value, and whether that value
  /// was given out.
  fileprivate func idCounters() throws -> [IDCounter] {
    try rows(
      """
      SELECT format('%I.%I', schemaname, sequencename) AS name, last_value FROM pg_sequences
      WHERE schemaname = current_schema()
        -- Only those this role may read and set: for them, no value means none given yet.
        AND has_sequence_privilege(format('%I.%I', schemaname, sequencename), 'SELECT,UPDATE')
      """
    ).of("pg_sequences").map { row in
      let value: Int64? = try row("last_value")
      return IDCounter(name: try row("name"), value: value ?? 1, given: value != nil)
    }
  }

  /// Sets each sequence back to where `idCounters` found it.
  fileprivate func restore(_ counters: [IDCounter]) throws {
    for counter in counters {
      try rows("SELECT setval($1::regclass, $2, $3)", [counter.name, counter.value, counter.given])
    }
  }
}

/// Words this process has already put in `search_word`, so a bulk import does not ask the server
/// about each common name again. Forgotten whenever a transaction is rolled back.
final class KnownSearchWords: Sendable {
  private let words = Mutex(Set<String>())

  /// True the first time a word is seen (since the last `forget`).
  func isNew(_ word: String) -> Bool { words.withLock { $0.insert(word).inserted } }

  func forget() { words.withLock { $0.removeAll() } }
}
