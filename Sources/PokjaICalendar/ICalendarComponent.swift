import Foundation
import PokjaContentLine

/// A calendar component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, ...) with its properties and
/// nested components.
public struct ICalendarComponent: Hashable, Sendable {
  /// The component name, uppercased (e.g. `VEVENT`).
  public var name: String
  /// The properties in the order they are written.
  public var properties: [ICalendarProperty]
  /// The nested components in the order they are written.
  public var components: [ICalendarComponent]
  /// The 1-based physical line of the `BEGIN` in parsed text; nil when built in code.
  /// Not part of equality: a parsed component equals the one it was written from.
  public var line: Int?

  /// Creates a component.
  public init(
    _ name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = []
  ) {
    self.name = ContentLineName.normalized(name)
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

  /// Name, properties and nested components; the source line does not count.
  public static func == (lhs: ICalendarComponent, rhs: ICalendarComponent) -> Bool {
    lhs.name == rhs.name && lhs.properties == rhs.properties && lhs.components == rhs.components
  }

  /// Hashes what `==` compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(properties)
    hasher.combine(components)
  }

  private func write(to output: inout String) {
    let componentName = ContentLineName.normalized(name)
    output += "BEGIN:" + componentName + "\r\n"
    for property in properties {
      output += ContentLineFolding.fold(property.contentLine)
    }
    for component in components {
      component.write(to: &output)
    }
    output += "END:" + componentName + "\r\n"
  }
}
