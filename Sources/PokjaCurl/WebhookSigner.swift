import Crypto
import Foundation

/// Standard Webhooks signatures (https://www.standardwebhooks.com): the base64 HMAC-SHA256 of
/// `id.timestamp.body`, keyed with the bytes after `whsec_` (base64-decoded).
public enum WebhookSigner {
  /// `v1,<base64>`, the value of the `webhook-signature` header; nil when `secret` is not
  /// `whsec_<base64>`.
  public static func signature(id: String, timestamp: Int, body: String, secret: String) -> String?
  {
    guard secret.hasPrefix("whsec_"),
      let key = Data(base64Encoded: String(secret.dropFirst(6))), !key.isEmpty
    else { return nil }
    let code = HMAC<SHA256>.authenticationCode(
      for: Data("\(id).\(timestamp).\(body)".utf8), using: SymmetricKey(data: key))
    return "v1," + Data(code).base64EncodedString()
  }
}

/// HTTP `Retry-After`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
public enum RetryAfter {
  /// How long to wait, from `now`; nil when the value is neither form. A date in the past is 0.
  public static func parse(_ value: String, now: Date) -> TimeInterval? {
    let text = value.trimmingCharacters(in: .whitespaces)
    if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
      return TimeInterval(text).map { min($0, 7 * 86400) }
    }
    // IMF-fixdate, then the obsolete RFC 850 and asctime forms.
    for format in [
      "EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy",
    ] {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "GMT")
      formatter.dateFormat = format
      if let date = formatter.date(from: text) {
        return max(0, min(date.timeIntervalSince(now), 7 * 86400))
      }
    }
    return nil
  }
}
