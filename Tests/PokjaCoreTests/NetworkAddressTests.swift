import PokjaCore
import Testing

/// The webhook guard's address ranges: each range by an address inside it and its public
/// neighbours just outside, so that neither a gap nor an over-wide range goes unnoticed.
@Suite struct NetworkAddressTests {
  @Test(
    "Every IPv4 range that is not public unicast",
    arguments: [
      // (range, inside, just outside)
      ("0/8 this network", "0.1.2.3", "1.0.0.1"),
      ("10/8", "10.200.0.1", "11.0.0.1"),
      ("100.64/10 carrier-grade NAT", "100.127.255.254", "100.128.0.1"),
      ("127/8 loopback", "127.8.9.10", "128.0.0.1"),
      ("169.254/16 link-local", "169.254.169.254", "169.255.0.1"),
      ("172.16/12", "172.31.0.1", "172.32.0.1"),
      ("192.0.0/24 IETF protocol assignments", "192.0.0.170", "192.0.1.1"),
      ("192.0.2/24 documentation", "192.0.2.33", "192.0.3.1"),
      ("192.168/16", "192.168.1.5", "192.169.0.1"),
      ("198.18/15 benchmarking", "198.19.255.1", "198.20.0.1"),
      ("198.51.100/24 documentation", "198.51.100.7", "198.51.101.1"),
      ("203.0.113/24 documentation", "203.0.113.99", "203.0.114.1"),
      ("224/4 multicast", "239.255.255.250", "223.255.255.254"),
      ("240/4 reserved", "240.0.0.1", "223.1.1.1"),
      ("broadcast", "255.255.255.255", "8.8.8.8"),
    ])
  func ipv4Ranges(range: String, inside: String, outside: String) {
    #expect(NetworkAddress.isPrivate(inside), "\(range): \(inside)")
    #expect(!NetworkAddress.isPrivate(outside), "\(range): \(outside) is public")
  }

  @Test(
    "Every IPv6 range that is not public unicast",
    arguments: [
      ("::/128 unspecified", "::", "2001:4860::8888"),
      ("::1 loopback", "::1", "2606:4700::1111"),
      ("::a.b.c.d IPv4-compatible", "::8.8.8.8", "2606:4700::1111"),
      ("64:ff9b::/96 NAT64 of a private address", "64:ff9b::10.0.0.1", "64:ff9b::8.8.8.8"),
      ("64:ff9b::/96 NAT64 of loopback, in hex", "64:ff9b::7f00:1", "64:ff9b::808:808"),
      ("64:ff9b:1::/48 local-use NAT64", "64:ff9b:1::8.8.8.8", "64:ff9b:2::1"),
      ("100::/64 discard-only", "100::1", "2001:4860::8888"),
      ("2001:2::/48 benchmarking", "2001:2::1", "2001:3::1"),
      ("2001:10::/28 ORCHID", "2001:10::1", "2001:30::1"),
      ("2001:db8::/32 documentation", "2001:db8:85a3::8a2e:370:7334", "2001:db9::1"),
      ("3fff::/20 documentation", "3fff:fff::1", "3fff:1000::1"),
      ("2002::/16 6to4 of a private address", "2002:c0a8:0101::1", "2002:0808:0808::1"),
      // Teredo: the client's address is the last 32 bits inverted (0x7f000001 → 80ff:fffe).
      (
        "2001::/32 Teredo to loopback", "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7"
      ),
      ("fc00::/7 unique local", "fd12:3456::1", "2a00:1450::1"),
      ("fe80::/10 link-local", "fe80::1", "2a00:1450::1"),
      ("fec0::/10 site-local", "fec0::1", "2a00:1450::1"),
      ("ff00::/8 multicast", "ff02::1", "2a00:1450::1"),
      ("outside 2000::/3, not allocated", "fe00::1", "3ffe:ffff::1"),
      ("4000::/3, not allocated", "4000::1", "2c0f:fb50::1"),
      ("::ffff:0:0/96 mapped", "::ffff:127.0.0.1", "::ffff:8.8.8.8"),
      ("::ffff:0:0:0/96 translated", "::ffff:0:10.1.1.1", "::ffff:0:8.8.4.4"),
    ])
  func ipv6Ranges(range: String, inside: String, outside: String) {
    #expect(NetworkAddress.isPrivate(inside), "\(range): \(inside)")
    #expect(NetworkAddress.isPrivate("[\(inside)]"), "\(range): [\(inside)]")
    #expect(!NetworkAddress.isPrivate(outside), "\(range): \(outside) is public")
  }

  /// libcurl and `getaddrinfo` read these as 127.0.0.1 and 10.0.0.1: so must the guard.
  @Test func ipv4InEveryFormLibcurlAccepts() {
    for form in ["2130706433", "0x7f000001", "0x7f.1", "127.1", "0177.0.0.1", "012.0.0.1", "10.1"] {
      #expect(NetworkAddress.isPrivate(form), "\(form)")
    }
    #expect(NetworkAddress.ipv4("0x7f.1") == [127, 0, 0, 1])
    #expect(NetworkAddress.ipv4("134744072") == [8, 8, 8, 8])
    #expect(!NetworkAddress.isPrivate("134744072"))
    // Names made of hexadecimal letters stay names.
    for name in ["cafe.example", "deadbeef", "face.b00c", "hooks.example.org", "1e100.net"] {
      #expect(NetworkAddress.ipv4(name) == nil, "\(name)")
      #expect(!NetworkAddress.isPrivate(name), "\(name)")
    }
  }

  @Test func localhostNamesAndUnreadableLiteralsArePrivate() {
    for host in ["localhost", "LOCALHOST.", "api.localhost", "fe80::1%eth0", "[::1]"] {
      #expect(NetworkAddress.isPrivate(host), "\(host)")
    }
  }
}
