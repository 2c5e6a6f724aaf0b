import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

@testable import PokjaCLI

/// pokja's own messages in Bahasa Indonesia (POKJA_LANG, LC_ALL, LC_MESSAGES, LANG), from the
/// catalogue embedded at build time; results for programs are never translated.
@Suite struct MessageCatalogueTests {
  @Test func commandsSpeakTheUsersLanguage() throws {
    var cli = try CLIHarness(extra: ["POKJA_LANG": "id"], onFile: true)
    let missing = cli.run("org", "list")
    #expect(missing.status == 66)
    #expect(missing.errors.hasPrefix("pokja: Belum ada basis data Pokja di "), "\(missing.errors)")
    let doctor = cli.run("doctor").output
    #expect(doctor.contains("    perbaikan: "), "\(doctor)")
    #expect(!doctor.contains("fix: "))
    _ = try cli.seedPlenary()
    // What the user wrote stays as written, even when it reads like one of pokja's phrases.
    let people = try cli.json("contact", "list") as! [[String: Any]]
    let email = try #require(people.first?["email"] as? String)
    #expect(cli.run("contact", "edit", email, "--notes", "added by Budi").status == 0)
    let notes = cli.run("contact", "show", email).output
    #expect(notes.contains("added by Budi"), "\(notes)")
    // Labels, column titles, dates and descriptions in tables too; CSV stays English for programs.
    #expect(cli.run("meeting", "show", "1").output.contains("\n  Waktu:     2026-12-07"))
    let agenda = cli.run("agenda", "--from", "2026-12-07", "--to", "2026-12-07").output
    #expect(agenda.hasPrefix("Hari "), "\(agenda)")
    #expect(agenda.contains("Senin, 7 Desember 2026"), "\(agenda)")
    let agendaCSV = cli.run("agenda", "--from", "2026-12-07", "--to", "2026-12-07", "--csv").output
    #expect(agendaCSV.hasPrefix("Day,"), "\(agendaCSV)")
    #expect(agendaCSV.contains("Monday, 7 December 2026"))
    #expect(
      cli.run("meeting", "show", "99").errors
        == "pokja: Tidak ada rapat '99'. 'pokja meeting list' menampilkan ID-nya.\n")
    let clash = cli.run(
      "meeting", "add", "--title", "Bentrok", "--start", "2026-12-07T10:30", "--duration", "1h",
      "--room", "Ruang Rapat Lt 7")
    #expect(clash.status == 65)
    #expect(
      clash.errors.contains("pokja: Ruangan 'Ruang Rapat Lt 7' sudah dipesan untuk rapat 1"),
      "\(clash.errors)")
    let remind = cli.run("remind", "--due", "--now", "2026-12-06T11:00")
    #expect(
      remind.output.contains("Pengingat: 2 terkirim — ditulis ke outbox berkas"), "\(remind.output)"
    )
    #expect(
      cli.run("metting").errors.contains("'metting' bukan perintah pokja. Maksud Anda 'meeting'?"))
    let usage = cli.run("init", "--bogus")
    #expect(usage.errors.contains("Galat: opsi '--bogus' tidak dikenal"), "\(usage.errors)")
    // ArgumentParser's Help: line carries the option's own help text, translated like --help.
    let noValue = cli.run("room", "add", "--capacity")
    #expect(noValue.errors.contains("Galat: nilai untuk '--capacity <capacity>' belum diberikan"))
    let seats = try #require(
      HelpTranslation.forLanguage(.indonesian)?.text("How many people it seats."))
    #expect(
      noValue.errors.contains("Bantuan:  --capacity <capacity>  \(seats)"), "\(noValue.errors)")
    #expect(noValue.errors.contains("Penggunaan: pokja room add"))

    // Programs' results are the same in any language.
    let json = cli.run("meeting", "show", "1", "--json").output
    let csv = cli.run("contact", "list", "--csv").output
    cli.variables["POKJA_LANG"] = "en"
    #expect(cli.run("meeting", "show", "1", "--json").output == json)
    #expect(cli.run("contact", "list", "--csv").output == csv)
    #expect(cli.run("meeting", "show", "99").errors.hasPrefix("pokja: No meeting '99'."))

    // LANG decides when POKJA_LANG is not set; C and unknown locales mean English.
    cli.variables["POKJA_LANG"] = nil
    cli.variables["LANG"] = "id_ID.UTF-8"
    #expect(cli.run("meeting", "show", "99").errors.hasPrefix("pokja: Tidak ada rapat"))
    cli.variables["LANG"] = "C.UTF-8"
    #expect(cli.run("meeting", "show", "99").errors.hasPrefix("pokja: No meeting"))
    // `--lang` before the subcommand wins; after it, it is the command's own option.
    #expect(
      cli.run("--lang", "id", "meeting", "show", "99").errors.hasPrefix("pokja: Tidak ada rapat"))
    #expect(
      cli.run(
        "--db", cli.home.appendingPathComponent("pokja.sqlite").path, "--lang=id", "meeting",
        "show", "99"
      ).errors.hasPrefix("pokja: Tidak ada rapat"))
    #expect(cli.run("--lang", "fr", "meeting", "list").status == 64)
    let english = cli.run(
      "agenda", "--from", "2026-12-07", "--to", "2026-12-07", "--format", "whatsapp", "--lang", "en"
    )
    #expect(english.output.contains("Monday"), "\(english.output)")
  }

  @Test func theCatalogueIsWellFormedAndEveryEntryIsAMessagePokjaWrites() throws {
    let catalogue = try #require(MessageCatalogue.forLanguage(.indonesian))
    #expect(catalogue.entries.count > 50)
    #expect(MessageCatalogue.forLanguage(.english) == nil)
    // Each English line's words appear in pokja's sources (or are ArgumentParser's), so an entry
    // cannot silently go stale when a message is reworded.
    let sources = try RepositoryRoot.url().appendingPathComponent("Sources")
    var text = ""
    let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
    while let file = walker?.nextObject() as? URL {
      if file.pathExtension == "swift" { text += try String(contentsOf: file, encoding: .utf8) }
    }
    for entry in catalogue.entries where !entry.isPart {
      if entry.english.hasPrefix("Error: ") || entry.english.hasPrefix("See 'pokja") { continue }
      // Messages are put together in code, so each word is looked for, not the whole line.
      let words = entry.english.replacingOccurrences(of: "{}", with: " ")
        .split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 }
      for word in words where !text.contains(word) {
        Issue.record("'\(word)' appears nowhere in Sources (catalogue entry: \(entry.english))")
      }
    }
  }

  /// Each English line once, and none hidden behind an earlier entry: a sample of each entry's line
  /// (its values filled with words) is translated by that entry, not by a broader one before it.
  @Test func noEntryIsRepeatedOrShadowed() throws {
    let catalogue = try #require(MessageCatalogue.forLanguage(.indonesian))
    var seen: Set<String> = []
    for entry in catalogue.entries {
      #expect(
        seen.insert((entry.isPart ? "~" : "") + entry.english).inserted, "twice: \(entry.english)")
    }
    let whole = catalogue.entries.filter { !$0.isPart }
    for (index, entry) in whole.enumerated() where entry.english.contains("{}") {
      let sample = entry.english.replacingOccurrences(of: "{}", with: "Xq7")
      guard
        let earlier = whole[..<index].first(where: {
          $0.english != entry.english && $0.mayMatch(sample)
            && $0.pattern.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample))
              != nil
        })
      else { continue }
      Issue.record("'\(entry.english)' is shadowed by the earlier '\(earlier.english)'")
    }
  }

  @Test func entriesMatchWholeLinesAndFillValuesInAnyOrder() throws {
    let catalogue = try MessageCatalogue(
      parsing: """
        # a comment
        en: Meeting {} moved to {}.
        id: Pada {2}, rapat {1} berlangsung.

        en: ~{} sent
        id: {} terkirim

        en: Done: {}.
        id: Selesai: {}.
        """)
    #expect(
      catalogue.translate("Meeting 12 moved to Senin.") == "Pada Senin, rapat 12 berlangsung.")
    #expect(catalogue.translate("  pokja: Done: 3 sent.") == "  pokja: Selesai: 3 terkirim.")
    #expect(
      catalogue.translate("The Meeting 12 moved to Senin.") == "The Meeting 12 moved to Senin.")
    #expect(catalogue.translate("3 sent") == "3 sent")  // a part never translates a line

    #expect(throws: MessageCatalogue.ParseError(line: 1, reason: "no id: line after it")) {
      try MessageCatalogue(parsing: "en: Lonely.\n")
    }
    #expect(throws: MessageCatalogue.ParseError.self) {
      try MessageCatalogue(parsing: "en: One {}.\nid: Dua {} {}.\n")
    }
    #expect(throws: MessageCatalogue.ParseError.self) {
      try MessageCatalogue(parsing: "hello\n")
    }
  }
}
