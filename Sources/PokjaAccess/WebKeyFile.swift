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
    let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit) else {
      throw .keyUnreadable(path: path, reason: "it does not hold hex digits")
    }
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    return try SigningKey(bytes: bytes)
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
