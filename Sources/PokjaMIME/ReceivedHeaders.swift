import Foundation

/// The header fields of a received message or body part, in the order they were written.
///
/// Values are unfolded (line breaks removed, the whitespace after them kept) and trimmed, but
/// not decoded: pass a value to `EncodedWord.decode(_:)` to show it.
public struct ReceivedHeaders: Hashable, Sendable {
  /// Every field in order, repeated fields included.
  public let fields: [MailHeader]
  /// The field names lowercased, for lookups.
  private let keys: [String]

  /// Creates headers from fields.
  public init(_ fields: [MailHeader]) {
    self.fields = fields
    self.keys = fields.map { $0.name.lowercased() }
  }

  /// The first value of the field `name` (any case), or nil.
  public subscript(_ name: String) -> String? {
    let key = name.lowercased()
    return keys.firstIndex(of: key).map { fields[$0].value }
  }

  /// Every value of the field `name` (any case), in order.
  public func values(_ name: String) -> [String] {
    let key = name.lowercased()
    return keys.indices.filter { keys[$0] == key }.map { fields[$0].value }
  }
}
