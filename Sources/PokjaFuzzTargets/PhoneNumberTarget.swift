import Foundation
import PokjaCore

/// Phone numbers as people write them (`0812-3456-7890`, `+62 21 555 0100`, `(021) 5550100 ext. 12`,
/// `112`, `129`): the stored number, the E.164 number and service numbers. Round trips: a number's
/// formatted and stored forms read back as the same number.
enum PhoneNumberTarget {
  static let target = FuzzTarget(
    "phone-number", "Phone numbers: Indonesian and international, E.164, service numbers", run)

  static func run(_ input: Data) throws(FuzzFinding) {
    let text = input.text
    if let number = PhoneNumber(text) {
      try expectEqual(PhoneNumber(number.formatted), number, "a phone number's formatted form read")
      try expectEqual(
        PhoneNumber(stored: number.value), number, "a phone number's stored form read")
      _ = number.searchDigits
      if let e164 = number.e164Number {
        try expectEqual(E164Number(e164.e164), e164, "an E.164 number read again")
      }
    }
    if let e164 = E164Number(text) {
      try expectEqual(E164Number(e164.e164), e164, "an E.164 number read again")
      try expectEqual(E164Number(e164.formatted), e164, "an E.164 number's formatted form read")
    }
    if let service = ServiceNumber(text) {
      try expectEqual(ServiceNumber(service.written), service, "a service number read again")
    }
  }
}
