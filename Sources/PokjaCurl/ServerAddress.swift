import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The `host`, `[v6]`, `host:port` or `[v6]:port` of a mail server's URL (SMTP and IMAP alike),
/// checked: an IPv6 address must parse, a name holds letters, digits, `-`, `.` and `_` only, and
/// a port is 1 to 65535.
enum ServerAddress {
  /// What is wrong with it; each settings type turns it into its own error, naming the URL.
  enum Problem: Error, Equatable {
    case invalidHost
    case missingHost
    case invalidPort(String)
  }

  /// The host (lower-cased, without brackets) and the port when one is written.
  static func parse(_ hostPort: Substring) throws(Problem) -> (host: String, port: Int?) {
    var host: Substring
    var portText: Substring? = nil
    if hostPort.hasPrefix("[") {
      guard let close = hostPort.firstIndex(of: "]") else { throw .invalidHost }
      host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
      let after = hostPort[hostPort.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { throw .invalidHost }
        portText = after.dropFirst()
      }
      var probe = in6_addr()
      guard inet_pton(AF_INET6, String(host), &probe) == 1 else { throw .invalidHost }
    } else {
      if let colon = hostPort.lastIndex(of: ":") {
        host = hostPort[..<colon]
        portText = hostPort[hostPort.index(after: colon)...]
      } else {
        host = hostPort
      }
      guard !host.isEmpty else { throw .missingHost }
      let allowed = host.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
          || $0 == "-" || $0 == "." || $0 == "_"
      }
      guard allowed, !host.hasPrefix("."), !host.hasPrefix("-") else { throw .invalidHost }
    }
    guard !host.isEmpty else { throw .missingHost }
    var port: Int?
    if let portText {
      guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII),
        let number = Int(portText), (1...65535).contains(number)
      else { throw .invalidPort(String(portText)) }
      port = number
    }
    return (host.lowercased(), port)
  }
}
