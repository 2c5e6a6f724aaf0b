import Foundation
import PokjaAccess
import Testing

/// The web key's tokens: a payload and a tag for one purpose, opened only whole, unchanged, for
/// that purpose and with that key.
@Suite struct SigningKeyTests {
  let key = try! SigningKey(bytes: Array(repeating: UInt8(7), count: 32))
  let payload = Data((0..<24).map { UInt8($0 * 3) })

  @Test func aSealedPayloadOpensForItsPurpose() throws {
    let token = key.seal(payload, purpose: "sign-in")
    #expect(try #require(key.open(token, purpose: "sign-in", length: 24)) == payload)
    // base64url without padding: nothing to escape in a URL or a cookie.
    #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    // The same payload seals the same way; another payload does not.
    #expect(key.seal(payload, purpose: "sign-in") == token)
    #expect(key.seal(Data(payload.reversed()), purpose: "sign-in") != token)
  }

  @Test func aTokenDoesNotOpenForAnotherPurposeKeyOrLength() throws {
    let token = key.seal(payload, purpose: "sign-in")
    #expect(key.open(token, purpose: "session", length: 24) == nil)
    #expect(key.open(token, purpose: "sign-in ", length: 24) == nil)
    #expect(key.open(token, purpose: "sign-in", length: 23) == nil)
    #expect(key.open(token, purpose: "sign-in", length: 25) == nil)
    let other = try SigningKey(bytes: Array(repeating: UInt8(8), count: 32))
    #expect(other.open(token, purpose: "sign-in", length: 24) == nil)
    #expect(SigningKey.random().open(token, purpose: "sign-in", length: 24) == nil)
  }

  @Test func aTokenWithAnyByteChangedDoesNotOpen() throws {
    let token = key.seal(payload, purpose: "sign-in")
    let sealed = try #require(Base64URL.decode(token))
    for index in sealed.indices {
      var tampered = sealed
      tampered[index] ^= 0x01
      #expect(
        key.open(Base64URL.encode(tampered), purpose: "sign-in", length: 24) == nil,
        "byte \(index)")
    }
  }

  @Test func aTruncatedOrExtendedTokenDoesNotOpen() throws {
    let token = key.seal(payload, purpose: "sign-in")
    for cut in 1...8 {
      #expect(key.open(token.dropLast(cut), purpose: "sign-in", length: 24) == nil)
    }
    #expect(key.open(token + "AA", purpose: "sign-in", length: 24) == nil)
    #expect(key.open("", purpose: "sign-in", length: 24) == nil)
    #expect(key.open("", purpose: "sign-in", length: 0) == nil)
  }

  @Test func aTooLongInputIsRefusedBeforeItIsDecoded() throws {
    // A payload whose token is 280 characters: well signed, but longer than any token pokja makes.
    let long = Data(repeating: 1, count: 194)
    let token = key.seal(long, purpose: "sign-in")
    #expect(token.utf8.count > 256)
    #expect(key.open(token, purpose: "sign-in", length: 194) == nil)
    #expect(key.open(String(repeating: "A", count: 10_000), purpose: "sign-in", length: 24) == nil)
    // The longest accepted: 256 characters.
    let fits = Data(repeating: 1, count: 176)
    #expect(key.open(key.seal(fits, purpose: "p"), purpose: "p", length: 176) == fits)
  }

  @Test func charactersOutsideBase64URLAreRefused() throws {
    let token = key.seal(payload, purpose: "sign-in")
    let middle = token.index(token.startIndex, offsetBy: 10)
    for character in ["+", "/", "=", " ", "%", ".", "é", "\n", "\u{0}"] {
      var changed = token
      changed.replaceSubrange(middle...middle, with: character)
      #expect(key.open(changed, purpose: "sign-in", length: 24) == nil, "\(character)")
    }
    // Standard base64 of the same bytes (with + and / and padding) is not accepted either.
    let standard = try #require(Base64URL.decode(token)).base64EncodedString()
    if standard != token {
      #expect(key.open(standard, purpose: "sign-in", length: 24) == nil)
    }
    #expect(key.open(token + "=", purpose: "sign-in", length: 24) == nil)
  }

  @Test func aKeyNeedsThirtyTwoBytes() throws {
    #expect(throws: AccessError.keyTooShort(31)) {
      try SigningKey(bytes: Array(repeating: UInt8(1), count: 31))
    }
    #expect(throws: AccessError.keyTooShort(0)) { try SigningKey(bytes: [UInt8]()) }
    _ = try SigningKey(bytes: Array(repeating: UInt8(1), count: 64))
  }

  @Test func aMACDependsOnThePurposeAndTheMessage() {
    let message = Data("pleno".utf8)
    let mac = key.mac(message, purpose: "form")
    #expect(mac == key.mac(message, purpose: "form"))
    #expect(mac != key.mac(message, purpose: "form-anonymous"))
    #expect(mac != key.mac(Data("plenO".utf8), purpose: "form"))
    #expect(Base64URL.decode(mac)?.count == 16)
  }

  @Test func constantTimeEqualComparesWholeByteStrings() {
    #expect(constantTimeEqual([1, 2, 3], [1, 2, 3]))
    #expect(constantTimeEqual([], []))
    #expect(!constantTimeEqual([1, 2, 3], [1, 2, 4]))
    #expect(!constantTimeEqual([1, 2, 3], [1, 2]))
    #expect(!constantTimeEqual([], [0]))
  }

  @Test func randomBytesAndHashes() {
    #expect(RandomBytes.make(32).count == 32)
    #expect(RandomBytes.make(0).isEmpty)
    #expect(RandomBytes.make(16) != RandomBytes.make(16))
    #expect(
      sha256Hex(Data("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}

/// base64url without padding (RFC 4648 §5).
@Suite struct Base64URLTests {
  @Test func encodesWithTheURLAlphabetAndNoPadding() {
    #expect(Base64URL.encode(Data([0xFB, 0xFF])) == "-_8")
    #expect(Base64URL.encode(Data([0xFB, 0xEF, 0xBE])) == "----")
    #expect(Base64URL.encode(Data([0xFF, 0xFF, 0xFF])) == "____")
    #expect(Base64URL.encode(Data("f".utf8)) == "Zg")
    #expect(Base64URL.encode(Data("fo".utf8)) == "Zm8")
    #expect(Base64URL.encode(Data("foo".utf8)) == "Zm9v")
    #expect(Base64URL.encode(Data()) == "")
  }

  @Test func decodesWhatItEncodes() {
    for length in 0...40 {
      let data = RandomBytes.make(length)
      #expect(Base64URL.decode(Base64URL.encode(data)) == data, "\(length) bytes")
    }
    #expect(Base64URL.decode("-_8") == Data([0xFB, 0xFF]))
    #expect(Base64URL.decode(Substring("Zm9v")) == Data("foo".utf8))
    #expect(Base64URL.decode("") == Data())
  }

  @Test func refusesOtherCharactersPaddingAndImpossibleLengths() {
    #expect(Base64URL.decode("Zg==") == nil)
    #expect(Base64URL.decode("+/8") == nil)
    #expect(Base64URL.decode("Zm9v YmFy") == nil)
    #expect(Base64URL.decode("Zm9vé") == nil)
    #expect(Base64URL.decode("Z") == nil)
    #expect(Base64URL.decode("Zm9vY") == nil)
  }
}
