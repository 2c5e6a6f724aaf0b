import Foundation

/// Why a text could not be read as iCalendar; `line` is the 1-based physical line where the
/// offending content line starts.
public enum ICalendarParseError: Error, Equatable, Sendable, LocalizedError {
  /// A content line has no `:` separating the name and parameters from the value.
  case missingColon(line: Int)
  /// A property or component name is empty or has characters other than ALPHA, DIGIT, `-`.
  case invalidName(line: Int, name: String)
  /// A parameter lacks `=` or has an invalid name.
  case malformedParameter(line: Int)
  /// A quoted parameter value has no closing DQUOTE.
  case unterminatedQuote(line: Int)
  /// A property appears before any `BEGIN` or after the last `END`.
  case propertyOutsideComponent(line: Int, name: String)
  /// An `END` appears with no open component.
  case unexpectedEnd(line: Int, name: String)
  /// An `END` names a different component than the innermost open one.
  case mismatchedEnd(line: Int, expected: String, found: String)
  /// The text ends while a component is still open; `line` is that component's `BEGIN`.
  case unclosedComponent(line: Int, name: String)

  /// The 1-based physical line number the error refers to.
  public var line: Int {
    switch self {
    case .missingColon(let line), .invalidName(let line, _), .malformedParameter(let line),
      .unterminatedQuote(let line), .propertyOutsideComponent(let line, _),
      .unexpectedEnd(let line, _), .mismatchedEnd(let line, _, _),
      .unclosedComponent(let line, _):
      line
    }
  }

  /// A human-readable message starting with the line number.
  public var errorDescription: String? {
    let detail =
      switch self {
      case .missingColon: "content line has no ':' before its value"
      case .invalidName(_, let name): "invalid name '\(name)'"
      case .malformedParameter: "malformed parameter (expected NAME=value)"
      case .unterminatedQuote: "quoted parameter value is not closed"
      case .propertyOutsideComponent(_, let name): "property \(name) is outside any component"
      case .unexpectedEnd(_, let name): "END:\(name) without a matching BEGIN"
      case .mismatchedEnd(_, let expected, let found):
        "END:\(found) found while \(expected) is open"
      case .unclosedComponent(_, let name): "BEGIN:\(name) is never closed"
      }
    return "iCalendar line \(line): \(detail)"
  }
}

/// Reads RFC 5545 text into components.
public enum ICalendarParser {
  /// Parses `text` (CRLF or LF line endings) into its top-level components.
  ///
  /// Folded lines (a line break followed by a space or tab) are unfolded, blank lines are
  /// ignored, names are uppercased and quoted parameter values are unquoted. Parameter values
  /// with several comma-separated parts are kept as one value joined by `,`.
  public static func parse(_ text: String) throws(ICalendarParseError) -> [ICalendarComponent] {
    var roots: [ICalendarComponent] = []
    var stack: [(component: ICalendarComponent, line: Int)] = []
    for logical in unfoldedLines(text) {
      let property = try parseContentLine(logical.scalars, line: logical.line)
      switch property.name {
      case "BEGIN":
        let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(ICalendarName.isNameScalar) else {
          throw .invalidName(line: logical.line, name: property.value)
        }
        stack.append((ICalendarComponent(name), logical.line))
      case "END":
        let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
        guard let open = stack.popLast() else {
          throw .unexpectedEnd(line: logical.line, name: name)
        }
        guard open.component.name == name else {
          throw .mismatchedEnd(line: logical.line, expected: open.component.name, found: name)
        }
        if stack.isEmpty {
          roots.append(open.component)
        } else {
          stack[stack.count - 1].component.components.append(open.component)
        }
      default:
        guard !stack.isEmpty else {
          throw .propertyOutsideComponent(line: logical.line, name: property.name)
        }
        stack[stack.count - 1].component.properties.append(property)
      }
    }
    if let open = stack.last {
      throw .unclosedComponent(line: open.line, name: open.component.name)
    }
    return roots
  }

  /// Splits on CRLF, LF or CR and joins continuation lines, remembering where each starts.
  static func unfoldedLines(_ text: String) -> [(scalars: [Unicode.Scalar], line: Int)] {
    var physical: [[Unicode.Scalar]] = [[]]
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = scalar == "\r"
      if scalar == "\r" || scalar == "\n" {
        physical.append([])
      } else {
        physical[physical.count - 1].append(scalar)
      }
    }
    if let first = physical.first?.first, first == "\u{FEFF}" {
      physical[0].removeFirst()
    }
    var logical: [(scalars: [Unicode.Scalar], line: Int)] = []
    for (index, line) in physical.enumerated() where !line.isEmpty {
      if line[0] == " " || line[0] == "\t" {
        if logical.isEmpty {
          logical.append((Array(line.dropFirst()), index + 1))
        } else {
          logical[logical.count - 1].scalars += line.dropFirst()
        }
      } else {
        logical.append((line, index + 1))
      }
    }
    return logical.filter { !$0.scalars.isEmpty }
  }

  /// Parses `name *(";" param) ":" value`.
  static func parseContentLine(
    _ scalars: [Unicode.Scalar], line: Int
  ) throws(ICalendarParseError) -> ICalendarProperty {
    var index = 0
    func read(until stops: Set<Unicode.Scalar>) -> String {
      var text = ""
      while index < scalars.count, !stops.contains(scalars[index]) {
        text.unicodeScalars.append(scalars[index])
        index += 1
      }
      return text
    }

    let name = read(until: [";", ":"])
    guard index < scalars.count else { throw .missingColon(line: line) }
    guard !name.isEmpty, name.unicodeScalars.allSatisfy(ICalendarName.isNameScalar) else {
      throw .invalidName(line: line, name: name)
    }

    var parameters: [ICalendarParameter] = []
    while index < scalars.count, scalars[index] == ";" {
      index += 1
      let parameterName = read(until: ["=", ";", ":"])
      guard index < scalars.count else { throw .missingColon(line: line) }
      guard scalars[index] == "=", !parameterName.isEmpty,
        parameterName.unicodeScalars.allSatisfy(ICalendarName.isNameScalar)
      else { throw .malformedParameter(line: line) }
      index += 1
      var values: [String] = []
      while true {
        if index < scalars.count, scalars[index] == "\"" {
          index += 1
          let quoted = read(until: ["\""])
          guard index < scalars.count else { throw .unterminatedQuote(line: line) }
          index += 1
          values.append(quoted)
        } else {
          values.append(read(until: [",", ";", ":"]))
        }
        guard index < scalars.count else { throw .missingColon(line: line) }
        if scalars[index] == "," {
          index += 1
        } else {
          break
        }
      }
      guard scalars[index] == ";" || scalars[index] == ":" else {
        throw .malformedParameter(line: line)
      }
      parameters.append(
        ICalendarParameter(name: parameterName, value: values.joined(separator: ",")))
    }

    guard index < scalars.count, scalars[index] == ":" else { throw .missingColon(line: line) }
    var value = ""
    value.unicodeScalars.append(contentsOf: scalars[(index + 1)...])
    return ICalendarProperty(name, parameters: parameters, rawValue: value)
  }
}
