import Foundation

/// A value typed by a user that Pokja cannot accept. Each message says what was wrong and how to fix it.
public enum InputError: Error, Equatable, Sendable {
  case invalidDateTime(String)
  case invalidDuration(String)
  /// A zone name not in the system's zone database, with the nearest that is, if any.
  case unknownTimeZone(String, suggestion: String? = nil)
  case invalidEmail(field: String, value: String)
  case invalidPhone(field: String, value: String)
  /// A service number (`129`, `1500-771`) where only a subscriber number will do: WhatsApp.
  case serviceNumberNotWhatsApp(field: String, value: String)
  case invalidLanguage(String)
  /// A field that must not be empty was empty.
  case empty(field: String)
  /// A one-line field held a line break or another control character (a header-injection attempt, or a
  /// paste gone wrong).
  case controlCharacters(field: String)
  case notPositive(field: String, value: String)
  case endNotAfterStart(start: Date, end: Date, zone: TimeZone)
  /// A value that is not one of the allowed words.
  case invalidChoice(field: String, value: String, allowed: [String])
  /// A wall-clock time the clocks skip in that zone (daylight saving time starts).
  case nonexistentLocalTime(String, zone: String)
  /// Another error, about the value of the named option or setting.
  indirect case inField(String, InputError)

  /// This error, said of `field` (`--start`), unless it already names a field.
  public func named(_ field: String) -> InputError {
    switch self {
    case .invalidDateTime, .invalidDuration, .unknownTimeZone, .invalidLanguage,
      .nonexistentLocalTime:
      .inField(field, self)
    default: self
    }
  }
}

extension InputError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .invalidDateTime(let text):
      "'\(text)' is not a date-time. Write it as 2026-12-07T10:00 (local time) or 2026-12-07T10:00+07:00."
    case .invalidDuration(let text):
      "'\(text)' is not a duration. Write it as 90m, 2h, 1h30m or 1d."
    case .unknownTimeZone(let name, nil):
      "'\(name)' is not a known time zone. Use an IANA name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura (or WIB, WITA, WIT)."
    case .unknownTimeZone(let name, let suggestion?):
      "'\(name)' is not a known time zone. Did you mean '\(suggestion)'? Use an IANA name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura (or WIB, WITA, WIT, UTC)."
    case .invalidEmail(let field, let value):
      "\(field): '\(value)' is not an email address. Write it as name@example.org."
    case .invalidPhone(let field, let value):
      "\(field): '\(value)' is not a phone number. Write an Indonesian number as 0812… or (021) 3103591, any other with its country code, e.g. +31 20 123 4567."
    case .serviceNumberNotWhatsApp(let field, let value):
      "\(field): '\(value)' is a service number, which has no WhatsApp. Put it with the phone numbers, and give a mobile number (0812…) for WhatsApp."
    case .invalidLanguage(let text):
      "'\(text)' is not a language Pokja writes in. Use 'id' (Bahasa Indonesia) or 'en' (English)."
    case .empty(let field):
      "\(field) must not be empty."
    case .controlCharacters(let field):
      "\(field) must be a single line: remove line breaks and control characters."
    case .notPositive(let field, let value):
      "\(field): '\(value)' must be a whole number greater than zero."
    case .endNotAfterStart(let start, let end, let zone):
      "The end (\(DateTimeText.display(end, in: zone))) must come after the start (\(DateTimeText.display(start, in: zone))). Use --end with a later time or --duration."
    case .invalidChoice(let field, let value, let allowed):
      "\(field): '\(value)' is not one of \(allowed.joined(separator: ", "))."
    case .nonexistentLocalTime(let text, let zone):
      "\(text) does not exist in \(zone): the clocks jump past it when daylight saving time starts. Choose a time outside the gap."
    case .inField(let field, let error):
      "\(field): \(error.localizedDescription)"
    }
  }
}

/// Validation helpers shared by every feature module.
public enum Validate {
  /// Trims `text` and rejects it when empty or when it holds control characters (CR, LF, TAB, …).
  public static func singleLine(_ text: String, field: String) throws(InputError) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { throw .empty(field: field) }
    guard
      !trimmed.unicodeScalars.contains(where: {
        $0.properties.generalCategory == .control
          || $0 == "\u{2028}" || $0 == "\u{2029}"
      })
    else { throw .controlCharacters(field: field) }
    return trimmed
  }

  /// Like `singleLine`, but nil and blank give nil.
  public static func optionalSingleLine(_ text: String?, field: String) throws(InputError)
    -> String?
  {
    guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return try singleLine(text, field: field)
  }

  /// Runs `body`, naming `field` in any error it throws about a value.
  public static func field<T>(_ field: String, _ body: () throws(InputError) -> T)
    throws(InputError)
    -> T
  {
    do {
      return try body()
    } catch {
      throw error.named(field)
    }
  }

  /// Checks a calendar day written `2024-01-15` and returns it as written.
  public static func day(_ text: String, field: String) throws(InputError) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.wholeMatch(of: #/\d{4}-\d{2}-\d{2}/#) != nil else {
      throw InputError.invalidDateTime(text).named(field)
    }
    _ = try Validate.field(field) { () throws(InputError) in
      try DateTimeText.parse(trimmed, in: TimeZone(identifier: "UTC")!)
    }
    return trimmed
  }

  /// Parses an email address or throws a message naming the field.
  public static func email(_ text: String, field: String) throws(InputError) -> EmailAddress {
    guard let address = EmailAddress(text) else { throw .invalidEmail(field: field, value: text) }
    return address
  }

  /// Parses a phone number (a subscriber or a service number) or throws a message naming the field.
  public static func phone(_ text: String, field: String) throws(InputError) -> PhoneNumber {
    guard let number = PhoneNumber(text) else { throw .invalidPhone(field: field, value: text) }
    return number
  }

  /// Parses a WhatsApp number: a subscriber number in E.164; a service number is refused.
  public static func whatsApp(_ text: String, field: String) throws(InputError) -> E164Number {
    switch try phone(text, field: field) {
    case .e164(let number): return number
    case .service: throw .serviceNumberNotWhatsApp(field: field, value: text)
    }
  }
}
