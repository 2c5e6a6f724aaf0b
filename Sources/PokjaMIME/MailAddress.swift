import Foundation

/// A mailbox: an address with an optional display name.
public struct MailAddress: Hashable, Sendable {
  /// The name shown to readers, e.g. `Désirée Dupont`; nil or empty for none.
  public var displayName: String?
  /// The bare address, e.g. `desiree@example.com`.
  public var address: String

  /// Creates a mailbox.
  public init(_ address: String, displayName: String? = nil) {
    self.address = address
    self.displayName = displayName
  }

  /// The mailbox as it appears in a header: `addr`, `Name <addr>`, `"Name, Jr." <addr>` or
  /// `=?UTF-8?...?= <addr>`; throws for hostile or malformed input.
  public func rendered(field: String = "From") throws(MIMEError) -> String {
    let address = try MailAddress.validated(address, field: field)
    guard let name = displayName, !name.isEmpty else { return address }
    _ = try name.checkedForHeader(field)
    return MailAddress.phrase(name) + " <" + address + ">"
  }

  /// The display name as a phrase: an atom sequence, a quoted string or encoded words.
  ///
  /// Names longer than one encoded word are split RFC 2047-style (the whitespace between the
  /// words is not content); Python's `email` address parser wrongly keeps that whitespace.
  static func phrase(_ name: String) -> String {
    if EncodedWord.needsEncoding(name) {
      if name.isASCII { return quoted(name) }
      return EncodedWord.encode(name)
    }
    let plain =
      name.utf8.allSatisfy { isAtext($0) || $0 == UInt8(ascii: " ") }
      && !name.hasPrefix(" ") && !name.hasSuffix(" ") && !name.contains("  ")
    return plain ? name : quoted(name)
  }

  private static func quoted(_ text: String) -> String { MIMEToken.quoted(text) }

  /// RFC 5322 `atext`.
  static func isAtext(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      true
    default: "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }
  }

  /// Loose validation: exactly one `@` with text on both sides, printable ASCII only, and none
  /// of the characters that would let an address escape its place in an address list.
  static func validated(_ address: String, field: String) throws(MIMEError) -> String {
    _ = try address.checkedForHeader(field)
    let forbidden = Set(" <>,;:\"()[]\\".utf8)
    let bytes = Array(address.utf8)
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
      bytes.allSatisfy({ (33...126).contains($0) && !forbidden.contains($0) })
    else { throw .invalidAddress(address) }
    return address
  }
}
