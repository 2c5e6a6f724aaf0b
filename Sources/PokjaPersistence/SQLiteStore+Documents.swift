import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

/// Documents on SQLite: `document` keeps each file's bytes once (base64), `document_link` who has
/// it under which name.
extension SQLiteStore: DocumentStore {
  public func attach(
    _ documents: [(document: AttachedDocument, content: Data)], replacing: Bool
  ) throws -> [Bool] {
    try transaction { db in
      try documents.map {
        try attach($0.document, content: $0.content, replacing: replacing, db)
      }
    }
  }

  private func attach(
    _ document: AttachedDocument, content: Data, replacing: Bool, _ db: Database
  ) throws -> Bool {
    let (column, id) = document.target.storedColumn
    let existing = try Row.fetchAll(
      db,
      sql: "SELECT digest, filename FROM document_link WHERE \(column) = ?", arguments: [id])
    if existing.contains(where: { $0["digest"] == document.digest.hex }) { return false }
    if let named = existing.first(where: { $0["filename"] == document.filename }) {
      guard replacing else { throw DocumentError.nameTaken(document.filename) }
      try db.execute(
        sql: "DELETE FROM document_link WHERE \(column) = ? AND filename = ?",
        arguments: [id, document.filename])
      _ = try prune(db, only: named["digest"])
    }
    try db.execute(
      sql: "INSERT INTO document (digest, size, content) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      arguments: [document.digest.hex, content.count, content.base64EncodedString()])
    try db.execute(
      sql: """
        INSERT INTO document_link (digest, \(column), filename, content_type, added_by, added_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        document.digest.hex, id, document.filename, document.contentType, document.addedBy,
        document.addedAt,
      ])
    return true
  }

  public func documents(of target: DocumentTarget?) throws -> [AttachedDocument] {
    try read { db in
      let select = """
        SELECT l.*, d.size FROM document_link l JOIN document d ON d.digest = l.digest
        """
      let rows: [Row]
      if let target {
        let (column, id) = target.storedColumn
        rows = try Row.fetchAll(
          db, sql: select + " WHERE l.\(column) = ? ORDER BY l.filename, l.id", arguments: [id])
      } else {
        rows = try Row.fetchAll(
          db,
          sql: select + " ORDER BY l.meeting_id IS NULL, l.meeting_id, l.plan_item_id, l.filename")
      }
      return try rows.map { try AttachedDocument(row: $0) }
    }
  }

  public func documentContent(_ digest: DocumentDigest) throws -> Data? {
    try read { db in
      try String.fetchOne(
        db, sql: "SELECT content FROM document WHERE digest = ?", arguments: [digest.hex]
      ).map { text in
        guard let data = Data(base64Encoded: text) else {
          throw StorageError.corruptRow(table: "document", id: 0, column: "content")
        }
        return data
      }
    }
  }

  public func detach(filename: String, from target: DocumentTarget) throws -> AttachedDocument? {
    try transaction { db in
      let (column, id) = target.storedColumn
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT l.*, d.size FROM document_link l JOIN document d ON d.digest = l.digest
            WHERE l.\(column) = ? AND l.filename = ?
            """, arguments: [id, filename])
      else { return nil }
      let document = try AttachedDocument(row: row)
      try db.execute(sql: "DELETE FROM document_link WHERE id = ?", arguments: [row["id"] as Int64])
      try prune(db, only: document.digest.hex)
      return document
    }
  }

  public func pruneDocuments() throws -> Int {
    try transaction { db in try prune(db, only: nil) }
  }

  /// Deletes the bytes of files no link has and no outbox message's contents names.
  private func prune(_ db: Database, only digest: String?) throws -> Int {
    try db.execute(
      sql: """
        DELETE FROM document
        WHERE (:digest IS NULL OR digest = :digest)
          AND NOT EXISTS (SELECT 1 FROM document_link l WHERE l.digest = document.digest)
          AND NOT EXISTS (
            SELECT 1 FROM outbox_body b WHERE instr(b.content, 'sha256:' || document.digest) > 0)
        """, arguments: ["digest": digest])
    return db.changesCount
  }
}

extension AttachedDocument {
  init(row: Row) throws {
    let digest = try row.parsed("digest", table: "document_link") { DocumentDigest(hex: $0) }
    let meeting: Int64? = row["meeting_id"]
    let planItem: Int64? = row["plan_item_id"]
    let target: DocumentTarget
    if let meeting {
      target = .meeting(MeetingID(meeting))
    } else if let planItem {
      target = .planItem(planItem)
    } else {
      throw StorageError.corruptRow(
        table: "document_link", id: row["id"] ?? 0, column: "meeting_id")
    }
    self.init(
      digest: digest, target: target, filename: row["filename"], contentType: row["content_type"],
      size: row["size"], addedBy: row["added_by"], addedAt: row["added_at"])
  }
}
