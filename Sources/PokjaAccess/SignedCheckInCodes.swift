import Foundation
import PokjaCore

/// Check-in codes signed with the web key: the first 40 bits of an HMAC over the meeting's UID and
/// the contact, in Crockford's base 32. Nobody can work out another invitee's code from their own,
/// and every host with the same `web.key` gives the same code.
public struct SignedCheckInCodes: CheckInCodes {
  private let key: SigningKey
  private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

  public init(key: SigningKey) { self.key = key }

  public func code(meetingUID uid: String, contact: ContactID) -> String {
    let mac = key.mac(Data("\(uid)\u{0}\(contact.rawValue)".utf8), purpose: "check-in")
    let bytes = Array(Base64URL.decode(mac) ?? Data()).prefix(5)
    var value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    var letters: [Character] = []
    for _ in 0..<8 {
      letters.append(Self.alphabet[Int(value & 31)])
      value >>= 5
    }
    let text = String(letters.reversed())
    return text.prefix(4) + "-" + text.suffix(4)
  }
}
