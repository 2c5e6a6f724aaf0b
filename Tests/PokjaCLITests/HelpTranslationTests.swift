import ArgumentParser
import Foundation
import PokjaCore
import Testing

@testable import PokjaCLI

/// `--help` in Bahasa Indonesia: every help text has its translation, and the screen is laid out
/// as ArgumentParser lays out the English one.
@Suite struct HelpTranslationTests {
  /// Every command type of the tree, root first.
  static var commands: [any ParsableCommand.Type] {
    var all: [any ParsableCommand.Type] = []
    func walk(_ command: any ParsableCommand.Type) {
      all.append(command)
      command.configuration.subcommands.forEach(walk)
    }
    walk(Pokja.self)
    return all
  }

  /// The texts a help screen shows (abstracts, option help, discussion lines), from the tree.
  static func helpTexts() throws -> Set<String> {
    let dump = try #require(
      try JSONSerialization.jsonObject(with: Data(Pokja._dumpHelp().utf8)) as? [String: Any])
    var texts: Set<String> = []
    func walk(_ command: [String: Any]) {
      guard command["shouldDisplay"] as? Bool != false else { return }
      if let abstract = command["abstract"] as? String, !abstract.isEmpty { texts.insert(abstract) }
      for line in (command["discussion"] as? String ?? "").split(separator: "\n")
      where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        texts.insert(String(line))
      }
      for argument in command["arguments"] as? [[String: Any]] ?? []
      where argument["shouldDisplay"] as? Bool != false {
        if let abstract = argument["abstract"] as? String, !abstract.isEmpty {
          texts.insert(abstract)
        }
      }
      (command["subcommands"] as? [[String: Any]] ?? []).forEach(walk)
    }
    walk(try #require(dump["command"] as? [String: Any]))
    return texts
  }

  @Test func everyHelpTextHasATranslationAndEveryEntryIsOne() throws {
    let translation = try #require(HelpTranslation.forLanguage(.indonesian))
    #expect(HelpTranslation.forLanguage(.english) == nil)
    let texts = try Self.helpTexts()
    let missing = texts.subtracting(translation.texts.keys).sorted()
    #expect(
      missing.isEmpty,
      """
      Help texts without a translation; add them to Sources/PokjaCLI/Embedded/help.id.txt:
      \(missing.map { "en: \($0)\nid: " }.joined(separator: "\n\n"))
      """)
    let unused = Set(translation.texts.keys).subtracting(texts).sorted()
    #expect(unused.isEmpty, "Entries no help text has (reworded or removed?): \(unused)")
    for (english, translated) in translation.texts where translated == english {
      // Lines that are commands only (examples) may stay as they are; prose may not.
      #expect(english.hasPrefix("  "), "Not translated: \(english)")
    }
  }

  /// With its own words put back, the translated layout is ArgumentParser's, byte for byte, at any
  /// width: so a translated screen is laid out as the English one.
  @Test(arguments: [80, 60, 132])
  func theLayoutIsArgumentParsers(width: Int) throws {
    let english = try HelpTranslation(
      parsing: "",
      headings: .init(
        overview: "OVERVIEW", usage: "USAGE", sections: [:],
        seeHelp: "See '{}' for detailed help.", values: "values", defaultValue: "default",
        defaultAsFlag: "default as flag"))
    for command in Self.commands {
      let wrapped = Pokja.helpMessage(for: command, columns: width)
      let wide = Pokja.helpMessage(for: command, columns: 100_000)
      #expect(
        english.translate(wide, width: width) == wrapped,
        "\(command._commandName) at \(width) columns")
    }
  }

  @Test func helpSpeaksTheUsersLanguage() throws {
    var cli = try CLIHarness(extra: ["POKJA_LANG": "id"])
    let add = cli.run("meeting", "upcoming", "--help")
    #expect(add.status == 0)
    #expect(add.output.hasPrefix("IKHTISAR: "), "\(add.output)")
    #expect(add.output.contains("PENGGUNAAN: pokja meeting upcoming"))
    #expect(add.output.contains("\nOPSI:\n"))
    #expect(add.output.contains("(bawaan: 14d)"), "\(add.output)")
    #expect(!add.output.contains("OVERVIEW"))
    for line in add.output.split(separator: "\n") where !line.hasPrefix("PENGGUNAAN: ") {
      #expect(line.count <= 100, "wider than the console: \(line)")
    }
    let group = cli.run("help", "meeting")
    #expect(group.output.contains("\nSUBPERINTAH:\n"), "\(group.output)")
    #expect(group.output.contains("Lihat 'pokja help meeting <subcommand>' untuk bantuan lengkap."))
    #expect(cli.run("--lang", "en", "meeting", "--help").output.hasPrefix("OVERVIEW: "))

    cli.variables["POKJA_LANG"] = nil
    cli.variables["LANG"] = "id_ID.UTF-8"
    let translation = try #require(HelpTranslation.forLanguage(.indonesian))
    let dbHelp = try #require(
      translation.texts.first { $0.key.hasPrefix("The database: an SQLite file") }?.value)
    let doctor = cli.run("doctor", "--help").output
    #expect(doctor.contains(String(dbHelp.prefix(20))), "\(doctor)")
    cli.variables["LANG"] = "C.UTF-8"
    #expect(cli.run("doctor", "--help").output.hasPrefix("OVERVIEW: "))
  }

  @Test func wrappingKeepsWordsAndIndentation() {
    #expect(HelpTranslation.wrap("satu dua tiga empat", width: 9) == ["satu dua", "tiga", "empat"])
    #expect(
      HelpTranslation.wrap("satu dua\n\n  pokja  x", width: 12, indent: 2)
        == ["  satu dua", "", "    pokja  x"])
    #expect(
      HelpTranslation.wrap("sangatpanjangsekali kata", width: 5) == ["sangatpanjangsekali", "kata"])
    let entry = HelpTranslation.entry(
      label: "--this-and-following <this-and-following>", help: "Ubah.", width: 80)
    #expect(
      entry == [
        "  --this-and-following <this-and-following>",
        String(repeating: " ", count: 26) + "Ubah.",
      ])
  }
}
