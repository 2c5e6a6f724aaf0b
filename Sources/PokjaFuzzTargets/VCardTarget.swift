import Foundation
import PokjaContentLine
import PokjaVCard

/// The vCard reader (2.1, 3.0, 4.0 as phones, Google Contacts and Outlook export them). Round trip
/// through the writer, in 3.0 and 4.0: the cards read back keep their names, addresses, numbers,
/// organisation, title, note and UID, and writing them again gives the same text.
enum VCardTarget {
  static let target = FuzzTarget(
    "vcard", "vCard 2.1/3.0/4.0 cards, written back as 3.0 and 4.0", run)

  static func run(_ input: Data) throws(FuzzFinding) {
    guard let cards = try? VCardParser.parse(input.text) else { return }
    for version in VCardVersion.allCases {
      let written = VCardWriter.serialize(cards, version: version)
      let reread: [VCard]
      do throws(VCardParseError) {
        reread = try VCardParser.parse(written)
      } catch {
        throw FuzzFinding(
          "the \(version.rawValue) writer wrote what does not parse: \(error)\n\(written)")
      }
      try expectEqual(reread.count, cards.count, "cards read back from \(version.rawValue)")
      for (card, back) in zip(cards, reread) {
        try expectSame(card, back, version: version)
      }
      try expectEqual(
        VCardWriter.serialize(reread, version: version), written,
        "\(version.rawValue) written, read and written again")
    }
  }

  /// The typed fields a directory import uses survive a round trip (control characters aside,
  /// which the writer drops).
  private static func expectSame(_ card: VCard, _ back: VCard, version: VCardVersion)
    throws(FuzzFinding)
  {
    let what = "a \(version.rawValue) round trip"
    if !clean(card.formattedName).isEmpty {
      try expectEqual(clean(back.formattedName), clean(card.formattedName), "FN in \(what)")
    }
    try expectEqual(
      back.emails.map { clean($0.value) }, card.emails.map { clean($0.value) }, "EMAIL in \(what)")
    try expectEqual(
      back.phones.map { clean($0.value) }, card.phones.map { clean($0.value) }, "TEL in \(what)")
    try expectEqual(back.organisation.map(clean), card.organisation.map(clean), "ORG in \(what)")
    try expectEqual(back.title.map(clean), card.title.map(clean), "TITLE in \(what)")
    try expectEqual(back.note.map(clean), card.note.map(clean), "NOTE in \(what)")
    try expectEqual(back.uid.map(clean), card.uid.map(clean), "UID in \(what)")
    try expectEqual(back.urls.map(clean), card.urls.map(clean), "URL in \(what)")
    try expectEqual(back.language.map(clean), card.language.map(clean), "LANG in \(what)")
  }

  private static func clean(_ text: String) -> String {
    ContentLineText.removingControls(text, keepTab: true)
  }
}
