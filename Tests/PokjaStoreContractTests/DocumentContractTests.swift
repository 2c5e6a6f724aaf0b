import Foundation
import PokjaCore
import PokjaMIME
import PokjaScheduling
import PokjaTestSupport
import PokjaWorkPlan
import Testing

/// What every `DocumentStore` must do: each file's bytes kept once however many meetings, plan
/// items and messages have it; names unique per meeting; all or nothing; and bytes deleted only
/// once nothing (no link, no message with contents) names them.
@Suite struct DocumentContractTests {
  let clock = ManualClock(contractNow)

  func file(_ name: String, _ text: String, _ target: DocumentTarget) -> (
    document: AttachedDocument, content: Data
  ) {
    let data = Data(text.utf8)
    return (
      AttachedDocument(
        digest: DocumentDigest(of: data), target: target, filename: name,
        contentType: DocumentLibrary.contentType(forFileName: name), size: data.count,
        addedBy: "sekretariat", addedAt: contractNow),
      data
    )
  }

  func storedCount(_ kind: StoreKind, _ store: any PokjaStore) throws -> Int {
    Set(try store.documents(of: nil).map(\.digest)).count
  }

  @Test(arguments: StoreKind.available)
  func aFileIsKeptOnceAndNamedOncePerMeeting(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let first = try store.add(meeting("Rapat Nasional", at: contractNow))
    let second = try store.add(meeting("Rapat Pleno", at: contractNow.addingTimeInterval(86_400)))
    let item = try store.insert(
      PlanItem(title: "Modul", createdAt: contractNow, updatedAt: contractNow, updatedBy: "s"))
    let agenda = file("agenda.pdf", "%PDF agenda", .meeting(first.id))
    #expect(try store.attach([agenda], replacing: false) == [true])
    // The same file on another meeting and on a plan item: linked, not stored again.
    var elsewhere = agenda
    elsewhere.document.target = .meeting(second.id)
    var onItem = agenda
    onItem.document.target = .planItem(item.id.rawValue)
    onItem.document.filename = "lampiran.pdf"
    #expect(try store.attach([elsewhere, onItem], replacing: false) == [true, true])
    // Again on the first meeting: nothing changes.
    #expect(try store.attach([agenda], replacing: false) == [false])
    #expect(try store.documents(of: .meeting(first.id)).map(\.filename) == ["agenda.pdf"])
    #expect(try store.documents(of: nil).count == 3)
    #expect(Set(try store.documents(of: nil).map(\.digest)).count == 1)
    let kept = try #require(try store.documents(of: .planItem(item.id.rawValue)).first)
    #expect(kept.size == 11)
    #expect(kept.contentType == "application/pdf")
    #expect(kept.addedBy == "sekretariat")
    #expect(kept.addedAt == contractNow)
    #expect(try store.documentContent(agenda.document.digest) == Data("%PDF agenda".utf8))

    // Another file under a name the meeting has: refused, and the whole batch with it.
    let notes = file("notulen.txt", "notulen", .meeting(first.id))
    let clash = file("agenda.pdf", "another agenda", .meeting(first.id))
    #expect(throws: DocumentError.nameTaken("agenda.pdf")) {
      try store.attach([notes, clash], replacing: false)
    }
    #expect(try store.documents(of: .meeting(first.id)).count == 1)
    #expect(try store.documentContent(notes.document.digest) == nil)
    // Replacing: the revised agenda takes the name; the old bytes stay for the other meeting.
    #expect(try store.attach([clash], replacing: true) == [true])
    #expect(try store.documents(of: .meeting(first.id)).map(\.digest) == [clash.document.digest])
    #expect(try store.documentContent(agenda.document.digest) != nil)
  }

  @Test(arguments: StoreKind.available)
  func bytesGoOnlyWhenNothingNamesThem(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let first = try store.add(meeting("Rapat Nasional", at: contractNow))
    let second = try store.add(meeting("Rapat Pleno", at: contractNow.addingTimeInterval(86_400)))
    let agenda = file("agenda.pdf", "%PDF agenda", .meeting(first.id))
    var copy = agenda
    copy.document.target = .meeting(second.id)
    _ = try store.attach([agenda, copy], replacing: false)
    let digest = agenda.document.digest

    // A queued message carries it (as `MessageComposer` writes it: a marker, not the bytes).
    let part = MIMEPart.storedDocument(
      contentType: "application/pdf", filename: "agenda.pdf", digest: digest.hex)
    let content = try MailMessage(
      from: MailAddress("sekretariat@example.org"), to: [MailAddress("wulan@example.org")],
      subject: "Undangan", date: contractNow, timeZone: Zones.jakarta,
      messageID: "m1@example.org",
      body: .multipart(
        subtype: "mixed",
        parts: [
          .text(subtype: "plain", content: "Terlampir."), part,
        ])
    ).rendered()
    var message = draft("with-agenda")
    message.content = content
    _ = try store.enqueue([message], route: .smtp, at: contractNow)

    #expect(try store.detach(filename: "agenda.pdf", from: .meeting(first.id))?.digest == digest)
    #expect(try store.detach(filename: "agenda.pdf", from: .meeting(first.id)) == nil)
    #expect(try store.documentContent(digest) != nil)  // the other meeting has it
    _ = try store.detach(filename: "agenda.pdf", from: .meeting(second.id))
    #expect(try store.documents(of: nil).isEmpty)
    #expect(try store.documentContent(digest) != nil)  // the queued message names it
    #expect(try store.pruneDocuments() == 0)

    // Sent, then its contents purged: now nothing names the file.
    let claimed = try claim(store, token: "t")
    _ = try store.markSent(claimed[0].id, token: "t", at: contractNow, receipt: "250 OK")
    _ = try store.purge(before: contractNow.addingTimeInterval(60), at: contractNow)
    #expect(try store.pruneDocuments() == 1)
    #expect(try store.documentContent(digest) == nil)
  }
}
