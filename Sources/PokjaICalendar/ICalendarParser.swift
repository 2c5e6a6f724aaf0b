import Foundation
import PokjaContentLine

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
  /// Components nest deeper than ``ICalendarParser/maximumDepth``; `line` is the `BEGIN` too many.
  case nestedTooDeep(line: Int, limit: Int)

  /// The 1-based physical line number the error refers to.
  public var line: Int {
    switch self {
    case .missingColon(let line), .invalidName(let line, _), .malformedParameter(let line),
      .unterminatedQuote(let line), .propertyOutsideComponent(let line, _),
      .unexpectedEnd(let line, _), .mismatchedEnd(let line, _, _),
      .unclosedComponent(let line, _), .nestedTooDeep(let line, _):
      line
    }
  }

  /// A human-readable message starting with the line number.
  public var errorDescription: String? { "iCalendar line \(line): \(reason)" }

  /// What is wrong, without the line number (for callers that print their own `file:line:`).
  public var reason: String {
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
    case .nestedTooDeep(_, let limit):
      "components nest more than \(limit) deep (a calendar nests 3: VCALENDAR, VEVENT, VALARM)"
    }
  }
}

/// Reads RFC 5545 text into components.
public enum ICalendarParser {
  /// How deep components may nest. Calendars nest three deep (VCALENDAR, VEVENT, VALARM; VTIMEZONE,
  /// STANDARD); a file of thousands of BEGINs would otherwise be walked, written and compared by
  /// recursion until the stack ran out (found by fuzzing).
  public static let maximumDepth = 32

  /// Parses `text` (CRLF or LF line endings) into its top-level components.
  ///
  /// Folded lines (a line break followed by a space or tab) are unfolded, blank lines are
  /// ignored, names are uppercased and quoted parameter values are unquoted. Parameter values
  /// with several comma-separated parts are kept as one value joined by `,`.
  public static func parse(_ text: String) throws(ICalendarParseError) -> [ICalendarComponent] {
    var roots: [ICalendarComponent] = []
    var stack: [(component: ICalendarComponent, line: Int)] = []
    for logical in ContentLineFolding.unfold(text) {
      let property = try parseContentLine(logical.scalars, line: logical.line)
      switch property.name {
      case "BEGIN":
        let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(ContentLineName.isNameScalar) else {
          throw .invalidName(line: logical.line, name: property.value)
        }
        guard stack.count < maximumDepth else {
          throw .nestedTooDeep(line: logical.line, limit: maximumDepth)
        }
        var component = ICalendarComponent(name)
        component.line = logical.line
        stack.append((component, logical.line))
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

  /// Parses `name *(";" param) ":" value`.
  static func parseContentLine(
    _ scalars: [Unicode.Scalar], line: Int
  ) throws(ICalendarParseError) -> ICalendarProperty {
    var scanner = ContentLineScanner(scalars)
    let name = scanner.read(until: [";", ":"])
    guard scanner.current != nil else { throw .missingColon(line: line) }
    guard !name.isEmpty, name.unicodeScalars.allSatisfy(ContentLineName.isNameScalar) else {
      throw .invalidName(line: line, name: name)
    }

    var parameters: [ICalendarParameter] = []
    while scanner.skip(";") {
      let parameterName = scanner.read(until: ["=", ";", ":"])
      guard scanner.current != nil else { throw .missingColon(line: line) }
      guard scanner.skip("="), !parameterName.isEmpty,
        parameterName.unicodeScalars.allSatisfy(ContentLineName.isNameScalar)
      else { throw .malformedParameter(line: line) }
      let values: [String]
      do throws(ContentLineSyntaxError) {
        values = try scanner.readParameterValues()
      } catch {
        throw ICalendarParseError(error, line: line)
      }
      guard scanner.current == ";" || scanner.current == ":" else {
        throw .malformedParameter(line: line)
      }
      parameters.append(
        ICalendarParameter(name: parameterName, value: values.joined(separator: ",")))
    }
    guard let value = scanner.readValue() else { throw .missingColon(line: line) }
    var property = ICalendarProperty(name, parameters: parameters, rawValue: value)
    property.line = line
    return property
  }
}

extension ICalendarParseError {
  /// The error for a content line the scanner could not read.
  init(_ error: ContentLineSyntaxError, line: Int) {
    switch error {
    case .missingColon: self = .missingColon(line: line)
    case .unterminatedQuote: self = .unterminatedQuote(line: line)
    }
  }
}
