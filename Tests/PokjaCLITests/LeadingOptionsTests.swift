import Foundation
import Testing

@testable import PokjaCLI

/// `LeadingOptions`: the global options before the subcommand, read once for the language, the
/// plugins and ArgumentParser.
@Suite struct LeadingOptionsTests {
  @Test func dbAndLangBeforeTheSubcommandInEitherOrder() {
    for arguments in [
      ["--db", "X", "--lang", "id", "find", "y"], ["--lang", "id", "--db", "X", "find", "y"],
    ] {
      let options = LeadingOptions(arguments)
      #expect(options.language == "id")
      #expect(options.database == "X")
      #expect(options.rest == ["find", "y"])
      #expect(options.commandName == "find")
      #expect(options.commandLine == ["find", "y", "--db", "X"])
    }
  }

  @Test func valuesWrittenWithEqualsSigns() {
    let options = LeadingOptions(["--lang=id", "--db=X", "find", "y"])
    #expect(options.language == "id")
    #expect(options.database == "X")
    #expect(options.commandLine == ["find", "y", "--db=X"])
    #expect(LeadingOptions(["--db=a=b", "find"]).database == "a=b")
    #expect(LeadingOptions(["--lang=", "find"]).language == "")
    #expect(LeadingOptions(["--db=", "find"]).database == "")
  }

  @Test func aRepeatedDbKeepsEveryOneAndTheLastCounts() {
    let options = LeadingOptions(["--db", "A", "--db=B", "find"])
    #expect(options.database == "B")
    #expect(options.commandLine == ["find", "--db", "A", "--db=B"])
  }

  @Test func aSecondLangIsLeftWhereItIsForArgumentParserToRefuse() {
    let options = LeadingOptions(["--lang", "id", "--db", "X", "--lang", "en", "find"])
    #expect(options.language == "id")
    #expect(options.database == "X")
    #expect(options.rest == ["--lang", "en", "find"])
    #expect(options.commandName == nil)
    #expect(options.commandLine == ["--lang", "en", "find", "--db", "X"])
  }

  @Test func optionsAfterTheSubcommandAreTheSubcommands() {
    let arguments = ["find", "y", "--lang", "id", "--db", "X"]
    let options = LeadingOptions(arguments)
    #expect(options.language == nil)
    #expect(options.database == nil)
    #expect(options.commandLine == arguments)
  }

  @Test func whatFollowsADoubleDashStaysLiteral() {
    let plugin = LeadingOptions(["--db", "X", "hello", "--", "--lang", "x"])
    #expect(plugin.language == nil)
    #expect(plugin.commandName == "hello")
    #expect(plugin.rest == ["hello", "--", "--lang", "x"])
    #expect(plugin.commandLine == ["hello", "--db", "X", "--", "--lang", "x"])
    let first = LeadingOptions(["--", "--db", "x", "find"])
    #expect(first.database == nil)
    #expect(first.commandName == nil)
    #expect(first.commandLine == ["--", "--db", "x", "find"])
    #expect(
      LeadingOptions(["--db", "X", "--", "find"]).commandLine == ["--db", "X", "--", "find"])
  }

  @Test func anOptionWithoutItsValueTakesTheNextArgumentWhateverItIs() {
    let language = LeadingOptions(["--lang", "--db", "find"])
    #expect(language.language == "--db")
    #expect(language.commandName == "find")
    let database = LeadingOptions(["--db", "--lang", "id", "find"])
    #expect(database.database == "--lang")
    #expect(database.language == nil)
    #expect(database.commandName == "id")
  }

  @Test func anOptionAtTheEndWithNoValueIsLeftToArgumentParser() {
    let database = LeadingOptions(["--db"])
    #expect(database.database == nil)
    #expect(database.commandName == nil)
    #expect(database.commandLine == ["--db"])
    let language = LeadingOptions(["--lang"])
    #expect(language.language == nil)
    #expect(language.commandLine == ["--lang"])
  }

  @Test func anythingElseEndsTheScan() {
    #expect(LeadingOptions(["--verbose", "--db", "X"]).commandLine == ["--verbose", "--db", "X"])
    #expect(LeadingOptions([""]).commandName == "")
    #expect(LeadingOptions(["=", "x"]).commandName == "=")
    #expect(LeadingOptions([]).commandLine == [])
  }

  @Test func theWholeCommandLineSpeaksTheLanguageAndUsesTheDatabase() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let other = cli.home.appendingPathComponent("lain.sqlite").path
    #expect(cli.run("--db", other, "init").status == 0)
    #expect(cli.run("--db", other, "org", "add", "--name", "Kementerian Sosial").status == 0)
    let found = cli.run("--db", other, "--lang", "id", "find", "sosial")
    #expect(found.status == 0, "\(found.errors)")
    #expect(found.output.contains("Kementerian Sosial") && found.output.contains("Nama"))
    let equals = cli.run("--lang=id", "--db=\(other)", "find", "sosial")
    #expect(equals.output == found.output)
    // The default database has no such organisation.
    #expect(!cli.run("find", "sosial").output.contains("Kementerian Sosial"))
    let twice = cli.run("--lang", "id", "--lang", "en", "find", "sosial")
    #expect(twice.status == 64)
    #expect(cli.run("--lang", "xx", "find", "sosial").status == 64)
  }

  @Test func anEmptyOrEqualsArgumentIsAnUnknownCommandNotACrash() throws {
    let cli = try CLIHarness()
    #expect(cli.run("").status == 64)
    let equals = cli.run("=", "x")
    #expect(equals.status == 64)
    #expect(equals.errors.contains("'=' is not a pokja command"))
  }
}
