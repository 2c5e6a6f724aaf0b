import Foundation

/// Addresses a webhook must not reach unless the configuration allows it: loopback, private,
/// link-local and carrier-grade NAT ranges (a server-side request forgery guard).
public enum NetworkAddress {
  /// Whether `host` is `localhost` (or under `.localhost`) or a literal address in 127/8, 10/8,
  /// 172.16/12, 192.168/16, 169.254/16, 0/8, 100.64/10, ::1, ::, fc00::/7, fe80::/10 or an
  /// IPv4-mapped one of those. Names are not resolved.
  public static func isPrivate(_ host: String) -> Bool {
    var host = host.lowercased()
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    if host.hasSuffix(".") { host = String(host.dropLast()) }
    if host == "localhost" || host.hasSuffix(".localhost") { return true }
    if let v4 = ipv4(host) {
      let (a, b) = (v4[0], v4[1])
      return a == 127 || a == 10 || a == 0 || (a == 172 && (16...31).contains(b))
        || (a == 192 && b == 168) || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b))
    }
    if host.contains(":") {
      var address = in6_addr()
      guard inet_pton(AF_INET6, host, &address) == 1 else { return true }
      let bytes = withUnsafeBytes(of: &address) { Array($0) }
      if bytes[0..<15].allSatisfy({ $0 == 0 }) && (bytes[15] == 1 || bytes[15] == 0) {
        return true
      }
      if bytes[0] & 0xFE == 0xFC { return true }
      if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }
      // IPv4-mapped (::ffff:a.b.c.d).
      if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
        return isPrivate(bytes[12..<16].map(String.init).joined(separator: "."))
      }
    }
    return false
  }

  private static func ipv4(_ host: String) -> [Int]? {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    let numbers = parts.compactMap { Int($0) }
    guard numbers.count == 4, numbers.allSatisfy({ (0...255).contains($0) }) else { return nil }
    return numbers
  }
}
