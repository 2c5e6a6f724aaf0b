import Foundation
import PokjaTestSupport
import Testing

/// Every `--json` output holds to docs/json-schema.json (schema version 1), checked by Python's
/// `jsonschema` (Draft 2020-12) against outputs of the built binary on one database that has a bit
/// of everything. The schema forbids undocumented keys, so a new key fails here until documented.
@Suite struct JSONSchemaTests {
  static func validate(_ output: String, as definition: String) throws -> String? {
    let root = try RepositoryRoot.url()
    let run = try PythonTool.runProcess(
      executable: "/usr/bin/env",
      arguments: [
        "python3", root.appendingPathComponent("scripts/testing/validate_json.py").path,
        root.appendingPathComponent("docs/json-schema.json").path, definition,
      ], input: Data(output.utf8))
    if run.status == 0 { return nil }
    return String(decoding: run.stdout + run.stderr, as: UTF8.self)
  }

  @Test func everyJSONOutputFitsTheDocumentedSchema() throws {
    var setup = try PluginTests.setup()
    // Sign-in links, feeds and RSVP links need the address members reach `pokja serve` at.
    setup.extra["POKJA_WEB_URL"] = "https://pokja.example.go.id"
    let steps: [[String]] = [
      ["init"],
      [
        "org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--kind", "ministry",
      ],
      [
        "org", "add", "--name", "UPTD PPA Kota Surabaya", "--kind", "layanan", "--region",
        "Kota Surabaya, Jawa Timur", "--service", "rumah aman", "--phone", "031 500 0000",
        "--phone", "129",
      ],
      [
        "contact", "add", "--name", "Wulan Sari", "--honorific", "Ibu", "--org", "Kemensos",
        "--email", "wulan@kemensos.example", "--phone", "0812-3456-7890", "--role", "focal-point",
        "--tag", "pleno",
      ],
      [
        "contact", "add", "--name", "Budi Santoso", "--org", "UPTD PPA Kota Surabaya", "--email",
        "budi@ppa.example", "--role", "head",
      ],
      ["group", "add", "pleno", "--where", "tag=pleno"],
      [
        "room", "add", "--name", "Ruang Rapat Lt 7", "--capacity", "40", "--building", "Gedung A",
        "--floor", "7",
      ],
      [
        "meeting", "add", "--title", "Rapat Pleno", "--start", "2026-12-07T10:00", "--duration",
        "2h",
        "--room", "Ruang Rapat Lt 7", "--attendee", "@pleno", "--attendee", "budi@ppa.example",
        "--remind", "1d", "--every", "every monday", "--count", "3",
      ],
      ["meeting", "edit", "1", "--occurrence", "2026-12-14", "--start", "13:00"],
      [
        "channel", "add", "tim", "--webhook", "https://hooks.example.org/pokja", "--preset",
        "slack",
      ],
      ["access", "grant", "@pleno", "--secretary"],
      ["access", "grant", "budi@ppa.example"],
      ["access", "revoke", "budi@ppa.example"],
      ["feed", "show", "wulan@kemensos.example"],
      [
        "meeting", "add", "--title", "Rapat Koordinasi Nasional", "--start", "2027-02-09T08:00",
        "--end", "2027-02-10T16:00", "--attendee", "wulan@kemensos.example",
      ],
      ["programme", "add", "2", "--title", "Pembukaan", "--start", "08:00", "--end", "09:00"],
      ["programme", "assign", "1", "chair", "wulan@kemensos.example"],
      ["programme", "assign", "1", "speaker", "--guest", "Dewi Lestari", "--guest-org", "Kemlu"],
    ]
    for step in steps {
      let run = try setup.pokja(step)
      #expect(run.status == 0 || step.first == "meeting", "\(step): \(run.errors)")
    }
    let agenda = setup.home.appendingPathComponent("agenda.pdf")
    try Data("%PDF-1.4 agenda".utf8).write(to: agenda)
    let csv = setup.home.appendingPathComponent("kontak.csv")
    try "nama,email,instansi\nCitra Dewi,citra@lsm.example,LBH APIK\n".write(
      to: csv, atomically: true, encoding: .utf8)
    let ics = setup.home.appendingPathComponent("outlook.ics")
    try """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//test//EN\r
    BEGIN:VEVENT\r
    UID:rapat-teknis@example.org\r
    DTSTART;TZID=Asia/Jakarta:20261210T090000\r
    DTEND;TZID=Asia/Jakarta:20261210T100000\r
    SUMMARY:Rapat Teknis\r
    END:VEVENT\r
    END:VCALENDAR\r

    """.write(to: ics, atomically: true, encoding: .utf8)
    let backup = setup.home.appendingPathComponent("backup.sqlite").path

    let cases: [([String], String)] = [
      (["org", "add", "--name", "LBH APIK Jakarta", "--kind", "ngo", "--json"], "organisation"),
      (["org", "list", "--json"], "organisationList"),
      (["org", "show", "Kemensos", "--json"], "organisationDetail"),
      (
        ["org", "edit", "Kemensos", "--website", "https://kemensos.go.id", "--json"], "organisation"
      ),
      (["contact", "list", "--json"], "contactList"),
      (["contact", "show", "wulan@kemensos.example", "--json"], "contact"),
      (["contact", "edit", "1", "--position", "Kasubdit", "--json"], "contact"),
      (
        ["refer", "--service", "rumah aman", "--region", "Kota Surabaya", "--json"], "referralList"
      ),
      (["group", "list", "--json"], "groupList"),
      (["group", "show", "pleno", "--json"], "group"),
      (["log", "--json"], "changeList"),
      (["find", "wulan", "--json"], "searchResultList"),
      (["room", "list", "--json"], "roomList"),
      (["meeting", "list", "--json"], "meetingList"),
      (["meeting", "show", "1", "--json"], "meeting"),
      (["agenda", "--from", "2026-12-01", "--to", "2026-12-31", "--json"], "meetingList"),
      (["meeting", "upcoming", "--within", "400d", "--json"], "meetingList"),
      (["rsvp", "1", "budi@ppa.example", "declined", "--json"], "meeting"),
      (
        [
          "recur", "expand", "--start", "2026-01-05T09:00", "--tz", "Asia/Jakarta", "--rule",
          "FREQ=MONTHLY;BYDAY=1MO", "--limit", "3", "--json",
        ], "localDateTimes"
      ),
      (
        [
          "meeting", "suggest", "--attendee", "wulan@kemensos.example", "--duration", "1h",
          "--within", "2026-12-01..2026-12-04", "--room", "any", "--json",
        ], "slotList"
      ),
      (["meeting", "invite", "1", "--dry-run", "--json"], "dryRunRowList"),
      (["meeting", "invite", "1", "--json"], "sending"),
      (["remind", "--due", "--now", "2026-12-06T11:00", "--json"], "sending"),
      (["outbox", "list", "--json"], "outboxMessageList"),
      (["outbox", "show", "1", "--json"], "outboxMessage"),
      (["notify", "templates", "--json"], "templates"),
      (
        [
          "notify", "preview", "--meeting", "1", "--contact", "wulan@kemensos.example", "--kind",
          "reminder", "--json",
        ], "preview"
      ),
      (["channel", "list", "--json"], "channelList"),
      (["export", "contacts", "--format", "json"], "contactList"),
      (["export", "organisations", "--format", "json"], "organisationList"),
      (["import", "contacts", csv.path, "--create-orgs", "--json"], "import"),
      (["import-ics", ics.path, "--json"], "calendarImport"),
      (["plugins", "--json"], "pluginList"),
      (["doctor", "--json"], "doctor"),
      (["backup", backup, "--json"], "backup"),
      (["meeting", "edit", "1", "--title", "Rapat Pleno Tim Pokja", "--json"], "sending"),
      (["meeting", "cancel", "1", "--occurrence", "2026-12-21", "--json"], "sending"),
      (["access", "grant", "wulan@kemensos.example", "--json"], "sending"),
      (["access", "list", "--all", "--json"], "accessGrantList"),
      (["access", "log", "--json"], "accessEventList"),
      (["feed", "show", "@pleno", "--json"], "feed"),
      (["feed", "list", "--json"], "feedList"),
      (["programme", "show", "2", "--json"], "sessionList"),
      (
        [
          "programme", "add", "2", "--title", "Panel", "--start", "10:00", "--end", "12:00",
          "--place", "Ruang Garuda", "--description", "Rujukan", "--json",
        ], "session"
      ),
      (["programme", "edit", "2", "--room", "Ruang Rapat Lt 7", "--json"], "session"),
      (["programme", "assign", "2", "moderator", "budi@ppa.example", "--json"], "session"),
      (["programme", "unassign", "2", "budi@ppa.example", "--json"], "session"),
      (["programme", "brief", "2", "--dry-run", "--json"], "dryRunRowList"),
      (["programme", "brief", "2", "--json"], "sending"),
      (["programme", "publish", "2", "--json"], "sending"),
      (["programme", "remove", "2", "--json"], "sessionRemoved"),
      (
        [
          "meeting", "list-draft", "propose", "2", "--contact", "wulan@kemensos.example", "--org",
          "UPTD PPA Kota Surabaya", "--group", "@pleno", "--approver", "1", "--max-per-org", "1",
          "--json",
        ], "invitationList"
      ),
      (
        [
          "meeting", "list-draft", "comment", "2", "Mohon tambah LBH APIK", "--by", "Budi",
          "--object", "wulan@kemensos.example", "--json",
        ], "listComment"
      ),
      (
        [
          "meeting", "list-draft", "revise", "2", "--remove", "@pleno", "--note", "Tanpa grup",
          "--json",
        ],
        "invitationList"
      ),
      (["meeting", "list-draft", "show", "2", "--version", "1", "--json"], "invitationList"),
      (["meeting", "list-draft", "diff", "2", "--json"], "listDiff"),
      (
        ["meeting", "list-draft", "approve", "2", "--as", "1", "--over-limits", "--json"], "sending"
      ),
      (["meeting", "list-draft", "log", "2", "--json"], "listLog"),
      (["attend", "2", "wulan@kemensos.example", "--json"], "checkIn"),
      (["attend", "2", "wulan@kemensos.example", "--json"], "checkIn"),
      (["attendance", "list", "2", "--json"], "attendance"),
      (["group", "edit", "pleno", "--kelompok", "1", "--coordinator", "1", "--json"], "group"),
      (
        [
          "plan", "add", "--title", "Modul pelatihan", "--kelompok", "1", "--owner", "Kemensos",
          "--due", "2027-06-30", "--meeting", "2", "--description", "Bab 1", "--json",
        ], "planItem"
      ),
      (["plan", "edit", "1", "--status", "in-progress", "--json"], "planItem"),
      (["plan", "show", "1", "--json"], "planItem"),
      (["plan", "list", "--kelompok", "1", "--json"], "planItemList"),
      (["doc", "add", agenda.path, "--meeting", "2", "--json"], "documentList"),
      (
        ["doc", "add", agenda.path, "--plan", "1", "--name", "lampiran.pdf", "--json"],
        "documentList"
      ),
      (["doc", "list", "--json"], "documentList"),
      (
        [
          "doc", "get", "agenda.pdf", "--meeting", "2", "--output",
          setup.home.appendingPathComponent("salinan.pdf").path, "--json",
        ], "document"
      ),
      (["doc", "remove", "lampiran.pdf", "--plan", "1", "--json"], "document"),
      (["plan", "remind", "--json"], "sending"),
      (["plan", "remind", "--dry-run", "--json"], "dryRunRowList"),
      (["group", "list", "--json"], "groupList"),
      (
        ["attendance", "stats", "--from", "2026-01-01", "--to", "2028-01-01", "--json"],
        "attendanceStatisticList"
      ),
    ]
    for (arguments, definition) in cases {
      let run = try setup.pokja(arguments)
      #expect(!run.output.isEmpty, "\(arguments): no output; \(run.errors)")
      if let problems = try Self.validate(run.output, as: definition) {
        Issue.record("\(arguments.joined(separator: " ")) does not fit \(definition):\n\(problems)")
      }
    }
    // Without [web] url, feeds are listed without their addresses.
    setup.extra["POKJA_WEB_URL"] = nil
    let feeds = try setup.pokja("feed", "list", "--json")
    #expect(!feeds.output.contains("webcal"), "\(feeds.output)")
    if let problems = try Self.validate(feeds.output, as: "feedList") {
      Issue.record("feed list --json without [web] url does not fit feedList:\n\(problems)")
    }
  }

  @Test func theSchemaRefusesWhatItDoesNotDocument() throws {
    #expect(
      try Self.validate(#"{"id": 1, "name": "Ruang 7", "facilities": []}"#, as: "room") == nil)
    let extra = try Self.validate(
      #"{"id": 1, "name": "Ruang 7", "facilities": [], "colour": "blue"}"#, as: "room")
    #expect(extra?.contains("colour") == true)
    let missing = try Self.validate(#"{"id": 1, "facilities": []}"#, as: "room")
    #expect(missing?.contains("'name' is a required property") == true)
  }
}
