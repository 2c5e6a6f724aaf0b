import Foundation
import PokjaCore
import Testing

@Suite struct EmailAddressTests {
  @Test func acceptsOrdinaryAddressesAndLowercasesTheDomain() {
    #expect(EmailAddress("Wulan.Sari@Kemensos.GO.ID")?.value == "Wulan.Sari@kemensos.go.id")
    #expect(EmailAddress("a+tag@example.org")?.domain == "example.org")
  }

  @Test(arguments: [
    "", "wulan", "wulan@", "@example.org", "a@b@c", "wulan sari@example.org", "wulan@exa mple.org",
    "wulan@example.org\r\nBcc: evil@example.com", "<wulan@example.org>", "wulan@-example.org",
    "wulan..sari@example.org", "wulän@example.org",
  ])
  func rejectsWhatIsNotAnAddress(text: String) {
    #expect(EmailAddress(text) == nil)
  }
}

@Suite struct PhoneNumberTests {
  @Test(arguments: [
    ("0812-3456-7890", "+6281234567890"), ("(021) 3103591", "+62213103591"),
    ("+62 812 3456 7890", "+6281234567890"), ("6281234567890", "+6281234567890"),
    ("+31 20 123 4567", "+31201234567"), ("0031 20 123 4567", "+31201234567"),
  ])
  func storesE164(text: String, e164: String) {
    #expect(PhoneNumber(text)?.e164 == e164)
  }

  @Test(arguments: ["", "12345", "31 20 123 4567", "0812-ABC", "+0812345678", "++62812"])
  func rejectsWhatIsNotANumber(text: String) {
    #expect(PhoneNumber(text) == nil)
  }

  @Test func showsNumbersAsIndonesiansWriteThem() {
    #expect(PhoneNumber("081234567890")?.formatted == "+62 812-3456-7890")
    #expect(PhoneNumber("(021) 3103591")?.formatted == "+62 21 3103591")
    #expect(PhoneNumber("(0274) 512345")?.formatted == "+62 274 512345")
    #expect(PhoneNumber("+31201234567")?.formatted == "+31201234567")
  }
}

@Suite struct ValidateTests {
  @Test func singleLineFieldsRefuseLineBreaks() throws {
    #expect(throws: InputError.controlCharacters(field: "--title")) {
      try Validate.singleLine("Rapat\r\nBcc: x@example.com", field: "--title")
    }
    #expect(throws: InputError.empty(field: "--name")) {
      try Validate.singleLine("  ", field: "--name")
    }
    #expect(try Validate.singleLine("  Rapat Pleno ", field: "--title") == "Rapat Pleno")
  }

  @Test func searchKeysIgnoreCaseAndAccents() {
    #expect(SearchKey.fold("Désirée  KUSUMA") == "desiree kusuma")
  }

  @Test func referencesAreIDsOrKeys() {
    #expect(Reference<Room>("12") == .id(RoomID(12)))
    #expect(Reference<Room>("Ruang Rapat Lt 7") == .key("Ruang Rapat Lt 7"))
    #expect(Reference<Room>("0") == .key("0"))
  }

  @Test func languagesParseFromLocales() {
    #expect(Language(parsing: "id_ID.UTF-8") == .indonesian)
    #expect(Language(parsing: "en") == .english)
    #expect(Language(parsing: "fr") == nil)
  }

  @Test func errorMessagesSayHowToFixTheInput() {
    let message = InputError.invalidDuration("2x").localizedDescription
    #expect(message.contains("'2x'") && message.contains("2h"))
  }
}
