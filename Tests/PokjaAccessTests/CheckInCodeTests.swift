import Foundation
import PokjaAccess
import PokjaCore
import Testing

/// Check-in codes: eight characters of Crockford's base 32, the same on every host with the key,
/// different per contact, meeting and key.
@Suite struct CheckInCodeTests {
  let codes = SignedCheckInCodes(key: try! SigningKey(bytes: Array(repeating: UInt8(5), count: 32)))

  @Test func aCodeIsEightCharactersWithoutLookAlikes() {
    let code = codes.code(meetingUID: "pleno-1@pokja.example", contact: ContactID(12))
    #expect(code.count == 9)
    #expect(code.dropFirst(4).first == "-")
    #expect(
      code.replacingOccurrences(of: "-", with: "").allSatisfy {
        "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0)
      })
    #expect(code == codes.code(meetingUID: "pleno-1@pokja.example", contact: ContactID(12)))
  }

  @Test func codesDifferPerContactMeetingAndKey() {
    let base = codes.code(meetingUID: "pleno-1@pokja.example", contact: ContactID(12))
    #expect(base != codes.code(meetingUID: "pleno-1@pokja.example", contact: ContactID(13)))
    #expect(base != codes.code(meetingUID: "pleno-2@pokja.example", contact: ContactID(12)))
    let other = SignedCheckInCodes(
      key: try! SigningKey(bytes: Array(repeating: UInt8(6), count: 32)))
    #expect(base != other.code(meetingUID: "pleno-1@pokja.example", contact: ContactID(12)))
    // 200 contacts of one meeting: no two share a code.
    let many = Set(
      (1...200).map {
        codes.code(meetingUID: "rakornas@pokja.example", contact: ContactID(Int64($0)))
      })
    #expect(many.count == 200)
  }
}
