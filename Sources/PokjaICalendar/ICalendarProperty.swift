import Foundation
import PokjaContentLine

/// One property parameter such as `TZID=Asia/Jakarta` or `CN="Budi, S.H."`.
///
/// The value is stored unquoted. RFC 5545 forbids DQUOTE inside parameter values, so `"` is
/// replaced with `'`; control characters are removed and the name is uppercased.
public struct ICalendarParameter: Hashable, Sendable {
  /// The parameter name, uppercased (e.g. `CN`).
  public var name: String
  /// The unquoted parameter value.
  public var value: String

  /// Creates a parameter, normalising the name and sanitising the value.
  public init(name: String, value: String) {
    self.name = ContentLineName.normalized(name)
    self.value = ICalendarParameter.sanitized(value)
  }

  /// The `NAME=value` form, the value quoted when it contains `:`, `;` or `,`.
  public var serialized: String {
    ContentLineName.normalized(name) + "="
      + ContentLineText.quotedIfNeeded(ICalendarParameter.sanitized(value))
  }

  static func sanitized(_ value: String) -> String {
    ContentLineText.replacingDoubleQuotes(ContentLineText.removingControls(value, keepTab: false))
  }
}

/// One content line: a name, ordered parameters and a raw (already escaped) value.
public struct ICalendarProperty: Hashable, Sendable {
  /// The property name, uppercased (e.g. `DTSTART`).
  public var name: String
  /// The parameters in the order they are written.
  public var parameters: [ICalendarParameter]
  /// The raw value as it appears after the `:`; TEXT values are escaped.
  public var value: String
  /// The 1-based physical line where the property starts in parsed text; nil when built in code.
  /// Not part of equality: a parsed property equals the one it was written from.
  public var line: Int?

  /// Creates a property from an already escaped value; control characters other than HTAB
  /// are removed so that a value can never break the content line.
  public init(_ name: String, parameters: [ICalendarParameter] = [], rawValue: String) {
    self.name = ContentLineName.normalized(name)
    self.parameters = parameters
    self.value = ContentLineText.removingControls(rawValue, keepTab: true)
  }

  /// A TEXT property: escapes `\`, `;`, `,` and newlines, and drops carriage returns.
  public static func text(
    _ name: String, _ text: String, parameters: [ICalendarParameter] = []
  ) -> ICalendarProperty {
    ICalendarProperty(name, parameters: parameters, rawValue: ICalendarText.escape(text))
  }

  /// A DATE-TIME in `zone`: `NAME;TZID=Asia/Jakarta:20261207T100000`, or the `...Z` form
  /// without TZID when `zone` is UTC. Fractional seconds are truncated.
  public static func dateTime(_ name: String, _ date: Date, in zone: TimeZone) -> ICalendarProperty
  {
    if ICalendarDateFormat.isUTC(zone) { return utc(name, date) }
    return ICalendarProperty(
      name, parameters: [ICalendarParameter(name: "TZID", value: zone.identifier)],
      rawValue: ICalendarDateFormat.local(date, in: zone))
  }

  /// A UTC DATE-TIME such as `20261207T030000Z`.
  public static func utc(_ name: String, _ date: Date) -> ICalendarProperty {
    ICalendarProperty(name, rawValue: ICalendarDateFormat.utc(date))
  }

  /// A DATE value (`VALUE=DATE`) for the calendar day of `date` in `zone`.
  public static func date(_ name: String, _ date: Date, in zone: TimeZone) -> ICalendarProperty {
    let local = ICalendarDateFormat.local(date, in: zone)
    return ICalendarProperty(
      name, parameters: [ICalendarParameter(name: "VALUE", value: "DATE")],
      rawValue: String(local.prefix(8)))
  }

  /// A CAL-ADDRESS such as `ATTENDEE;CN=Budi:mailto:budi@example.com`.
  public static func calAddress(
    _ name: String, email: String, parameters: [ICalendarParameter] = []
  ) -> ICalendarProperty {
    let address = ContentLineText.removingControls(email, keepTab: false)
      .trimmingCharacters(in: .whitespaces)
    return ICalendarProperty(name, parameters: parameters, rawValue: "mailto:" + address)
  }

  /// The value of the first parameter called `name` (case-insensitive), if any.
  public func parameter(_ name: String) -> String? {
    let wanted = name.uppercased()
    return parameters.first { $0.name.uppercased() == wanted }?.value
  }

  /// The value read as TEXT, i.e. unescaped.
  public var textValue: String { ICalendarText.unescape(value) }

  /// The value read as a DATE-TIME or DATE.
  ///
  /// `...Z` values are UTC; values with TZID use that zone (nil if the zone is unknown);
  /// floating times and DATE values (midnight) use `defaultTimeZone`. Nil when malformed.
  public func dateValue(defaultTimeZone: TimeZone = .gmt) -> Date? {
    var zone = defaultTimeZone
    if let tzid = parameter("TZID") {
      guard let named = TimeZone(identifier: tzid) else { return nil }
      zone = named
    }
    return ICalendarDateFormat.parse(value, in: zone)
  }

  /// The unfolded content line, without line break.
  public var contentLine: String {
    var line = ContentLineName.normalized(name)
    for parameter in parameters { line += ";" + parameter.serialized }
    return line + ":" + ContentLineText.removingControls(value, keepTab: true)
  }

  /// Name, parameters and value; the source line does not count.
  public static func == (lhs: ICalendarProperty, rhs: ICalendarProperty) -> Bool {
    lhs.name == rhs.name && lhs.parameters == rhs.parameters && lhs.value == rhs.value
  }

  /// Hashes what `==` compares.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(parameters)
    hasher.combine(value)
  }
}

/// DATE-TIME formatting and parsing in the Gregorian calendar.
enum ICalendarDateFormat {
  private static let utcIdentifiers: Set<String> = [
    "UTC", "GMT", "UCT", "Z", "Zulu", "Universal", "Greenwich", "GMT0", "Etc/UTC", "Etc/GMT",
    "Etc/UCT", "Etc/Zulu", "Etc/Universal", "Etc/Greenwich", "Etc/GMT0", "Etc/GMT+0",
    "Etc/GMT-0", "GMT+0", "GMT-0",
  ]

  /// Whether `zone` is UTC itself rather than a civil zone that happens to sit at +0000.
  static func isUTC(_ zone: TimeZone) -> Bool {
    utcIdentifiers.contains(zone.identifier)
  }

  /// `yyyyMMdd'T'HHmmss` in `zone`.
  static func local(_ date: Date, in zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let whole = Date(
      timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.rounded(.down))
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second], from: whole)
    return pad(parts.year ?? 0, 4) + pad(parts.month ?? 0, 2) + pad(parts.day ?? 0, 2) + "T"
      + pad(parts.hour ?? 0, 2) + pad(parts.minute ?? 0, 2) + pad(parts.second ?? 0, 2)
  }

  /// `yyyyMMdd'T'HHmmss'Z'`.
  static func utc(_ date: Date) -> String {
    local(date, in: TimeZone(secondsFromGMT: 0) ?? .gmt) + "Z"
  }

  /// Parses `yyyyMMdd`, `yyyyMMdd'T'HHmmss` (in `zone`) or `yyyyMMdd'T'HHmmss'Z'`.
  static func parse(_ text: String, in zone: TimeZone) -> Date? {
    var digits = Array(text.utf8)
    var resolvedZone = zone
    if digits.last == UInt8(ascii: "Z") {
      digits.removeLast()
      resolvedZone = TimeZone(secondsFromGMT: 0) ?? .gmt
    }
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= digits.count else { return nil }
      var result = 0
      for byte in digits[range] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        result = result * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return result
    }
    guard digits.count == 8 || (digits.count == 15 && digits[8] == UInt8(ascii: "T")),
      let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var parts = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
    if digits.count == 15 {
      guard let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
        hour < 24, minute < 60, second <= 60
      else { return nil }
      parts.hour = hour
      parts.minute = minute
      parts.second = second
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = resolvedZone
    return calendar.date(from: parts)
  }

  /// A UTC offset in RFC 5545 form: `+0700`, `-0500`, `+053000` only when seconds are needed.
  static func offset(_ seconds: Int) -> String {
    let sign = seconds < 0 ? "-" : "+"
    let magnitude = abs(seconds)
    var text = sign + pad(magnitude / 3600, 2) + pad(magnitude % 3600 / 60, 2)
    if magnitude % 60 != 0 { text += pad(magnitude % 60, 2) }
    return text
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
