import Foundation
import PokjaCore
import PokjaDirectory

/// The search index on PostgreSQL: the tables SQLite's FTS5 keeps, ranked by the same bm25 (names
/// ten times details, facets only filtering), so `find` and `refer` give the same records in the
/// same order on either store.
extension PostgresStore {
  /// The index fields, as `search_token.field` numbers them.
  private enum Field: Int64 {
    case names = 1
    case details = 2
    case facets = 3
  }

  /// Documents waiting in a batch are sent together once this many have gathered.
  private static let flushThreshold = 2_000

  /// Indexes (or re-indexes) one record, within the open transaction.
  func index(_ document: SearchDocument) throws {
    let count = pendingIndex.withLock {
      $0.append(document)
      return $0.count
    }
    if count >= Self.flushThreshold { try flushIndex() }
  }

  /// Takes a record out of the index, within the open transaction.
  func removeFromIndex(_ entity: SearchDocument.Entity, _ id: Int64) throws {
    let rowID = SearchDocument.rowID(entity, id)
    pendingIndex.withLock { $0.removeAll { $0.rowID == rowID } }
    try rows(
      """
      WITH old AS (DELETE FROM search_document WHERE id = $1 RETURNING length)
      UPDATE search_statistics SET documents = documents - (SELECT count(*) FROM old),
        tokens = tokens - (SELECT coalesce(sum(length), 0) FROM old)
      """, [rowID])
  }

  /// Writes the documents indexed (and the change-log entries made) in the open transaction: a few
  /// statements for any number.
  func flushIndex() throws {
    try flushLog()
    let pending = pendingIndex.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
    guard !pending.isEmpty else { return }
    var latest: [Int64: SearchDocument] = [:]
    var order: [Int64] = []
    for document in pending {
      if latest.updateValue(document, forKey: document.rowID) == nil {
        order.append(document.rowID)
      }
    }
    let documents = order.compactMap { latest[$0] }
    var tokenDocuments: [Int64] = []
    var tokenFields: [Int64] = []
    var tokenTexts: [String] = []
    var tokenCounts: [Int64] = []
    var tokenLengths: [Int64] = []
    var lengths: [Int64] = []
    var words = Set<String>()
    for document in documents {
      var length: Int64 = 0
      let fields: [(Field, [String])] = [
        (.names, SearchDocument.tokens(document.names)),
        (.details, SearchDocument.tokens(document.details)),
        (.facets, document.facets.flatMap(SearchDocument.tokens)),
      ]
      let documentLength = Int64(fields.reduce(0) { $0 + $1.1.count })
      for (field, tokens) in fields {
        length += Int64(tokens.count)
        var counts: [String: Int64] = [:]
        var firstSeen: [String] = []
        for token in tokens {
          if counts[token] == nil { firstSeen.append(token) }
          counts[token, default: 0] += 1
        }
        for token in firstSeen {
          tokenDocuments.append(document.rowID)
          tokenFields.append(field.rawValue)
          tokenTexts.append(token)
          tokenCounts.append(counts[token]!)
          tokenLengths.append(documentLength)
        }
      }
      lengths.append(length)
      for word in document.typoWords where knownWords.isNew(word) { words.insert(word) }
    }
    // Sent without waiting: pokja goes on reading the next rows while the server indexes.
    try flushContacts()
    try database.send(
      """
      WITH old AS (DELETE FROM search_document WHERE id = ANY($1) RETURNING length)
      UPDATE search_statistics SET documents = documents - (SELECT count(*) FROM old),
        tokens = tokens - (SELECT coalesce(sum(length), 0) FROM old)
      """, [order])
    try database.send(
      """
      INSERT INTO search_document (id, entity, entity_id, names, length)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[])
      """,
      [
        order, documents.map(\.entity.rawValue), documents.map(\.entityID),
        documents.map(\.names), lengths,
      ])
    try database.send(
      """
      INSERT INTO search_token (document_id, field, token, frequency, length)
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[])
      """, [tokenDocuments, tokenFields, tokenTexts, tokenCounts, tokenLengths])
    try database.send(
      "UPDATE search_statistics SET documents = documents + $1, tokens = tokens + $2",
      [Int64(documents.count), lengths.reduce(0, +)])
    guard !words.isEmpty else { return }
    // Words new to this process, with their deletions: a word the table has already has them
    // too, and those rows are left as they are.
    try database.send(
      "INSERT INTO search_word (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
      [words.sorted()])
    var variants: [String] = []
    var variantWords: [String] = []
    for word in words.sorted() {
      for variant in SearchDocument.deletions(of: word) {
        variants.append(variant)
        variantWords.append(word)
      }
    }
    guard !variants.isEmpty else { return }
    try database.send(
      """
      INSERT INTO search_word_deletion (variant, word)
      SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING
      """, [variants, variantWords])
  }

  // MARK: Searching

  public func search(_ query: DirectoryQuery) throws -> [DirectoryEntry] {
    try flushIndex()
    var tokens: [String] = []
    var groups: [Int64] = []
    var prefixes: [Bool] = []
    var groupCount: Int64 = 0
    for word in query.words {
      let alternatives =
        word.prefixes.filter { !$0.isEmpty }.map { ($0, true) }
        + word.exact.filter { !$0.isEmpty }.map { ($0, false) }
      guard !alternatives.isEmpty else { continue }
      for (token, isPrefix) in alternatives {
        tokens.append(token.replacingScalars(["\"": ""]))
        groups.append(groupCount)
        prefixes.append(isPrefix)
      }
      groupCount += 1
    }
    guard groupCount > 0 || !query.facets.isEmpty else { return [] }
    let facets = Array(Set(query.facets)).sorted()
    let facetFilter =
      facets.isEmpty
      ? "TRUE"
      : """
      d.id IN (SELECT document_id FROM search_token WHERE field = 3 AND token = ANY($2::text[])
               GROUP BY document_id HAVING count(DISTINCT token) = $3)
      """
    // For ranked candidates: each one's facets looked up by its key, a few index probes per
    // candidate (a set of every document with the facet, joined, is what the planner misjudges).
    let candidateFacetFilter =
      facets.isEmpty
      ? "TRUE"
      : """
      (SELECT count(DISTINCT f.token) FROM search_token f
       WHERE f.document_id = d.id AND f.field = 3 AND f.token = ANY($2::text[])) = $3
      """
    let found: [StoredRow]
    if groupCount == 0 {
      // Filters alone rank nothing: the first names in alphabetical order.
      found = try rows(
        """
        SELECT d.entity, d.entity_id FROM search_document d
        WHERE ($1::text IS NULL OR d.entity = $1) AND \(facetFilter)
        ORDER BY d.names, d.id LIMIT $4
        """, [query.entity?.rawValue, facets, Int64(facets.count), query.limit]
      ).of("search_document")
    } else {
      // bm25 as FTS5 computes it (k1 1.2, b 0.75): a phrase's frequency weighs names 10 and
      // details 1; its IDF counts the documents it occurs in; D is the document's length in
      // tokens and avgdl the index's average. In double precision, operation for operation and
      // phrase by phrase as fts5Bm25Function does, so scores are the same to the last bit and
      // ties are ties on both stores (then broken by the document's place, as on SQLite).
      found = try rows(
        """
        WITH phrase AS (
          SELECT p.i, p.grp, p.token,
            CASE WHEN p.prefix THEN p.token || chr(1114111) ELSE p.token END AS upto
          FROM unnest($5::text[], $6::bigint[], $7::bool[]) WITH ORDINALITY AS p(token, grp, prefix, i)
        ),
        hit AS MATERIALIZED (
          SELECT p.i, p.grp, t.document_id, max(t.length) AS length,
            sum(t.frequency * CASE t.field WHEN 1 THEN 10.0 ELSE 1.0 END)::float8 AS freq
          FROM phrase p JOIN search_token t
            ON t.token >= p.token AND t.token <= p.upto AND t.field IN (1, 2)
          GROUP BY p.i, p.grp, t.document_id
        ),
        idf AS (
          SELECT i, CASE WHEN x <= 0 THEN 1e-6::float8 ELSE x END AS idf
          FROM (
            SELECT h.i, ln(((s.documents - count(*))::float8 + 0.5::float8)
                           / (count(*)::float8 + 0.5::float8)) AS x
            FROM hit h CROSS JOIN search_statistics s GROUP BY h.i, s.documents
          ) AS per_phrase
        ),
        scored AS (
          -- One pass over the hits, grouped by document, from the token rows alone: no join of
          -- the hits with themselves or with the documents, whose sizes the planner cannot
          -- foresee. A document's place says what it is (2N organisation N, 2N+1 contact N).
          SELECT h.document_id AS id, count(DISTINCT h.grp) AS words,
            sum(idf.idf * ((h.freq * (1.2::float8 + 1.0::float8))
                  / (h.freq + 1.2::float8 * ((1.0::float8 - 0.75::float8)
                     + (0.75::float8 * h.length::float8) / (s.tokens::float8 / s.documents::float8))))
                ORDER BY h.i) AS score
          FROM hit h JOIN idf ON idf.i = h.i CROSS JOIN search_statistics s
          GROUP BY h.document_id
        )
        SELECT CASE WHEN d.id % 2 = 0 THEN 'organisation' ELSE 'contact' END AS entity,
          d.id / 2 AS entity_id
        FROM scored AS d
        WHERE d.words = $8
          AND ($1::text IS NULL OR (d.id % 2 = 0) = ($1 = 'organisation'))
          AND \(candidateFacetFilter)
        ORDER BY d.score DESC, d.id LIMIT $4
        """,
        [
          query.entity?.rawValue, facets, Int64(facets.count), query.limit, tokens, groups,
          prefixes, groupCount,
        ]
      ).of("search_document")
    }
    let hits = try found.map {
      (entity: try $0("entity", as: String.self), id: try $0("entity_id", as: Int64.self))
    }
    return try entries(hits)
  }

  /// The records of index hits, in the hits' order, read in three queries (contacts, their
  /// memberships, organisations) rather than one per hit.
  private func entries(_ hits: [(entity: String, id: Int64)]) throws -> [DirectoryEntry] {
    let contactIDs = hits.filter { $0.entity == "contact" }.map { ContactID($0.id) }
    var contacts: [Int64: Contact] = [:]
    for contact in try self.contacts(withIDs: contactIDs) {
      contacts[contact.id.rawValue] = contact
    }
    let organisationIDs =
      hits.filter { $0.entity == "organisation" }.map(\.id)
      + contacts.values.compactMap { $0.organisationID?.rawValue }
    var organisations: [Int64: Organisation] = [:]
    if !organisationIDs.isEmpty {
      for row in try rows(
        "SELECT * FROM organisation WHERE id = ANY($1)", [Array(Set(organisationIDs))]
      ).of("organisation") {
        let organisation = try Organisation(stored: row)
        organisations[organisation.id.rawValue] = organisation
      }
    }
    return hits.compactMap { hit -> DirectoryEntry? in
      if hit.entity == "organisation" {
        return organisations[hit.id].map(DirectoryEntry.organisation)
      }
      guard let contact = contacts[hit.id] else { return nil }
      return .contact(
        contact, organisation: contact.organisationID.flatMap { organisations[$0.rawValue] })
    }
  }

  public func isIndexedWord(_ word: String) throws -> Bool {
    try flushIndex()
    return !(try rows("SELECT 1 FROM search_word WHERE word = $1", [word]).isEmpty)
  }

  public func correctionCandidates(for word: String) throws -> [String] {
    try flushIndex()
    let variants = [word] + SearchDocument.deletions(of: word).sorted()
    return try rows(
      """
      SELECT word FROM search_word_deletion WHERE variant = ANY($1)
      UNION
      SELECT word FROM search_word WHERE word = ANY($1)
      """, [variants]
    ).of("search_word").map { try $0("word") }
  }

  public func entries(withFacets facets: [String], entity: DirectoryQuery.EntityFilter?) throws
    -> [DirectoryEntry]
  {
    guard !facets.isEmpty else { return [] }
    try flushIndex()
    let distinct = Array(Set(facets)).sorted()
    let found = try rows(
      """
      SELECT d.entity, d.entity_id FROM search_document d
      WHERE ($1::text IS NULL OR d.entity = $1)
        AND d.id IN (SELECT document_id FROM search_token WHERE field = 3 AND token = ANY($2::text[])
                     GROUP BY document_id HAVING count(DISTINCT token) = $3)
      ORDER BY d.id
      """, [entity?.rawValue, distinct, Int64(distinct.count)]
    ).of("search_document")
    var entries: [DirectoryEntry] = []
    var contactIDs: [ContactID] = []
    for row in found {
      let id: Int64 = try row("entity_id")
      if try row("entity", as: String.self) == "organisation" {
        if let organisation = try organisation(id: OrganisationID(id)) {
          entries.append(.organisation(organisation))
        }
      } else {
        contactIDs.append(ContactID(id))
      }
    }
    for contact in try contacts(withIDs: contactIDs) {
      entries.append(.contact(contact, organisation: nil))
    }
    return entries
  }
}
