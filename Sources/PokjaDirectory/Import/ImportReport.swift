import Foundation

/// What an import did (or, in a dry run, would do), row by row.
///
/// Every row has one outcome: **added** (a new record), **updated** (it is a record the directory
/// already had, which gained values from it), **unchanged** (a record the directory already had, and
/// the row brought nothing new), or **merged** (it repeats a record an earlier row of the same file
/// added, and was folded into it instead of doubling it). Updated, unchanged and merged rows say why
/// they matched: "same email: wulan.s@kemensos.go.id".
public struct ImportReport: Sendable, Hashable {
  /// A row's outcome.
  public enum Outcome: String, Sendable, Hashable, Codable {
    case added
    case updated
    case unchanged
    case merged
  }

  /// What became of one row.
  public struct Record: Sendable, Hashable {
    /// The 1-based physical line of the row (or of the vCard's `BEGIN:VCARD`).
    public var line: Int
    public var outcome: Outcome
    /// The organisation's or contact's ID (in a dry run, the ID it would have had).
    public var id: Int64
    /// Its name as stored.
    public var name: String
    /// Why the row matched an existing record: "same email: …", "same acronym: …".
    public var reason: String?
  }

  /// Organisations or contacts.
  public var entity: ImportEntity
  /// The file's name as given.
  public var file: String
  /// How the file was read.
  public var format: ImportFormat
  /// Every row's outcome, in file order.
  public var records: [Record]
  /// Organisations `--create-orgs` added for contacts (their first line, ID and name).
  public var createdOrganisations: [Record]
  /// Vocabulary words the directory did not know and learned: "service 'pendampingan'".
  public var newTerms: [String]
  /// Columns nobody asked for, ignored.
  public var ignoredColumns: [String]
  /// True when nothing was kept.
  public var dryRun: Bool

  /// How many rows had `outcome`.
  public func count(_ outcome: Outcome) -> Int { records.count { $0.outcome == outcome } }
}
