import Foundation
import PokjaContentLine

/// Escaping rules for RFC 5545 TEXT values (section 3.3.11).
public enum ICalendarText {
  /// Escapes `\`, `;`, `,` and line breaks (as `\n`) for use as a TEXT value.
  ///
  /// Carriage returns and other control characters except HTAB are dropped, since
  /// RFC 5545 does not allow them in TEXT.
  public static func escape(_ text: String) -> String {
    ContentLineText.escape(text)
  }

  /// Reverses ``escape(_:)``: `\\`, `\;`, `\,`, `\n` and `\N`; other backslashes stay as they are.
  public static func unescape(_ text: String) -> String {
    ContentLineText.unescape(text)
  }
}
