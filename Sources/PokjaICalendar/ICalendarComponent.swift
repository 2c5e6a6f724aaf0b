import Foundation

/// A calendar component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, ...) with its properties and
/// nested components.
public struct ICalendarComponent: Hashable, Sendable {
  /// The component name, uppercased (e.g. `VEVENT`).
  public var name: String
  /// The properties in the order they are written.
  public var properties: [ICalendarProperty]
  /// The nested components in the order they are written.
  public var components: [ICalendarComponent]

  /// Creates a component.
  public init(
    _ name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = []
  ) {
    self.name = ICalendarName.normalized(name)
    self.properties = properties
    self.components = components
  }

  /// The component as RFC 5545 text: `BEGIN`/`END` lines, CRLF line endings, and content
  /// lines folded at 75 octets without splitting a UTF-8 sequence.
  public func serialized() -> String {
    var output = ""
    write(to: &output)
    return output
  }

  /// The first property called `name` (case-insensitive), if any.
  public func property(_ name: String) -> ICalendarProperty? {
    let wanted = name.uppercased()
    return properties.first { $0.name.uppercased() == wanted }
  }

  /// All properties called `name` (case-insensitive), in order.
  public func properties(named name: String) -> [ICalendarProperty] {
    let wanted = name.uppercased()
    return properties.filter { $0.name.uppercased() == wanted }
  }

  /// All direct sub-components called `name` (case-insensitive), in order.
  public func components(named name: String) -> [ICalendarComponent] {
    let wanted = name.uppercased()
    return components.filter { $0.name.uppercased() == wanted }
  }

  private func write(to output: inout String) {
    let componentName = ICalendarName.normalized(name)
    output += "BEGIN:" + componentName + "\r\n"
    for property in properties {
      output += ICalendarFolding.fold(property.contentLine)
    }
    for component in components {
      component.write(to: &output)
    }
    output += "END:" + componentName + "\r\n"
  }
}

/// Line folding per RFC 5545 section 3.1.
enum ICalendarFolding {
  /// The longest line, in octets, excluding the CRLF.
  static let maximumOctets = 75

  /// Folds one content line into CRLF-terminated physical lines of at most 75 octets; each
  /// continuation line starts with a single space and a line never ends inside a scalar.
  static func fold(_ line: String) -> String {
    var output = ""
    var used = 0
    for scalar in line.unicodeScalars {
      let size = UTF8.width(scalar)
      if used + size > maximumOctets {
        output += "\r\n "
        used = 1
      }
      output.unicodeScalars.append(scalar)
      used += size
    }
    return output + "\r\n"
  }
}
