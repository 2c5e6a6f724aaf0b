import Foundation
import PokjaCLI
import Testing

@Suite struct DirectoryCommandTests {
  /// A directory for the referral journey: a city unit, a provincial unit, a national ministry.
  func seeded() throws -> CLIHarness {
    var cli = try CLIHarness()
    cli.variables["POKJA_USER"] = "rina"
    let steps: [[String]] = [
      ["init"],
      [
        "org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--kind",
        "kementerian",
        "--service", "rumah aman", "--phone", "(021) 3103591",
      ],
      [
        "org", "add", "--name", "UPTD PPA Kota Surabaya", "--kind", "layanan", "--region",
        "Kota Surabaya, Jawa Timur", "--service", "rumah aman", "--service", "psikososial",
      ],
      [
        "org", "add", "--name", "UPTD PPA Provinsi Jawa Timur", "--kind", "layanan", "--province",
        "Jatim", "--service", "shelter",
      ],
      [
        "org", "add", "--name", "UPTD PPA Kota Malang", "--province", "Jawa Timur", "--regency",
        "Kota Malang", "--service", "rumah aman",
      ],
      [
        "contact", "add", "--honorific", "Ibu", "--name", "Lina Marlina", "--org",
        "UPTD PPA Kota Surabaya", "--role", "focal-point", "--email", "lina@surabaya.example",
        "--phone", "0857-1000-2000",
      ],
      [
        "contact", "add", "--name", "Dimas Prakoso", "--org", "UPTD PPA Provinsi Jawa Timur",
        "--role",
        "head", "--email", "dimas@jatimprov.example", "--phone", "0822-3000-4000", "--tag", "pleno",
      ],
    ]
    for step in steps {
      let result = cli.run(step)
      guard result.status == 0 else {
        throw CLIHarness.HarnessError.failed(step.joined(separator: " "), result.errors)
      }
    }
    return cli
  }

  @Test func referListsTheCityFirstThenTheProvinceThenNational() throws {
    let cli = try seeded()
    let text = cli.run("refer", "--service", "rumah aman", "--region", "Kota Surabaya")
    #expect(text.status == 0, "\(text.errors)")
    let lines = text.output.split(separator: "\n").map(String.init)
    #expect(lines[0] == "1. UPTD PPA Kota Surabaya (Kota Surabaya, Jawa Timur)")
    #expect(lines[1].contains("Ibu Lina Marlina · +62 857-1000-2000"))
    #expect(lines[2].hasPrefix("2. UPTD PPA Provinsi Jawa Timur (Jawa Timur)"))
    #expect(lines[4].hasPrefix("3. Kementerian Sosial (nasional)  +62 21 3103591"))
    #expect(!text.output.contains("Malang"))
    let json =
      try cli.json("refer", "--service", "shelter", "--region", "Kota Surabaya") as! [[String: Any]]
    #expect(json.map { $0["coverage"] as? String } == ["regency", "province", "national"])
    let unknown = cli.run("refer", "--service", "rumah aman", "--region", "Kota Atlantis")
    #expect(unknown.status == 65)
    #expect(unknown.errors.contains("Kota Surabaya, Jawa Timur"))
  }

  @Test func findTakesFiltersAndReturnsTypeIDAndPlainName() throws {
    let cli = try seeded()
    let found =
      try cli.json("find", "uptd", "--region", "Jawa Timur", "--service", "psikososial")
      as! [[String: Any]]
    #expect(found.first?["type"] as? String == "organisation")
    #expect(
      found.compactMap { $0["name"] as? String } == ["UPTD PPA Kota Surabaya", "Lina Marlina"])
    let person = try cli.json("find", "lina") as! [[String: Any]]
    #expect(person.first?["name"] as? String == "Lina Marlina")  // no honorific
    #expect(person.first?["type"] as? String == "contact")
    let byPhone = try cli.json("find", "+62 857 1000 2000") as! [[String: Any]]
    #expect(byPhone.map { $0["name"] as? String } == ["Lina Marlina"])

    // Kinds and services read in the reader's language; CSV keeps the stored terms.
    let english = cli.run("org", "show", "UPTD PPA Kota Surabaya").output
    #expect(english.contains("  Services  shelter, psychosocial"), "\(english)")
    var indonesian = cli
    indonesian.variables["POKJA_LANG"] = "id"
    let shown = indonesian.run("org", "show", "UPTD PPA Kota Surabaya").output
    #expect(shown.contains("  Layanan   rumah aman, psikososial"), "\(shown)")
    #expect(shown.contains("  Jenis     unit layanan"), "\(shown)")
    #expect(indonesian.run("org", "list", "--csv").output.contains("service-unit"))

    // Filters alone list what they select; a filter word nobody uses finds nothing (never ignored).
    let tagged = try cli.json("find", "--tag", "pleno") as! [[String: Any]]
    #expect(tagged.map { $0["name"] as? String } == ["Dimas Prakoso"])
    let shelters = try cli.json("find", "--service", "psikososial") as! [[String: Any]]
    #expect(
      Set(shelters.compactMap { $0["name"] as? String })
        == ["UPTD PPA Kota Surabaya", "Lina Marlina"])
    // Filters alone list organisations, then people, each by name; a cut list says so (on standard
    // error, so pipes stay clean).
    let limited = cli.run("find", "--region", "Jawa Timur", "--limit", "1")
    #expect(limited.output.contains("UPTD PPA Kota Malang"), "\(limited.output)")
    #expect(limited.errors.contains("Showing the first 1; --limit N shows more."))
    let bogus = cli.run("find", "uptd", "--kind", "perusahaan-angkasa")
    #expect(bogus.status == 0)
    #expect(bogus.output.contains("Nothing found for 'uptd'."), "\(bogus.output)")
    let nothing = cli.run("find")
    #expect(nothing.status == 64)
    #expect(nothing.errors.contains("Say what to look for"))
  }

  /// Someone who moved on is no longer named by, shown at or referred to from the old organisation;
  /// the membership stays with the day they left.
  @Test func leavingAnOrganisationTakesEffectTheSameDay() throws {
    let cli = try seeded()
    let moved = cli.run(
      "contact", "edit", "lina@surabaya.example", "--add-org", "Kemensos", "--leave-org",
      "UPTD PPA Kota Surabaya")
    #expect(moved.status == 0, "\(moved.errors)")
    let lina = try cli.json("contact", "show", "lina@surabaya.example") as! [String: Any]
    #expect((lina["organisation"] as? [String: Any])?["name"] as? String == "Kementerian Sosial")
    let memberships = try #require(lina["memberships"] as? [[String: Any]])
    #expect(memberships.count == 2)
    #expect(memberships.last?["until"] as? String != nil)
    let text = cli.run("contact", "show", "lina@surabaya.example").output
    #expect(text.contains("UPTD PPA Kota Surabaya (focal-point), left "), "\(text)")
    let refer = cli.run("refer", "--service", "rumah aman", "--region", "Kota Surabaya").output
    let lines = refer.split(separator: "\n").map(String.init)
    #expect(lines.first == "1. UPTD PPA Kota Surabaya (Kota Surabaya, Jawa Timur)")
    #expect(lines.dropFirst().first?.hasPrefix("2. ") == true, "nobody to call there now: \(refer)")
    #expect(refer.contains("Kementerian Sosial (nasional)  +62 21 3103591\n     Ibu Lina Marlina"))
    let org = cli.run("org", "show", "UPTD PPA Kota Surabaya").output
    #expect(org.contains("  Former    Ibu Lina Marlina (left "), "\(org)")
    #expect(!org.contains("lina@surabaya.example"))
    // Someone recorded as having left already is not named by that organisation either.
    #expect(
      cli.run(
        "contact", "add", "--name", "Rudi Hartono", "--org", "UPTD PPA Kota Surabaya", "--until",
        "2024-01-01", "--email", "rudi@example.org"
      ).status == 0)
    let rudi = try cli.json("contact", "show", "rudi@example.org") as! [String: Any]
    #expect(rudi["organisation"] == nil || rudi["organisation"] is NSNull, "\(rudi)")
    // Filters find her where she is now; her old organisation's name still finds her.
    let byService = try cli.json("find", "--service", "psikososial") as! [[String: Any]]
    #expect(!byService.contains { $0["name"] as? String == "Lina Marlina" })
    let byOrg = try cli.json("find", "--org", "Kemensos") as! [[String: Any]]
    #expect(byOrg.contains { $0["name"] as? String == "Lina Marlina" })
    let listed = try cli.json("contact", "list") as! [[String: Any]]
    let row = try #require(listed.first { $0["email"] as? String == "lina@surabaya.example" })
    #expect((row["organisation"] as? [String: Any])?["name"] as? String == "Kementerian Sosial")
  }

  @Test func groupsInviteTogether() throws {
    let cli = try seeded()
    #expect(cli.run("group", "add", "jatim", "--where", "region=Jawa Timur").status == 0)
    #expect(
      cli.run("group", "add", "pleno", "--tag", "pleno", "--contact", "lina@surabaya.example")
        .status == 0)
    let shown = try cli.json("group", "show", "@jatim") as! [String: Any]
    #expect(
      (shown["people"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        == ["Dimas Prakoso", "Lina Marlina"])
    let meeting =
      try cli.json(
        "meeting", "add", "--title", "Rapat Koordinasi Jatim", "--start", "2026-12-10T09:00",
        "--duration", "2h", "--attendee", "@jatim", "--attendee", "dimas@jatimprov.example"
      ) as! [String: Any]
    #expect((meeting["attendees"] as? [[String: Any]])?.count == 2)
    let missing = cli.run(
      "meeting", "add", "--title", "X", "--start", "2026-12-10T09:00", "--duration", "1h",
      "--attendee", "@nobody")
    #expect(missing.status == 65)
    #expect(missing.errors.contains("No group 'nobody'"))
    let list = try cli.json("group", "list") as! [[String: Any]]
    #expect(list.map { $0["count"] as? Int } == [2, 2])
    #expect(cli.run("group", "rm", "pleno").status == 0)
  }

  @Test func editsMergesAndRemovalsAreLoggedWithWhoDidThem() throws {
    let cli = try seeded()
    #expect(
      cli.run(
        "contact", "edit", "lina@surabaya.example", "--add-phone", "0813 2222 3333",
        "--position", "Koordinator"
      ).status == 0)
    #expect(
      cli.run("contact", "add", "--name", "Lina M", "--email", "lina.m@mail.example").status == 0)
    let merged =
      try cli.json("contact", "merge", "lina@surabaya.example", "lina.m@mail.example")
      as! [String: Any]
    #expect(merged["emails"] as? [String] == ["lina@surabaya.example", "lina.m@mail.example"])
    #expect(
      cli.run(
        "org", "edit", "Kemensos", "--add-tag", "pokja", "--website", "https://kemensos.go.id"
      ).status == 0)
    let log = try cli.json("log") as! [[String: Any]]
    #expect(log.first?["actor"] as? String == "rina")
    #expect(log.first?["entity"] as? String == "organisation")
    #expect((log.first?["summary"] as? String)?.contains("website") == true)
    let lina = try cli.json("log", "--contact", "lina@surabaya.example") as! [[String: Any]]
    #expect(lina.map { $0["action"] as? String } == ["merged", "changed", "added"])
    #expect(
      cli.run(
        "meeting", "add", "--title", "M", "--start", "2026-12-10T09:00", "--duration", "1h",
        "--attendee", "dimas@jatimprov.example"
      ).status == 0)
    let refused = cli.run("contact", "rm", "dimas@jatimprov.example")
    #expect(refused.status == 65)
    #expect(refused.errors.contains("'pokja contact edit --opt-out'"))
    #expect(
      cli.run("contact", "edit", "dimas@jatimprov.example", "--enable-do-not-contact").status == 0)
    let dimas = try cli.json("contact", "show", "dimas@jatimprov.example") as! [String: Any]
    #expect(dimas["doNotContact"] as? Bool == true)
  }

  @Test func badDirectoryInputIsRefusedClearly() throws {
    let cli = try seeded()
    let province = cli.run("org", "add", "--name", "X", "--province", "Jawa Utara")
    #expect(province.status == 65)
    #expect(province.errors.contains("'Jawa Utara' is not one of Indonesia's 38 provinces"))
    let regency = cli.run("org", "add", "--name", "X", "--regency", "Kota Atlantis")
    #expect(regency.status == 65)
    let phone = cli.run(
      "contact", "add", "--name", "X", "--email", "x@example.org", "--phone", "12")
    #expect(phone.status == 64)
    #expect(phone.errors.contains("--phone: '12' is not a phone number"))
    let newTerm = cli.run(
      "org", "add", "--name", "Yayasan Pulih", "--service", "pendampingan korban")
    #expect(newTerm.status == 0)
    #expect(newTerm.errors.contains("new vocabulary term service 'pendampingan-korban'"))
  }
}
