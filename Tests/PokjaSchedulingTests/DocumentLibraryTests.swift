import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

/// `DocumentLibrary`: names, sizes and types as people see them, what it refuses before storing
/// anything, and finding a document by name or the start of its digest. Runs on the store of
/// `StoreKind.underTest`.
@Suite struct DocumentLibraryTests {
  let fixture: SchedulingFixture
  let library: DocumentLibrary
  let meeting: Meeting

  init() throws {
    fixture = try SchedulingFixture()
    library = DocumentLibrary(
      store: fixture.store, clock: ManualClock(Date(timeIntervalSince1970: 1_796_000_000)),
      actor: "rina")
    meeting = try fixture.scheduler.schedule(
      MeetingRequest(
        title: "Rapat Nasional", start: "2027-03-10T08:00", duration: "3h",
        attendees: ["wulan@kemensos.example"])
    ).details.meeting
  }

  @Test(arguments: [
    (0, "0 B"), (820, "820 B"), (1_023, "1023 B"), (1_024, "1 kB"), (1_510, "1.5 kB"),
    (14_336, "14 kB"), (300_000, "293 kB"), (1_048_576, "1 MB"), (1_258_291, "1.2 MB"),
    (15 * 1_048_576, "15 MB"), (16 * 1_048_576 + 900_000, "17 MB"),
  ])
  func sizesReadAsFileManagersShowThem(_ bytes: Int, _ text: String) {
    #expect(DocumentLibrary.sizeText(bytes) == text)
  }

  @Test func typesComeFromTheExtension() {
    #expect(DocumentLibrary.contentType(forFileName: "Agenda.PDF") == "application/pdf")
    #expect(
      DocumentLibrary.contentType(forFileName: "tor.docx")
        == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    #expect(DocumentLibrary.contentType(forFileName: "foto") == "application/octet-stream")
  }

  @Test func whatCannotBeAttachedIsRefusedAndNothingIsKept() throws {
    let target = DocumentTarget.meeting(meeting.id)
    let good = (filename: "agenda.pdf", data: Data("%PDF".utf8))
    #expect(throws: DocumentError.empty("kosong.txt")) {
      try library.add([good, (filename: "kosong.txt", data: Data())], to: target)
    }
    #expect(throws: DocumentError.badName("..")) {
      try library.add([(filename: "..", data: Data("x".utf8))], to: target)
    }
    #expect(throws: DocumentError.nameTaken("agenda.pdf")) {
      try library.add([good, (filename: "/tmp/agenda.pdf", data: Data("other".utf8))], to: target)
    }
    let big = Data(count: DocumentLibrary.sizeLimit + 1)
    #expect(
      throws: DocumentError.tooLarge("video.mp4", size: big.count, limit: DocumentLibrary.sizeLimit)
    ) {
      try library.add(big, filename: "video.mp4", to: target)
    }
    #expect(try library.documents(of: target).isEmpty)
  }

  @Test func aDocumentIsFoundByNameOrTheStartOfItsDigest() throws {
    let target = DocumentTarget.meeting(meeting.id)
    let added = try library.add(
      Data("Kerangka acuan".utf8), filename: "/home/rina/Kerangka Acuan.pdf", to: target)
    #expect(added.isNew)
    #expect(added.document.filename == "Kerangka Acuan.pdf")
    #expect(added.document.addedBy == "rina")
    #expect(try library.document("kerangka acuan.pdf", of: target) == added.document)
    let prefix = String(added.document.digest.hex.prefix(8))
    #expect(try library.document("sha256:" + prefix, of: target) == added.document)
    #expect(throws: DocumentError.notFound("abc", known: ["Kerangka Acuan.pdf"])) {
      try library.document("abc", of: target)
    }
    #expect(try library.content(of: added.document) == Data("Kerangka acuan".utf8))
    #expect(try library.remove(prefix, from: target) == added.document)
    #expect(try library.content(ofDigest: added.document.digest) == nil)
  }
}
