import Foundation
import PokjaCore
import PokjaScheduling

/// Documents on PostgreSQL: `document` keeps each file's bytes once (base64, as on SQLite),
/// `document_link` who has it under which name.
extension PostgresStore: DocumentStore {
  public func attach(
    _ documents: [(document: AttachedDocument, content: Data)], replacing: Bool
  ) throws -> [Bool] {
    try transaction {
      try documents.map { try attach($0.document, content: $0.content, replacing: replacing) }
    }
  }

  private func attach(_ document: AttachedDocument, content: Data, replacing: Bool) throws
    -> Bool
  {
    let (column, id) = document.target.storedColumn
    let existing = try rows(
      "SELECT digest, filename FROM document_link WHERE \(column) = $1", [id]
    ).of("document_link")
    if try existing.contains(where: { try $0("digest", as: String.self) == document.digest.hex }) {
      return false
    }
    if let named = try existing.first(where: {
      try $0("filename", as: String.self) == document.filename
    }) {
      guard replacing else { throw DocumentError.nameTaken(document.filename) }
      try rows(
        "DELETE FROM document_link WHERE \(column) = $1 AND filename = $2",
        [id, document.filename])
      _ = try prune(only: try named("digest", as: String.self))
    }
    try rows(
      """
      INSERT INTO document (digest, size, content) VALUES ($1, $2, $3)
      ON CONFLICT (digest) DO NOTHING
      """, [document.digest.hex, Int64(content.count), content.base64EncodedString()])
    try rows(
      """
      INSERT INTO document_link (digest, \(column), filename, content_type, added_by, added_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      """,
      [
        document.digest.hex, id, document.filename, document.contentType, document.addedBy,
        document.addedAt,
      ])
    return true
  }

  public func documents(of target: DocumentTarget?) throws -> [AttachedDocument] {
    let select = "SELECT l.*, d.size FROM document_link l JOIN document d ON d.digest = l.digest"
    let found: [StoredRow]
    if let target {
      let (column, id) = target.storedColumn
      found = try rows(
        select + " WHERE l.\(column) = $1 ORDER BY l.filename COLLATE \"C\", l.id", [id]
      ).of("document_link")
    } else {
      found = try rows(
        select
          + " ORDER BY l.meeting_id IS NULL, l.meeting_id, l.plan_item_id, l.filename COLLATE \"C\""
      ).of("document_link")
    }
    return try found.map { try AttachedDocument(stored: $0) }
  }

  public func documentContent(_ digest: DocumentDigest) throws -> Data? {
    guard
      let row = try rows(
        "SELECT digest AS id, content FROM document WHERE digest = $1", [digest.hex]
      )
      .of("document").first
    else { return nil }
    return try row.parsed("content") { Data(base64Encoded: $0) }
  }

  public func detach(filename: String, from target: DocumentTarget) throws -> AttachedDocument? {
    try transaction {
      let (column, id) = target.storedColumn
      guard
        let row = try rows(
          """
          SELECT l.*, d.size FROM document_link l JOIN document d ON d.digest = l.digest
          WHERE l.\(column) = $1 AND l.filename = $2
          """, [id, filename]
        ).of("document_link").first
      else { return nil }
      let document = try AttachedDocument(stored: row)
      try rows("DELETE FROM document_link WHERE id = $1", [try row("id", as: Int64.self)])
      _ = try prune(only: document.digest.hex)
      return document
    }
  }

  public func pruneDocuments() throws -> Int {
    try transaction { try prune(only: nil) }
  }

  /// Deletes the bytes of files no link has and no outbox message's contents names.
  private func prune(only digest: String?) throws -> Int {
    try rows(
      """
      DELETE FROM document
      WHERE ($1::text IS NULL OR digest = $1)
        AND NOT EXISTS (SELECT 1 FROM document_link l WHERE l.digest = document.digest)
        AND NOT EXISTS (
          SELECT 1 FROM outbox_body b WHERE strpos(b.content, 'sha256:' || document.digest) > 0)
      RETURNING digest
      """, [digest]
    ).count
  }
}

extension AttachedDocument {
  init(stored row: StoredRow) throws {
    let digest = try row.parsed("digest") { DocumentDigest(hex: $0) }
    let target: DocumentTarget
    if let meeting = try row("meeting_id", as: Int64?.self) {
      target = .meeting(MeetingID(meeting))
    } else if let planItem = try row("plan_item_id", as: Int64?.self) {
      target = .planItem(planItem)
    } else {
      throw SharedDatabaseError.corruptRow(table: "document_link", id: row.id, column: "meeting_id")
    }
    self.init(
      digest: digest, target: target, filename: try row("filename"),
      contentType: try row("content_type"), size: Int(try row("size", as: Int64.self)),
      addedBy: try row("added_by"), addedAt: try row("added_at"))
  }
}
