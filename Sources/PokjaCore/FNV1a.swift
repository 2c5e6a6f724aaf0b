/// FNV-1a, 64 bit: a digest that, unlike `Hasher`, is the same in every run and in other languages
/// (the Python benchmark computes it too). For keys and checks, not for security.
public struct FNV1a: Sendable {
  public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  public mutating func add(_ byte: UInt8) {
    value ^= UInt64(byte)
    value &*= 0x100_0000_01b3
  }

  public mutating func add(_ text: String) {
    for byte in text.utf8 { add(byte) }
  }

  public mutating func add(_ bytes: some Sequence<UInt8>) {
    for byte in bytes { add(byte) }
  }

  /// The value as 16 hexadecimal digits.
  public var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// The digest of `text` as 16 hexadecimal digits.
  public static func hex(_ text: String) -> String {
    var digest = FNV1a()
    digest.add(text)
    return digest.hex
  }
}
