import Foundation
import PokjaContentLine

/// One property parameter with its values, such as `TYPE=work,voice` or `PREF=1`.
///
/// Values are stored unquoted and decoded. When written, a value holding `:`, `;` or `,` is
/// quoted; a DQUOTE becomes `^'` in 4.0 (RFC 6868) and `'` in 3.0, which cannot express it.
public struct VCardParameter: Hashable, Sendable {
  /// The parameter name, uppercased (e.g. `TYPE`).
  public var name: String
  /// The values in order; `TYPE=a,b` and `TYPE="a,b"` both hold two.
  public var values: [String]

  /// Creates a parameter, uppercasing the name.
  public init(name: String, values: [String]) {
    self.name = VCardName.normalized(name)
    self.values = values
  }

  /// `NAME=v1,v2` as written for `version`; nil when no value is left to write (a value of
  /// control characters only), since a reader keeps no empty values either (found by fuzzing).
  func serialized(for version: VCardVersion) -> String? {
    let encoded = values.compactMap { value -> String? in
      let clean =
        version == .v4
        ? VCardParameter.caretEncoded(value)
        : ContentLineText.replacingDoubleQuotes(
          ContentLineText.removingControls(value, keepTab: true))
      return clean.isEmpty ? nil : ContentLineText.quotedIfNeeded(clean)
    }
    guard !encoded.isEmpty else { return nil }
    return VCardName.normalized(name) + "=" + encoded.joined(separator: ",")
  }

  /// RFC 6868: `^` → `^^`, newline → `^n`, DQUOTE → `^'`; other controls are dropped.
  static func caretEncoded(_ value: String) -> String {
    var result = ""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "^": result += "^^"
      case "\n": result += "^n"
      case "\"": result += "^'"
      case "\t": result.unicodeScalars.append(scalar)
      default: if !ContentLineText.isControl(scalar) { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }

  /// Reverses ``caretEncoded(_:)``; a `^` before anything else is kept.
  static func caretDecoded(_ value: String) -> String {
    guard value.unicodeScalars.contains("^") else { return value }
    var result = ""
    var pendingCaret = false
    for scalar in value.unicodeScalars {
      if pendingCaret {
        pendingCaret = false
        switch scalar {
        case "^": result += "^"
        case "n": result += "\n"
        case "'": result += "\""
        default:
          result += "^"
          result.unicodeScalars.append(scalar)
        }
      } else if scalar == "^" {
        pendingCaret = true
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    if pendingCaret { result += "^" }
    return result
  }
}

/// One content line: an optional group, a name, ordered parameters and a raw value.
///
/// `VCard.extra` holds these for everything the typed fields do not cover, so that a card
/// read and written again keeps its `X-WHATSAPP`, `IMPP`, `BDAY`, `PHOTO`, ... lines.
public struct VCardProperty: Hashable, Sendable {
  /// The group prefix without its dot (e.g. `item1` in `item1.TEL`), if any.
  public var group: String?
  /// The property name, uppercased (e.g. `X-WHATSAPP`).
  public var name: String
  /// The parameters in the order they are written.
  public var parameters: [VCardParameter]
  /// The value as it appears after the `:`, TEXT still escaped. Quoted-printable values are
  /// stored decoded, without their `ENCODING` and `CHARSET` parameters.
  public var value: String

  /// Creates a property from an already escaped value; control characters other than HTAB
  /// are removed so that a value can never break the content line.
  public init(
    group: String? = nil, name: String, parameters: [VCardParameter] = [], value: String
  ) {
    self.group = group
    self.name = VCardName.normalized(name)
    self.parameters = parameters
    self.value = ContentLineText.removingControls(value, keepTab: true)
  }

  /// A TEXT property: escapes `\`, `;`, `,` and newlines.
  public static func text(
    _ name: String, _ text: String, parameters: [VCardParameter] = [], group: String? = nil
  ) -> VCardProperty {
    VCardProperty(group: group, name: name, parameters: parameters, value: VCardText.escape(text))
  }

  /// All values of the parameters called `name` (case-insensitive), in order.
  public func parameterValues(_ name: String) -> [String] {
    let wanted = name.uppercased()
    return parameters.filter { $0.name == wanted }.flatMap(\.values)
  }

  /// The value read as TEXT, i.e. unescaped.
  public var textValue: String { VCardText.unescape(value) }

  /// The unfolded content line for `version`, without line break.
  func contentLine(for version: VCardVersion) -> String {
    var line = ""
    if let group, !VCardName.normalized(group).isEmpty {
      line = String(group.unicodeScalars.filter(VCardName.isNameScalar)) + "."
    }
    line += VCardName.normalized(name)
    for parameter in parameters {
      if let written = parameter.serialized(for: version) { line += ";" + written }
    }
    return line + ":" + ContentLineText.removingControls(value, keepTab: true)
  }
}
