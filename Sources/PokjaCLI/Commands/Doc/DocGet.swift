import ArgumentParser
import Foundation
import PokjaScheduling

extension Pokja.DocGroup {
  /// `pokja doc get NAME --meeting ID | --plan ID [--output FILE]`.
  struct Get: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "get",
      abstract: "Save a document of a meeting or plan item to a file.",
      discussion: """
        NAME is the document's name or the start of its SHA-256 (as 'doc list' shows it). The \
        file is saved under its name in the current folder unless --output says where; an \
        existing file is never overwritten without --force.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var printing: OutputOptions
    @OptionGroup var owner: Pokja.DocGroup.Owner
    @Argument(help: "The document's name, or the start of its SHA-256.") var name: String
    @Option(name: [.short, .long], help: "Where to save it.") var output: String?
    @Flag(help: "Overwrite the file if it exists.") var force = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let library = services.documents
      let document = try library.document(name, of: try owner.target(services))
      let data = try library.content(of: document)
      // What was saved is what was kept: the bytes must still hash to the digest.
      guard DocumentDigest(of: data) == document.digest else {
        throw DocumentError.contentMissing(document.filename, document.digest)
      }
      let path = output ?? document.filename
      if !force, FileManager.default.fileExists(atPath: path) {
        throw ValidationError("\(path) exists already; give --output elsewhere, or --force.")
      }
      guard FileManager.default.createFile(atPath: path, contents: data) else {
        throw ExportError.cannotWrite(path, "the file could not be created")
      }
      if printing.json {
        var record = Pokja.DocGroup.DocumentRecord(document, zone: services.config.timeZone)
        record.savedTo = path
        services.console.write(JSONOutput.encode(record))
        return
      }
      services.console.write(
        "Saved \(document.filename) (\(DocumentLibrary.sizeText(document.size))) to \(path).")
    }
  }
}
