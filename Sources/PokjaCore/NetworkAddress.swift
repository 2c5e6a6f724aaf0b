import Foundation

/// Addresses a webhook must not reach unless the configuration allows it: loopback, private,
/// link-local, carrier-grade NAT, and every range that is not an ordinary public unicast address
/// (a server-side request forgery guard).
public enum NetworkAddress {
  /// Whether `host` is `localhost` (or under `.localhost`) or a literal address that is not public:
  ///
  /// - IPv4: 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24,
  ///   192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, multicast 224/4, reserved 240/4 (with
  ///   the broadcast address), in any form libcurl accepts (`2130706433`, `0x7f.1`, `0177.0.0.1`).
  /// - IPv6: everything outside global unicast 2000::/3 (among it ::/96 — unspecified, loopback,
  ///   IPv4-compatible —, 100::/64, fc00::/7, fe80::/10, fec0::/10, multicast ff00::/8), and in it
  ///   2001:2::/48, 2001:10::/28, 2001:20::/28, 2001:db8::/32 and 3fff::/20; the local-use NAT64
  ///   64:ff9b:1::/48; and the forms that carry an IPv4 address, judged as that address:
  ///   IPv4-mapped ::ffff:a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4
  ///   2002:AABB:CCDD::/48 and Teredo 2001::/32 (its client address).
  ///
  /// Names are not resolved; an IPv6 literal that cannot be read (a zone index) counts as private.
  public static func isPrivate(_ host: String) -> Bool {
    var host = host.lowercased()
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    if host.hasSuffix(".") { host = String(host.dropLast()) }
    if host == "localhost" || host.hasSuffix(".localhost") { return true }
    if let v4 = ipv4(host) { return isPrivate(v4: v4) }
    if host.contains(":") {
      var address = in6_addr()
      guard inet_pton(AF_INET6, host, &address) == 1 else { return true }
      return isPrivate(v6: withUnsafeBytes(of: &address) { Array($0) })
    }
    return false
  }

  /// The four bytes of an IPv4 literal in any form `inet_aton` (and libcurl's URL parser)
  /// accepts, or nil when `host` is a name.
  public static func ipv4(_ host: String) -> [UInt8]? {
    // Only digits, dots and hexadecimal: `cafe.example` stays a name; `0x7f.1` is an address.
    guard !host.isEmpty, host.first?.isNumber == true,
      host.allSatisfy({ $0 == "." || $0 == "x" || $0.isHexDigit })
    else { return nil }
    var address = in_addr()
    guard inet_aton(host, &address) != 0 else { return nil }
    return withUnsafeBytes(of: &address) { Array($0) }
  }

  private static func isPrivate(v4 a: [UInt8]) -> Bool {
    switch (a[0], a[1], a[2]) {
    case (0, _, _), (10, _, _), (127, _, _): true
    case (100, 64...127, _): true  // carrier-grade NAT
    case (169, 254, _): true  // link-local
    case (172, 16...31, _), (192, 168, _): true
    case (192, 0, 0): true  // IETF protocol assignments (DS-Lite, NAT64 discovery)
    case (192, 0, 2), (198, 51, 100), (203, 0, 113): true  // documentation
    case (198, 18...19, _): true  // benchmarking
    case (224...255, _, _): true  // multicast 224/4; reserved 240/4 and broadcast
    default: false
    }
  }

  private static func isPrivate(v6 b: [UInt8]) -> Bool {
    func zero(_ range: Range<Int>) -> Bool { b[range].allSatisfy { $0 == 0 } }
    let embedded = Array(b[12..<16])
    // ::/96: unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d (RFC 4291).
    if zero(0..<12) { return true }
    // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated): that IPv4 address.
    if zero(0..<10) && b[10] == 0xFF && b[11] == 0xFF { return isPrivate(v4: embedded) }
    if zero(0..<8) && b[8] == 0xFF && b[9] == 0xFF && zero(10..<12) {
      return isPrivate(v4: embedded)
    }
    let first = UInt16(b[0]) << 8 | UInt16(b[1])
    let second = UInt16(b[2]) << 8 | UInt16(b[3])
    if first == 0x0064 && second == 0xFF9B {
      // 64:ff9b::/96 reaches the IPv4 address through the network's NAT64: judge that one.
      // 64:ff9b:1::/48 is for local use only (RFC 8215).
      if zero(4..<12) { return isPrivate(v4: embedded) }
      return b[4] == 0 && b[5] == 1
    }
    // Only 2000::/3 is global unicast; the rest is loopback, unique local (fc00::/7), link-local
    // (fe80::/10), site-local (fec0::/10), multicast (ff00::/8), discard-only (100::/64) or not
    // allocated.
    guard b[0] & 0xE0 == 0x20 else { return true }
    switch first {
    case 0x2001:
      switch second {
      // Teredo: the client's address, stored inverted in the last four bytes.
      case 0x0000: return isPrivate(v4: embedded.map { ~$0 })
      case 0x0002: return b[4] == 0 && b[5] == 0  // 2001:2::/48, benchmarking
      case 0x0010...0x002F: return true  // ORCHID and ORCHIDv2
      case 0x0DB8: return true  // documentation
      default: return false
      }
    case 0x2002: return isPrivate(v4: Array(b[2..<6]))  // 6to4: the IPv4 address after 2002:
    case 0x3FFF: return b[2] & 0xF0 == 0  // 3fff::/20, documentation (RFC 9637)
    default: return false
    }
  }
}
