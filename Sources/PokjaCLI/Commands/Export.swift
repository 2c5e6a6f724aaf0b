import ArgumentParser
import Foundation
import PokjaCore
import PokjaDirectory
import PokjaVCard

extension Pokja {
  /// `pokja export contacts|organisations|group NAME`: the directory for phones and spreadsheets.
  struct Export: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Export contacts, organisations or a group as CSV, vCard or JSON.",
      discussion: """
        Examples:
          pokja export group pleno --format vcard > pleno.vcf     # onto the phone
          pokja export contacts --format csv --delimiter ';' --bom > kontak.csv   # Excel (Indonesia)
        The CSV headers are the ones 'pokja import' reads back.
        A cell that starts with =, +, - or @ is written with an apostrophe in front ('+62 812-…), so a spreadsheet shows it instead of running it as a formula; 'pokja import' takes the apostrophe off again.
        """)

    enum What: String, ExpressibleByArgument, CaseIterable {
      case contacts
      case organisations
      case group
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case csv
      case vcard
      case json
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to export: contacts, organisations, or group NAME.") var what: What
    @Argument(help: "The group's name (for 'group').") var name: String?
    @Option(help: "csv, vcard or json.") var format: Format = .csv
    @Option(help: "CSV field separator (',' or ';').") var delimiter: String = ","
    @Flag(help: "Start the CSV with a UTF-8 byte order mark (Excel needs it for accents).")
    var bom = false
    @Option(help: "Language of CSV headers: id or en.", completion: .list(["id", "en"])) var lang:
      String = "id"
    @Option(help: "vCard version: 3.0 (default, what phones import best) or 4.0.") var vcardVersion:
      String = "3.0"
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
      if what == .group && name == nil {
        throw ValidationError("Name the group: export group NAME.")
      }
      if what != .group && name != nil { throw ValidationError("Only 'group' takes a name.") }
      guard delimiter.count == 1 else { throw ValidationError("--delimiter is one character.") }
      guard VCardVersion(rawValue: vcardVersion) != nil else {
        throw ValidationError("--vcard-version is 3.0 or 4.0.")
      }
      guard Language(parsing: lang) != nil else { throw ValidationError("--lang is id or en.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let directory = services.directory
      let organisations = try directory.organisations()
      let byID = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) })
      let export = DirectoryExport(language: Language(parsing: lang) ?? .indonesian)
      let writer = CSVWriter(delimiter: delimiter.first ?? ",", byteOrderMark: bom)
      let version = VCardVersion(rawValue: vcardVersion) ?? .v3
      let text: String
      switch what {
      case .organisations:
        switch format {
        case .csv: text = export.organisationsCSV(organisations, byID: byID, writer: writer)
        case .vcard: text = export.organisationsVCard(organisations, version: version)
        case .json:
          text = JSONOutput.encode(organisations.map(JSONOutput.OrganisationJSON.init)) + "\n"
        }
      case .contacts, .group:
        let contacts =
          what == .group
          ? try directory.expand(directory.group(name ?? ""))
          : try directory.contacts().map(\.contact)
        switch format {
        case .csv: text = export.contactsCSV(contacts, organisations: byID, writer: writer)
        case .vcard: text = export.contactsVCard(contacts, organisations: byID, version: version)
        case .json:
          text =
            JSONOutput.encode(
              contacts.map {
                JSONOutput.ContactJSON($0, organisation: $0.organisationID.flatMap { byID[$0] })
              }) + "\n"
        }
      }
      if let output {
        let path = Paths.expand(output, environment.variables)
        do {
          try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
          throw ExportError.cannotWrite(path, error.localizedDescription)
        }
        services.console.error("pokja: wrote \(path)")
      } else {
        services.console.writeRaw(text)
      }
    }
  }
}

/// Why an export could not be written.
enum ExportError: Error, LocalizedError, UserFacingError {
  case cannotWrite(String, String)

  var errorDescription: String? {
    switch self {
    case .cannotWrite(let path, let reason):
      "Cannot write \(path): \(reason). Check the folder and its permissions."
    }
  }

  var exitStatus: ExitStatus { .ioError }
}
