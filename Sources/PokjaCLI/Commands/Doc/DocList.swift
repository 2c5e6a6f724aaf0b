import ArgumentParser
import Foundation
import PokjaScheduling

extension Pokja.DocGroup {
  /// `pokja doc list [--meeting ID | --plan ID]`.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the documents of a meeting or plan item (all, without either).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var owner: Pokja.DocGroup.Owner

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let target = try owner.optionalTarget(services)
      let documents = try services.documents.documents(of: target)
      let zone = services.config.timeZone
      if output.json {
        services.console.write(
          JSONOutput.encode(documents.map { Pokja.DocGroup.DocumentRecord($0, zone: zone) }))
        return
      }
      guard !documents.isEmpty || output.csv else {
        services.console.write(
          "No documents. Attach one with 'pokja doc add FILE --meeting ID' (or --plan ID).")
        return
      }
      var columns: [Table.Column] = target == nil ? [.init("Of")] : []
      columns += [
        .init("Name", flexible: true), .init("Size"), .init("SHA-256"),
        .init("Added by"), .init("Added"),
      ]
      var table = Table(columns)
      for document in documents {
        var row: [String?] = target == nil ? [document.target.label] : []
        row += [
          document.filename, DocumentLibrary.sizeText(document.size), document.digest.short,
          document.addedBy,
          LocalTime.iso(document.addedAt, in: zone).replacingOccurrences(of: "T", with: " "),
        ]
        table.add(row)
      }
      output.write(table, to: services.console)
      let distinct = Set(documents.map(\.digest))
      if !output.csv, distinct.count < documents.count {
        services.console.write(
          "\(counted(documents.count, "document")), \(distinct.count) kept (the same file is stored once)."
        )
      }
    }
  }
}
