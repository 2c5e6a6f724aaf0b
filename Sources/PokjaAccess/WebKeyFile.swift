import Foundation

/// The web key's file: 64 hex digits, mode 0600, beside the configuration (`web.key`).
public enum WebKeyFile {
  /// Reads the key; a missing, unreadable, too open or malformed file is an error that says what to do.
  public static func load(_ path: String) throws(AccessError) -> SigningKey {
    var status = stat()
    guard stat(path, &status) == 0 else { throw .keyMissing(path: path) }
    let mode = status.st_mode & 0o777
    guard mode & 0o077 == 0 else {
      throw .keyTooOpen(path: path, mode: String(mode, radix: 8))
    }
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw .keyUnreadable(path: path, reason: error.localizedDescription)
    }
    // ASCII digits only: `Character.isHexDigit` also takes fullwidth forms (U+FF10…), which
    // `UInt8(_:radix:)` does not read.
    let hex = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    guard hex.count % 2 == 0, let bytes = Self.bytes(hex) else {
      throw .keyUnreadable(path: path, reason: "it does not hold hex digits")
    }
    return try SigningKey(bytes: bytes)
  }

  /// The bytes that pairs of ASCII hex digits spell; nil when anything else is there.
  private static func bytes(_ hex: [UInt8]) -> [UInt8]? {
    func value(_ digit: UInt8) -> UInt8? {
      switch digit {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
      default: nil
      }
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(hex.count / 2)
    for index in stride(from: 0, to: hex.count, by: 2) {
      guard let high = value(hex[index]), let low = value(hex[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
    }
    return bytes
  }

  /// Writes a new random key to `path` (mode 0600) unless a file is there already; true when it
  /// wrote one.
  @discardableResult
  public static func createIfMissing(_ path: String) throws(AccessError) -> Bool {
    if FileManager.default.fileExists(atPath: path) { return false }
    let hex = RandomBytes.make(32).map { String(format: "%02x", $0) }.joined() + "\n"
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard descriptor >= 0 else {
      throw .keyUnreadable(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    let written = hex.utf8CString.withUnsafeBufferPointer { buffer in
      write(descriptor, buffer.baseAddress, buffer.count - 1)
    }
    guard written == hex.utf8.count else {
      throw .keyUnreadable(path: path, reason: String(cString: strerror(errno)))
    }
    return true
  }
}
