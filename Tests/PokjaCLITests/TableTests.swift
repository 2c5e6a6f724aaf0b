import Testing

@testable import PokjaCLI

@Suite struct TableTests {
  func sample() -> Table {
    var table = Table([.init("ID"), .init("Name", flexible: true), .init("Email", flexible: true)])
    table.add([
      "1", "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "humas@kemenpppa.example",
    ])
    table.add(["12", "LBH APIK", nil])
    return table
  }

  @Test func fitsTheTerminalByCuttingFlexibleColumns() {
    let text = sample().render(width: 50)
    for line in text.split(separator: "\n") {
      #expect(Table.displayWidth(String(line)) <= 50, "\(line)")
    }
    #expect(text.contains("1   Kementerian Pemberda…  humas@kemenpppa.example"))
    #expect(text.contains("12  LBH APIK"))
  }

  @Test func aColumnThatYieldsFirstIsCutBeforeTheOthers() {
    var table = Table([.init("What", flexible: true), .init("Subject", yieldsFirst: true)])
    table.add(["wulan@kemensos.example accepted: “Saya hadir”", "Accepted: Rapat Pleno"])
    let text = table.render(width: 60)
    #expect(
      text.contains("wulan@kemensos.example accepted: “Saya hadir”  Accepted: Ra…"), "\(text)")
  }

  @Test func pipedOutputIsNeverCut() {
    let text = sample().render(width: nil)
    #expect(text.contains("Kementerian Pemberdayaan Perempuan dan Perlindungan Anak"))
    #expect(text.contains("humas@kemenpppa.example"))
  }

  @Test func wideCharactersTakeTwoColumns() {
    #expect(Table.displayWidth("Rapat") == 5)
    #expect(Table.displayWidth("会议") == 4)
  }
}

@Suite struct TableOutputTests {
  @Test func pipedTablesAreTabSeparatedWithoutPaddingOrColour() {
    var table = Table([.init("ID"), .init("Name", flexible: true)])
    table.add(["1", "LBH APIK"])
    #expect(table.render(for: BufferConsole(width: nil)) == "ID\tName\n1\tLBH APIK")
    let styled = table.render(for: BufferConsole(width: 80, usesColour: true))
    #expect(styled.hasPrefix("\u{1B}[1mID  Name\u{1B}[0m\n"))
    #expect(!table.render(for: BufferConsole(width: 80)).contains("\u{1B}"))
  }

  @Test func listingsPrintCSVOnRequest() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    _ = cli.run("org", "add", "--name", "Kementerian Sosial, RI", "--acronym", "Kemensos")
    let csv = cli.run("org", "list", "--csv")
    #expect(csv.status == 0)
    #expect(csv.output.hasPrefix("ID,Name,Acronym,Kind,Region,Services,Phone\r\n"))
    #expect(csv.output.contains("1,\"Kementerian Sosial, RI\",Kemensos,,nasional,,\r\n"))
    #expect(cli.run("org", "list", "--csv", "--json").status == 64)
  }
}
