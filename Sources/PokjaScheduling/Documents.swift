import Crypto
import Foundation
import PokjaCore

/// A file's identity: the SHA-256 of its bytes, as 64 lowercase hex digits. The same file attached
/// to ten meetings, or sent to a thousand invitees, is stored once under it.
public struct DocumentDigest: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// 64 lowercase hex digits.
  public let hex: String

  /// The digest of `data`.
  public init(of data: Data) {
    hex = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }

  /// A digest as stored; nil unless 64 lowercase hex digits.
  public init?(hex: String) {
    guard hex.utf8.count == 64,
      hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
    else { return nil }
    self.hex = hex
  }

  /// The first 12 digits, enough to tell documents apart in a listing (`pokja doc list`).
  public var short: String { String(hex.prefix(12)) }

  public var description: String { "sha256:" + hex }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.hex < rhs.hex }
}

/// What a document is attached to: a meeting, or an item of the work plan (`PokjaWorkPlan`'s
/// `PlanItemID`, by its raw value: the work plan sits above this module).
public enum DocumentTarget: Hashable, Sendable {
  case meeting(MeetingID)
  case planItem(Int64)
}

extension DocumentTarget {
  /// The column of `document_link` that names the target in both stores, and its value.
  public var storedColumn: (String, Int64) {
    switch self {
    case .meeting(let id): ("meeting_id", id.rawValue)
    case .planItem(let id): ("plan_item_id", id)
    }
  }
}

/// A document as attached to a meeting or plan item: under which name, of what type and size, by
/// whom and when. Its bytes are kept apart, once per digest (`DocumentStore.documentContent`).
public struct AttachedDocument: Hashable, Sendable {
  public var digest: DocumentDigest
  public var target: DocumentTarget
  /// The name it is sent and saved under, `agenda.pdf`.
  public var filename: String
  /// Its media type, `application/pdf`.
  public var contentType: String
  /// Bytes.
  public var size: Int
  /// Who attached it (`$POKJA_USER`, the login name).
  public var addedBy: String
  public var addedAt: Date

  public init(
    digest: DocumentDigest, target: DocumentTarget, filename: String, contentType: String,
    size: Int, addedBy: String, addedAt: Date
  ) {
    self.digest = digest
    self.target = target
    self.filename = filename
    self.contentType = contentType
    self.size = size
    self.addedBy = addedBy
    self.addedAt = addedAt
  }
}

/// Where documents are kept: each file's bytes once by digest, and which meeting or plan item has
/// it under which name.
public protocol DocumentStore: Sendable {
  /// Attaches each document, storing its content unless a file with its digest is already kept;
  /// all in one transaction (all or nothing). When a target has another file by that name, it is
  /// replaced with `replacing` (a revised agenda), else `DocumentError.nameTaken` is thrown.
  /// Answers, for each, false (changing nothing) when its target already had this very file.
  func attach(_ documents: [(document: AttachedDocument, content: Data)], replacing: Bool) throws
    -> [Bool]
  /// The documents of `target`, by name; nil: of every meeting and plan item.
  func documents(of target: DocumentTarget?) throws -> [AttachedDocument]
  /// A kept file's bytes.
  func documentContent(_ digest: DocumentDigest) throws -> Data?
  /// Takes the file named `filename` off `target`; its bytes go too once nothing else has them (no
  /// other meeting or plan item, no message waiting in the outbox). Nil when there was none.
  func detach(filename: String, from target: DocumentTarget) throws -> AttachedDocument?
  /// Deletes the bytes of files no meeting or plan item has and no message with contents names
  /// (after `outbox purge`, a deleted meeting); returns how many went.
  func pruneDocuments() throws -> Int
}

extension DocumentLinks {
  /// The link to `document`.
  public func link(to document: AttachedDocument) -> String {
    link(digest: document.digest.hex, filename: document.filename)
  }
}

/// The files of meetings and plan items (`pokja doc`): each kept once by its content, listed with
/// size and who added it, sent with invitations or linked from them.
public struct DocumentLibrary: Sendable {
  let store: any DocumentStore
  let clock: any WallClock
  let actor: String

  /// The most one file may weigh: a database is no file server, and mail servers commonly refuse
  /// messages over 20–25 MB.
  public static let sizeLimit = 20 * 1_048_576

  public init(store: any DocumentStore, clock: any WallClock, actor: String) {
    self.store = store
    self.clock = clock
    self.actor = actor
  }

  /// What `add` did.
  public struct Added: Sendable, Hashable {
    public var document: AttachedDocument
    /// False when the target already had this file.
    public var isNew: Bool
  }

  /// Attaches `data` to `target` as `filename` (its last path component).
  public func add(
    _ data: Data, filename: String, to target: DocumentTarget, replacing: Bool = false
  ) throws -> Added {
    try add([(filename, data)], to: target, replacing: replacing)[0]
  }

  /// Attaches the files to `target`, all or none; with `replacing`, a file named as one the target
  /// has takes its place (a revised agenda), else that is refused.
  public func add(
    _ files: [(filename: String, data: Data)], to target: DocumentTarget, replacing: Bool = false
  ) throws -> [Added] {
    var documents: [(document: AttachedDocument, content: Data)] = []
    for (filename, data) in files {
      let name = (filename as NSString).lastPathComponent.trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty, name != ".", name != "..",
        !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
      else { throw DocumentError.badName(filename) }
      guard !data.isEmpty else { throw DocumentError.empty(name) }
      guard data.count <= Self.sizeLimit else {
        throw DocumentError.tooLarge(name, size: data.count, limit: Self.sizeLimit)
      }
      if documents.contains(where: { $0.document.filename == name }) {
        throw DocumentError.nameTaken(name)
      }
      documents.append(
        (
          AttachedDocument(
            digest: DocumentDigest(of: data), target: target, filename: name,
            contentType: Self.contentType(forFileName: name), size: data.count, addedBy: actor,
            addedAt: clock.now()), data
        ))
    }
    let isNew = try store.attach(documents, replacing: replacing)
    let kept = try store.documents(of: target)
    return zip(documents, isNew).map { entry, isNew in
      Added(
        document: kept.first { $0.digest == entry.document.digest } ?? entry.document,
        isNew: isNew)
    }
  }

  /// The documents of `target` (nil: all), by name.
  public func documents(of target: DocumentTarget?) throws -> [AttachedDocument] {
    try store.documents(of: target)
  }

  /// The document of `target` named by `reference`: its file name (any case) or the start of its
  /// digest (6 hex digits or more).
  public func document(_ reference: String, of target: DocumentTarget) throws -> AttachedDocument {
    let documents = try store.documents(of: target)
    if let named = documents.first(where: { $0.filename == reference })
      ?? documents.first(where: { $0.filename.lowercased() == reference.lowercased() })
    {
      return named
    }
    let prefix = reference.lowercased().replacingOccurrences(of: "sha256:", with: "")
    let byDigest = prefix.count >= 6 ? documents.filter { $0.digest.hex.hasPrefix(prefix) } : []
    if byDigest.count == 1 { return byDigest[0] }
    throw DocumentError.notFound(reference, known: documents.map(\.filename))
  }

  /// A document's bytes; `DocumentError.contentMissing` when the store lost them.
  public func content(of document: AttachedDocument) throws -> Data {
    guard let data = try store.documentContent(document.digest) else {
      throw DocumentError.contentMissing(document.filename, document.digest)
    }
    return data
  }

  /// The bytes kept under `digest`, or nil.
  public func content(ofDigest digest: DocumentDigest) throws -> Data? {
    try store.documentContent(digest)
  }

  /// Takes the document named by `reference` off `target`.
  public func remove(_ reference: String, from target: DocumentTarget) throws -> AttachedDocument {
    let document = try document(reference, of: target)
    guard let removed = try store.detach(filename: document.filename, from: target) else {
      throw DocumentError.notFound(reference, known: [])
    }
    return removed
  }

  /// Deletes the contents of files nothing has any more (no meeting or plan item, no message in
  /// the outbox); how many went.
  public func prune() throws -> Int { try store.pruneDocuments() }

  /// The media type for a file name, by its extension (application/octet-stream when unknown).
  public static func contentType(forFileName name: String) -> String {
    let types = [
      "pdf": "application/pdf", "doc": "application/msword",
      "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "xls": "application/vnd.ms-excel",
      "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "ppt": "application/vnd.ms-powerpoint",
      "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "odt": "application/vnd.oasis.opendocument.text",
      "ods": "application/vnd.oasis.opendocument.spreadsheet", "txt": "text/plain",
      "csv": "text/csv", "md": "text/markdown", "html": "text/html", "png": "image/png",
      "jpg": "image/jpeg", "jpeg": "image/jpeg", "zip": "application/zip",
    ]
    let ext = (name as NSString).pathExtension.lowercased()
    return types[ext] ?? "application/octet-stream"
  }

  /// A size for people, in units of 1,024 as file managers show them: `820 B`, `1.5 kB`,
  /// `14 kB`, `1.2 MB`, `15 MB` (a tenth below ten units).
  public static func sizeText(_ bytes: Int) -> String {
    func units(_ value: Double, _ unit: String) -> String {
      guard value < 9.95 else { return "\(Int(value.rounded())) \(unit)" }
      let text = String(format: "%.1f", value)
      return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " " + unit
    }
    switch bytes {
    case ..<1_024: return "\(bytes) B"
    case ..<1_048_576: return units(Double(bytes) / 1_024, "kB")
    default: return units(Double(bytes) / 1_048_576, "MB")
    }
  }
}

/// A document that cannot be added, found or read.
public enum DocumentError: Error, Sendable, Hashable, LocalizedError {
  case badName(String)
  case empty(String)
  case tooLarge(String, size: Int, limit: Int)
  case nameTaken(String)
  case notFound(String, known: [String])
  case contentMissing(String, DocumentDigest)

  public var errorDescription: String? {
    switch self {
    case .badName(let name):
      "'\(name)' cannot be a document's name: give a file name (--name agenda.pdf)."
    case .empty(let name):
      "\(name) is empty: nothing was attached."
    case .tooLarge(let name, let size, let limit):
      "\(name) is \(DocumentLibrary.sizeText(size)); a document may be at most \(DocumentLibrary.sizeText(limit)). Put it on a file share and add its link to the meeting's description instead."
    case .nameTaken(let name):
      "Another file named \(name) is already attached here. Give --replace to put this one in its place, or another name with --name."
    case .notFound(let reference, let known):
      known.isEmpty
        ? "No document '\(reference)' here."
        : "No document '\(reference)' here; there are: \(known.joined(separator: ", "))."
    case .contentMissing(let name, let digest):
      "The contents of \(name) (\(digest)) are missing from the database."
    }
  }
}
