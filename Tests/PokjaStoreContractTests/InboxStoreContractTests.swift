import Foundation
import PokjaCore
import PokjaNotifications
import PokjaTestSupport
import Testing

/// What every `InboxStore` must do: entries kept whole, each message of a folder taken once (by
/// its UIDVALIDITY and UID), matched Message-IDs remembered, filing recorded, the list filtered
/// newest first, and entries dismissed by the secretary or by a later reading of the message.
@Suite struct InboxStoreContractTests {
  let clock = ManualClock(contractNow)
  let now = contractNow
  let inbox = "sekretariat@mail.example/INBOX"

  /// An entry of `inbox` (UIDVALIDITY 7) read now.
  func entry(
    uid: Int64, status: InboxStatus = .unmatched, messageID: String? = nil,
    mailbox: String? = nil, uidValidity: Int64 = 7
  ) -> InboxEntry {
    InboxEntry(
      mailbox: mailbox ?? inbox, uidValidity: uidValidity, uid: uid,
      messageID: messageID ?? "m\(uid)@mail.example", sender: "wulan@kemensos.example",
      subject: "Diterima: Rapat Pleno", sentAt: now.addingTimeInterval(-600), processedAt: now,
      status: status)
  }

  /// `entry` as stored, with the ID the store gave.
  func stored(_ entry: InboxEntry, _ store: any PokjaStore) throws -> InboxEntry {
    try #require(try store.insertInboxEntry(entry))
  }

  @Test(arguments: StoreKind.available)
  func anEntryIsKeptWholeWithTheIDTheStoreGives(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    // Item instants are whole seconds: the items' JSON keeps no fractions.
    let items = [
      InboxItem(
        method: "REPLY", outcome: .recorded, uid: "pleno-1@pokja.example",
        meetingID: MeetingID(3), contactID: ContactID(12), attendee: "wulan@kemensos.example",
        occurrence: now.addingTimeInterval(7 * 86_400), answer: .accepted, changed: true,
        comment: "Hadir, \"tepat waktu\"\nSalam", sequence: 2),
      InboxItem(
        method: "COUNTER", outcome: .proposal, uid: "pleno-1@pokja.example",
        meetingID: MeetingID(3), contactID: ContactID(12), attendee: "wulan@kemensos.example",
        proposedStart: now.addingTimeInterval(86_400),
        proposedEnd: now.addingTimeInterval(86_400 + 3_600), proposedLocation: "Ruang Rapat Lt 7",
        sequence: 2),
      InboxItem(
        method: "REPLY", outcome: .stale, uid: "lama@pokja.example", sequence: 1,
        currentSequence: 4),
    ]
    let full = InboxEntry(
      mailbox: inbox, uidValidity: 1_700_000_000, uid: 4_294_967_295,
      messageID: "CAF=abc+1@mail.example", sender: "wulan@kemensos.example",
      subject: "Diterima: Rapat Pleno — Desember", sentAt: now.addingTimeInterval(-600.25),
      processedAt: now.addingTimeInterval(0.5), status: .counter,
      problem: "baris 12: ATTENDEE tanpa alamat", items: items, filedIn: "Pokja/Diproses",
      filedAt: now.addingTimeInterval(1.125), dismissedAt: now.addingTimeInterval(3_600),
      dismissedBy: "rina")
    let bare = InboxEntry(
      mailbox: inbox, uidValidity: 1_700_000_000, uid: 5, messageID: nil, sender: nil,
      subject: nil, sentAt: nil, processedAt: now, status: .malformed)

    let one = try stored(full, store)
    let two = try stored(bare, store)
    #expect(one.id != .unassigned && two.id != .unassigned && one.id != two.id)
    var expected = full
    expected.id = one.id
    #expect(one == expected)
    #expect(try store.inboxEntry(one.id) == expected)
    #expect(try store.inboxEntry(one.id)?.items == items)
    expected = bare
    expected.id = two.id
    #expect(try store.inboxEntry(two.id) == expected)
    #expect(try store.inboxEntry(two.id)?.items == [])
    #expect(try store.inboxEntry(InboxEntryID(9_999)) == nil)
    // Every status can be stored.
    for (index, status) in InboxStatus.allCases.enumerated() {
      let entry = try stored(self.entry(uid: 100 + Int64(index), status: status), store)
      #expect(try store.inboxEntry(entry.id)?.status == status)
    }
  }

  @Test(arguments: StoreKind.available)
  func aMessageOfAFolderIsTakenOnce(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let first = try stored(entry(uid: 41, status: .answered), store)
    // Another run read the same message: nothing is written, the first entry stays as it was.
    var again = entry(uid: 41, status: .malformed, messageID: "lain@mail.example")
    again.subject = "lain"
    #expect(try store.insertInboxEntry(again) == nil)
    #expect(try store.inboxEntry(first.id) == first)
    #expect(try store.inboxEntries(statuses: [], includeDismissed: true, limit: 10) == [first])
    // The same UID under another UIDVALIDITY, or in another folder, is another message.
    let renumbered = try stored(entry(uid: 41, uidValidity: 8), store)
    let elsewhere = try stored(entry(uid: 41, mailbox: "sekretariat@mail.example/Arsip"), store)
    #expect(Set([first.id, renumbered.id, elsewhere.id]).count == 3)
    let second = try stored(entry(uid: 42), store)

    #expect(try store.inboxEntries(mailbox: inbox, uidValidity: 7) == [41: first, 42: second])
    #expect(try store.inboxEntries(mailbox: inbox, uidValidity: 8) == [41: renumbered])
    #expect(
      try store.inboxEntries(mailbox: "sekretariat@mail.example/Arsip", uidValidity: 7)
        == [41: elsewhere])
    #expect(try store.inboxEntries(mailbox: inbox, uidValidity: 9).isEmpty)
    #expect(try store.inboxEntries(mailbox: "lain@mail.example/INBOX", uidValidity: 7).isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func aMessageIDIsMatchedByAnsweredCounterDuplicateAndStaleEntriesOnly(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    for (index, status) in InboxStatus.allCases.enumerated() {
      _ = try stored(
        entry(uid: Int64(index + 1), status: status, messageID: status.rawValue), store)
    }
    for status in InboxStatus.allCases {
      let matched = [InboxStatus.answered, .counter, .duplicate, .stale].contains(status)
      #expect(try store.inboxHasMatched(messageID: status.rawValue) == matched, "\(status)")
    }
    #expect(try !store.inboxHasMatched(messageID: "tidak-ada@mail.example"))
    // Read again after being unmatched, and matched this time.
    _ = try stored(entry(uid: 20, status: .answered, messageID: "unmatched"), store)
    #expect(try store.inboxHasMatched(messageID: "unmatched"))
  }

  @Test(arguments: StoreKind.available)
  func filingIsRecorded(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let entry = try stored(self.entry(uid: 1, status: .answered), store)
    let other = try stored(self.entry(uid: 2), store)
    try store.markInboxEntryFiled(entry.id, in: "Pokja/Diproses", at: now.addingTimeInterval(2.5))
    var expected = entry
    expected.filedIn = "Pokja/Diproses"
    expected.filedAt = now.addingTimeInterval(2.5)
    #expect(try store.inboxEntry(entry.id) == expected)
    #expect(try store.inboxEntry(other.id) == other)
  }

  @Test(arguments: StoreKind.available)
  func theListIsFilteredByStatusAndDismissalNewestFirst(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let statuses: [InboxStatus] = [
      .unmatched, .answered, .malformed, .counter, .ignored, .unmatched, .duplicate,
    ]
    var entries = try statuses.enumerated().map { index, status in
      try stored(entry(uid: Int64(index + 1), status: status), store)
    }
    let dismissedAt = now.addingTimeInterval(60)
    #expect(
      try store.dismissInboxEntries([entries[0].id, entries[3].id], at: dismissedAt, by: "rina")
        == 2)
    for index in [0, 3] {
      entries[index].dismissedAt = dismissedAt
      entries[index].dismissedBy = "rina"
    }
    let newestFirst = Array(entries.reversed())
    #expect(
      try store.inboxEntries(statuses: [], includeDismissed: true, limit: 100) == newestFirst)
    #expect(
      try store.inboxEntries(statuses: [], includeDismissed: false, limit: 100)
        == newestFirst.filter { $0.dismissedAt == nil })
    #expect(
      try store.inboxEntries(statuses: [], includeDismissed: true, limit: 3)
        == Array(newestFirst.prefix(3)))
    #expect(try store.inboxEntries(statuses: [], includeDismissed: true, limit: 0).isEmpty)
    let attention = Set(InboxStatus.allCases.filter(\.needsAttention))
    #expect(
      try store.inboxEntries(statuses: attention, includeDismissed: false, limit: 100)
        == [entries[5], entries[2]])
    #expect(
      try store.inboxEntries(statuses: attention, includeDismissed: true, limit: 100)
        == [entries[5], entries[3], entries[2], entries[0]])
    #expect(
      try store.inboxEntries(statuses: attention, includeDismissed: true, limit: 2)
        == [entries[5], entries[3]])
    #expect(
      try store.inboxEntries(statuses: [.unmatched], includeDismissed: true, limit: 100)
        == [entries[5], entries[0]])
    #expect(
      try store.inboxEntries(statuses: [.ignored, .duplicate], includeDismissed: false, limit: 100)
        == [entries[6], entries[4]])
  }

  @Test(arguments: StoreKind.available)
  func entriesAreDismissedOnce(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let one = try stored(entry(uid: 1), store)
    let two = try stored(entry(uid: 2, status: .malformed), store)
    let three = try stored(entry(uid: 3, status: .counter), store)
    let first = now.addingTimeInterval(60)
    #expect(try store.dismissInboxEntries([], at: first, by: "rina") == 0)
    #expect(try store.dismissInboxEntries([one.id], at: first, by: "rina") == 1)
    // Dismissed again: not counted, and the first dismissal's time and name stay.
    #expect(
      try store.dismissInboxEntries([one.id], at: first.addingTimeInterval(60), by: "budi") == 0)
    #expect(
      try store.dismissInboxEntries(
        [one.id, two.id, InboxEntryID(9_999)], at: first.addingTimeInterval(120), by: "budi") == 1)
    var expected = one
    expected.dismissedAt = first
    expected.dismissedBy = "rina"
    #expect(try store.inboxEntry(one.id) == expected)
    expected = two
    expected.dismissedAt = first.addingTimeInterval(120)
    expected.dismissedBy = "budi"
    #expect(try store.inboxEntry(two.id) == expected)
    #expect(try store.inboxEntry(three.id) == three)
  }

  @Test(arguments: StoreKind.available)
  func earlierUnmatchedReadingsOfAMessageAreDismissedWhenItIsMatched(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let message = "CAF=moved+1@mail.example"
    let earlier = now.addingTimeInterval(-86_400)
    // Dismissed by the secretary before: keeps its time and name.
    let handled = try stored(entry(uid: 1, messageID: message), store)
    _ = try store.dismissInboxEntries([handled.id], at: earlier, by: "rina")
    let unmatched = try stored(entry(uid: 2, messageID: message), store)
    let malformed = try stored(entry(uid: 3, status: .malformed, messageID: message), store)
    let answered = try stored(entry(uid: 4, status: .answered, messageID: message), store)
    let otherMessage = try stored(entry(uid: 5, messageID: "lain@mail.example"), store)
    let matched = try stored(entry(uid: 6, status: .unmatched, messageID: message), store)
    let later = try stored(entry(uid: 7, messageID: message), store)

    let at = now.addingTimeInterval(30)
    try store.dismissEarlierInboxEntries(messageID: message, before: matched.id, at: at)
    #expect(try store.inboxEntry(handled.id)?.dismissedAt == earlier)
    #expect(try store.inboxEntry(handled.id)?.dismissedBy == "rina")
    for entry in [unmatched, malformed] {
      var expected = entry
      expected.dismissedAt = at
      #expect(try store.inboxEntry(entry.id) == expected)
    }
    for entry in [answered, otherMessage, matched, later] {
      #expect(try store.inboxEntry(entry.id) == entry)
    }
    #expect(
      try store.inboxEntries(
        statuses: [.unmatched, .malformed], includeDismissed: false, limit: 10)
        == [later, matched, otherMessage])
  }
}
