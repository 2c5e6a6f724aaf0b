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
    #expect(PhoneNumber(text)?.value == e164)
    #expect(PhoneNumber(text)?.e164Number?.e164 == e164)
  }

  @Test(arguments: [
    "", "12345", "31 20 123 4567", "0812-ABC", "+0812345678", "++62812", "12", "1", "1500",
    "15001", "1500123456", "1234", "14", "1404", "140456", "+62 110", "*123#", "110a",
    "021-555",
  ])
  func rejectsWhatIsNotANumber(text: String) {
    #expect(PhoneNumber(text) == nil)
  }

  @Test func showsNumbersAsIndonesiansWriteThem() {
    #expect(PhoneNumber("081234567890")?.formatted == "+62 812-3456-7890")
    #expect(PhoneNumber("(021) 3103591")?.formatted == "+62 21 3103591")
    #expect(PhoneNumber("(0274) 512345")?.formatted == "+62 274 512345")
    #expect(PhoneNumber("+31201234567")?.formatted == "+31201234567")
  }

  /// Indonesian short and special numbers have no E.164 form: kept as written, compared by digits.
  @Test(arguments: [
    ("110", ServiceNumber.Kind.emergency), ("112", .emergency), ("113", .emergency),
    ("115", .emergency), ("118", .emergency), ("119", .emergency), ("129", .shortCode),
    ("147", .shortCode), ("1500-771", .callCentre), ("1500771", .callCentre),
    ("1-500-771", .callCentre), ("150 046", .callCentre), ("1500 5678", .callCentre),
    ("14045", .callCentre), ("0800-1-401234", .intelligentNetwork),
    ("0807 1 500 500", .intelligentNetwork), ("(021) 129", .localShortCode),
    ("0274-147", .localShortCode),
  ])
  func keepsServiceNumbersAsWritten(text: String, kind: ServiceNumber.Kind) throws {
    let number = try #require(PhoneNumber(text))
    guard case .service(let service) = number else {
      Issue.record("\(text) read as \(number.value)")
      return
    }
    #expect(service.kind == kind)
    #expect(number.value == text)
    #expect(number.formatted == text)
    #expect(number.e164Number == nil)
    #expect(!number.isMobile)
    #expect(PhoneNumber(stored: number.value) == number)
  }

  @Test func serviceNumbersAreTheSameHoweverGrouped() throws {
    #expect(PhoneNumber("1500-771") == PhoneNumber("1500 771"))
    #expect(PhoneNumber("  1500   771 ")?.value == "1500 771")
    #expect(PhoneNumber("1500-771") != PhoneNumber("1500-772"))
    #expect(PhoneNumber("1500-771")?.searchDigits == ["1500771"])
  }

  @Test func subscriberNumbersStayE164() throws {
    // A 7-digit Jakarta number ending in 1XY is a landline, not a short code after the area code.
    #expect(PhoneNumber("021-2129")?.value == "+62212129")
    #expect(PhoneNumber("(021) 500 129")?.value == "+6221500129")
    #expect(PhoneNumber("+62 800 1401234")?.isMobile == false)
    #expect(PhoneNumber("0812-3456-7890")?.isMobile == true)
    #expect(PhoneNumber(stored: "+6281234567890") == PhoneNumber("0812-3456-7890"))
  }

  @Test func onlySubscriberNumbersHaveWhatsApp() throws {
    #expect(try Validate.whatsApp("0812-3456-7890", field: "--whatsapp").e164 == "+6281234567890")
    #expect(throws: InputError.serviceNumberNotWhatsApp(field: "--whatsapp", value: "129")) {
      try Validate.whatsApp("129", field: "--whatsapp")
    }
    #expect(throws: InputError.invalidPhone(field: "--whatsapp", value: "12")) {
      try Validate.whatsApp("12", field: "--whatsapp")
    }
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

@Suite struct DeliveryValueTests {
  @Test func aDestinationIsAMailboxOrAChannel() {
    let mailbox = MessageDestination.email(EmailAddress("wulan@example.org")!)
    let channel = MessageDestination.channel(id: 3, name: "tim")
    #expect(mailbox.description == "wulan@example.org" && mailbox.email != nil)
    #expect(mailbox.channelID == nil)
    #expect(channel.description == "channel tim" && channel.email == nil && channel.channelID == 3)
  }

  @Test func aFailureKeepsWhatHappenedApartFromWhatBecomesOfTheMessage() {
    let failure = DeliveryFailure(
      .unreachable, .unreachable, "Could not connect to the server at mail:587 (refused)",
      note: .staysQueued)
    #expect(
      failure.message
        == "Could not connect to the server at mail:587 (refused); the message stays queued.")
    #expect(failure.sentence == "Could not connect to the server at mail:587 (refused).")
    #expect(!failure.isAttempt)
    let sentence = DeliveryFailure(
      .configuration, .localSetup, "Cannot send mail.", note: .messagesStayQueued)
    #expect(sentence.message == "Cannot send mail. Messages stay queued.")
    #expect(sentence.sentence == "Cannot send mail.")
    #expect(DeliveryFailure(.permanent, .recipientRefused, "550").isAttempt)
  }
}
