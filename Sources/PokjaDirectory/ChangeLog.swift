import Foundation
import PokjaCore

/// One line of the directory's change log: who changed what, and when.
public struct ChangeEntry: Sendable, Hashable, Codable {
  /// What kind of record changed.
  public enum Entity: String, Sendable, Hashable, Codable {
    case organisation
    case contact
    case group
  }

  /// What happened to it.
  public enum Action: String, Sendable, Hashable, Codable {
    case added
    case changed
    case removed
    case merged
  }

  public var at: Date
  /// `$POKJA_USER`, else the login name.
  public var actor: String
  public var entity: Entity
  public var entityID: Int64
  /// The record's name at the time, so removed records still read well.
  public var name: String
  public var action: Action
  /// "phones: +62 812-… → +62 813-…; tags: + pleno".
  public var summary: String
  /// On a shared database, the database role the change was made as (the account is `actor`);
  /// nil where there is no such role (SQLite).
  public var databaseUser: String?

  public init(
    at: Date, actor: String, entity: Entity, entityID: Int64, name: String, action: Action,
    summary: String
  ) {
    self.at = at
    self.actor = actor
    self.entity = entity
    self.entityID = entityID
    self.name = name
    self.action = action
    self.summary = summary
  }

  /// Describes what differs between two versions of a record, field by field: its stored
  /// properties by their Swift names, each value as its own coding writes it.
  public static func difference<T>(from old: T, to new: T) -> String {
    let before = fields(old)
    let after = fields(new)
    var parts: [String] = []
    for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
      parts.append("\(key): \(before[key] ?? "–") → \(after[key] ?? "–")")
    }
    return parts.joined(separator: "; ")
  }

  /// A record's fields as short display strings (empty, false and missing values left out).
  ///
  /// The record's stored properties are read (`Mirror`), not its `Encodable`: records encode as
  /// the JSON contract (`parentId`, every address in `emails`), while the log has always named
  /// fields as the code does (`parentID`, `otherEmails`). One edit reads two records, so the
  /// reflection costs nothing that matters.
  static func fields<T>(_ record: T) -> [String: String] {
    var values: [String: StoredValue] = [:]
    for child in Mirror(reflecting: record).children {
      guard let label = child.label, let value = child.value as? any Encodable else { continue }
      values[label] = StoredValue(value: value)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(values),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [:] }
    func text(_ value: Any) -> String {
      guard
        let data = try? JSONSerialization.data(
          withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]),
        let text = String(data: data, encoding: .utf8)
      else { return "\(value)" }
      return text.hasPrefix("\"") ? String(text.dropFirst().dropLast()) : text
    }
    var fields: [String: String] = [:]
    for (key, value) in object where key != "id" {
      let shown = (value as? [Any]).map { $0.map(text).joined(separator: ", ") } ?? text(value)
      switch shown {
      case "", "null", "false": continue
      case "true": fields[key] = "yes"
      default: fields[key] = shown
      }
    }
    return fields
  }
}

/// One stored property's value, encoded by its own coding.
private struct StoredValue: Encodable {
  let value: any Encodable

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value)
  }
}
