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
