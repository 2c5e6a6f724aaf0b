import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite("iTIP replies and counter-proposals read from calendars in mail")
struct ITIPReaderTests {
  /// Outlook's REPLY: a Windows zone name on RECURRENCE-ID, a COMMENT, mailto in upper case.
  static let outlook = """
    BEGIN:VCALENDAR\r
    METHOD:REPLY\r
    PRODID:Microsoft Exchange Server 2010\r
    VERSION:2.0\r
    BEGIN:VTIMEZONE\r
    TZID:SE Asia Standard Time\r
    BEGIN:STANDARD\r
    DTSTART:16010101T000000\r
    TZOFFSETFROM:+0700\r
    TZOFFSETTO:+0700\r
    END:STANDARD\r
    END:VTIMEZONE\r
    BEGIN:VEVENT\r
    ORGANIZER;CN=Sekretariat Pokja:mailto:sekretariat@pokja.example\r
    ATTENDEE;PARTSTAT=ACCEPTED;CN=Wulan Sari:MAILTO:Wulan@Kemensos.example\r
    COMMENT;LANGUAGE=id-ID:Saya hadir\\, terima kasih.\r
    UID:20261207T030000Z-12@pokja.example\r
    RECURRENCE-ID;TZID=SE Asia Standard Time:20270104T100000\r
    SEQUENCE:2\r
    DTSTAMP:20261210T021500Z\r
    END:VEVENT\r
    END:VCALENDAR\r

    """

  @Test("Outlook: the occurrence in a Windows zone, the comment unescaped, the address lowercased")
  func outlookReply() throws {
    let message = try ITIPReader.read(Self.outlook)
    #expect(message.method == "REPLY")
    let reply = try #require(message.replies.first)
    #expect(message.replies.count == 1)
    #expect(reply.uid == "20261207T030000Z-12@pokja.example")
    #expect(reply.attendee == "wulan@kemensos.example")
    #expect(reply.answer == .accepted)
    #expect(reply.sequence == 2)
    #expect(reply.comment == "Saya hadir, terima kasih.")
    #expect(reply.recurrenceID == (try DateTimeText.parse("2027-01-04T10:00+07:00", in: .gmt)))
  }

  @Test("Gmail and Thunderbird: UTC and TZID occurrences, no SEQUENCE is 0, several events")
  func severalEvents() throws {
    let text = """
      BEGIN:VCALENDAR
      METHOD:REPLY
      VERSION:2.0
      BEGIN:VEVENT
      UID:abc@pokja.example
      DTSTART;TZID=Asia/Jakarta:20270104T100000
      ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN=Lina
       Marlina:mailto:lina@uptd.example
      END:VEVENT
      BEGIN:VEVENT
      UID:abc@pokja.example
      RECURRENCE-ID:20270201T030000Z
      SEQUENCE:1
      ATTENDEE;PARTSTAT=TENTATIVE:mailto:lina@uptd.example
      END:VEVENT
      BEGIN:VEVENT
      UID:abc@pokja.example
      RECURRENCE-ID;TZID=/mozilla.org/20050126_1/Asia/Jakarta:20270301T100000
      ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:budi@uptd.example":mailto:lina@uptd.example
      END:VEVENT
      END:VCALENDAR
      """
    let message = try ITIPReader.read(text)
    #expect(message.replies.map(\.answer) == [.declined, .tentative, .delegated])
    #expect(message.replies.map(\.sequence) == [nil, 1, nil])
    #expect(message.replies[0].recurrenceID == nil)
    #expect(
      message.replies[1].recurrenceID
        == (try DateTimeText.parse("2027-02-01T10:00+07:00", in: .gmt)))
    #expect(
      message.replies[2].recurrenceID
        == (try DateTimeText.parse("2027-03-01T10:00+07:00", in: .gmt)))
    #expect(message.replies[2].delegatedTo == ["budi@uptd.example"])
    #expect(message.replies[2].answer.participation == .declined)
  }

  @Test("A COUNTER is read as a proposal: the new time and place, the attendee, the comment")
  func counter() throws {
    let message = try ITIPReader.read(
      """
      BEGIN:VCALENDAR
      METHOD:COUNTER
      BEGIN:VEVENT
      UID:abc@pokja.example
      SEQUENCE:3
      ATTENDEE;PARTSTAT=TENTATIVE:mailto:rudi@polri.example
      DTSTART:20270105T020000Z
      DTEND:20270105T040000Z
      LOCATION:Ruang Rapat Lt 3
      COMMENT:Bisa hari Selasa?
      END:VEVENT
      END:VCALENDAR
      """)
    #expect(message.method == "COUNTER")
    #expect(message.replies.isEmpty)
    let counter = try #require(message.counters.first)
    #expect(counter.attendee == "rudi@polri.example")
    #expect(counter.start == (try DateTimeText.parse("2027-01-05T09:00+07:00", in: .gmt)))
    #expect(counter.location == "Ruang Rapat Lt 3")
    #expect(counter.comment == "Bisa hari Selasa?")
  }

  @Test(
    "Refused with a reason: no METHOD, no UID, no ATTENDEE, a PARTSTAT that is no answer, an unknown zone, a bad date, too big"
  )
  func refusals() throws {
    func read(_ body: String, method: String = "METHOD:REPLY\n") throws(ITIPError) {
      _ = try ITIPReader.read(
        "BEGIN:VCALENDAR\n\(method)BEGIN:VEVENT\n\(body)END:VEVENT\nEND:VCALENDAR\n")
    }
    #expect(throws: ITIPError.noMethod) { try read("UID:x\n", method: "") }
    #expect(throws: ITIPError.missingUID(line: 3)) {
      try read("ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.example\n")
    }
    #expect(throws: ITIPError.missingAttendee(line: 3)) { try read("UID:x\n") }
    #expect(throws: ITIPError.unknownPartstat(line: 5, value: "MAYBE")) {
      try read("UID:x\nATTENDEE;PARTSTAT=MAYBE:mailto:a@b.example\n")
    }
    #expect(throws: ITIPError.unknownTimeZone(line: 5, tzid: "Mars/Olympus")) {
      try read(
        "UID:x\nRECURRENCE-ID;TZID=Mars/Olympus:20270104T100000\nATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.example\n"
      )
    }
    #expect(
      throws: ITIPError.invalidDateTime(line: 5, property: "RECURRENCE-ID", value: "TOMORROW")
    ) {
      try read("UID:x\nRECURRENCE-ID:tomorrow\nATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.example\n")
    }
    #expect(throws: ITIPError.self) { _ = try ITIPReader.read("Hello, I will come.") }
    let huge = String(
      repeating: "X-FILLER:" + String(repeating: "a", count: 60) + "\n", count: 20_000)
    #expect(
      throws: ITIPError.tooLarge(
        bytes: (huge + "BEGIN:VCALENDAR\n").utf8.count, limit: ITIPReader.maximumBytes)
    ) {
      _ = try ITIPReader.read("BEGIN:VCALENDAR\n" + huge)
    }
  }

  @Test("Mangled calendars never crash the reader: 3,000 random mutations of a real reply")
  func mutations() {
    var generator = SplitMix64(seed: 20261207)
    let bytes = Array(Self.outlook.utf8)
    let alphabet = Array("BEGIN:VEVENTATTENDEE;PARTSTAT=\r\n :;,\"\\TZID=Z0123456789".utf8)
    for _ in 0..<3000 {
      var mutated = bytes
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        let index = Int.random(in: 0..<mutated.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: mutated[index] = alphabet.randomElement(using: &generator)!
        case 1: mutated.remove(at: index)
        default: mutated.insert(alphabet.randomElement(using: &generator)!, at: index)
        }
      }
      _ = try? ITIPReader.read(String(decoding: mutated, as: UTF8.self))
    }
  }

  @Test("Python's icalendar reads the same answers")
  func agreesWithPythonICalendar() throws {
    let path = try PythonTool.temporaryFile(Self.outlook, suffix: ".ics")
    let python = try PythonTool.json(
      inline: """
        import icalendar, json, sys
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        events = [c for c in cal.walk('VEVENT')]
        a = events[0]['ATTENDEE']
        print(json.dumps({"uid": str(events[0]['UID']), "partstat": a.params['PARTSTAT'],
                          "attendee": str(a).lower().replace('mailto:', ''),
                          "recurrence": events[0]['RECURRENCE-ID'].dt.strftime('%Y-%m-%dT%H:%M'),
                          "comment": str(events[0]['COMMENT'])}))
        """, arguments: [path])
    let reply = try #require(try ITIPReader.read(Self.outlook).replies.first)
    #expect(python["uid"] as? String == reply.uid)
    #expect(python["partstat"] as? String == reply.answer.rawValue)
    #expect(python["attendee"] as? String == reply.attendee)
    #expect(python["comment"] as? String == reply.comment)
    #expect(python["recurrence"] as? String == "2027-01-04T10:00")
  }
}
