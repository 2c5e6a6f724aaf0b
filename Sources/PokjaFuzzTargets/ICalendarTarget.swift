import Foundation
import PokjaICalendar

/// The iCalendar parser (RFC 5545): components, properties, parameters, date-time values. Round
/// trip: what it reads, written out and read again, is the same calendar.
enum ICalendarTarget {
  static let target = FuzzTarget(
    "icalendar", "iCalendar objects: components, properties, parameters, date-times", run)

  static func run(_ input: Data) throws(FuzzFinding) {
    guard let roots = try? ICalendarParser.parse(input.text) else { return }
    for root in roots { visit(root) }
    let written = roots.map { $0.serialized() }.joined()
    let reread: [ICalendarComponent]
    do throws(ICalendarParseError) {
      reread = try ICalendarParser.parse(written)
    } catch {
      throw FuzzFinding("what the writer wrote does not parse: \(error)\n\(written)")
    }
    try expectEqual(reread, roots, "parse, write, parse")
  }

  /// Reads every property's value the way the importer does.
  private static func visit(_ component: ICalendarComponent) {
    for property in component.properties {
      _ = property.textValue
      _ = property.dateValue(defaultTimeZone: .gmt)
      _ = property.parameter("TZID")
    }
    for child in component.components { visit(child) }
  }
}
