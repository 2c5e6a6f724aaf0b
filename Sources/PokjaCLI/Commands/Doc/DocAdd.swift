import ArgumentParser
import Foundation
import PokjaScheduling

extension Pokja.DocGroup {
  /// `pokja doc add FILE… --meeting ID | --plan ID`.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Attach files to a meeting or a work-plan item (each kept once).",
      discussion: """
        A file already kept (the same contents) is not stored again. Adding it to a meeting that \
        has it changes nothing; another file under a name the meeting already has is refused \
        unless --replace. \
        Invitations sent from now on carry it; to send it to those already invited, use \
        'meeting invite ID --attach FILE' instead.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var owner: Pokja.DocGroup.Owner
    @Argument(help: "The files.") var files: [String]
    @Option(help: "The name to keep it under (one file only): agenda.pdf.") var name: String?
    @Flag(help: "A file named as one already attached takes its place (a revised agenda).")
    var replace = false

    func run(in environment: AppEnvironment) throws {
      guard !files.isEmpty else { throw ValidationError("Give the file(s) to attach.") }
      if name != nil, files.count > 1 {
        throw ValidationError("--name names one file; give one file with it.")
      }
      // Every file is read and checked before any is stored.
      var contents: [(name: String, data: Data)] = []
      for path in files {
        guard let data = FileManager.default.contents(atPath: path) else {
          throw AttachmentError.unreadable(path)
        }
        let filename = name ?? (path as NSString).lastPathComponent
        guard data.count <= DocumentLibrary.sizeLimit else {
          throw DocumentError.tooLarge(filename, size: data.count, limit: DocumentLibrary.sizeLimit)
        }
        contents.append((filename, data))
      }
      let services = try Services(global, environment)
      let target = try owner.target(services)
      let added = try services.documents.add(
        contents.map { (filename: $0.name, data: $0.data) }, to: target, replacing: replace)
      if output.json {
        services.console.write(
          JSONOutput.encode(
            added.map { Pokja.DocGroup.DocumentRecord($0.document, zone: services.config.timeZone) }
          ))
        return
      }
      for result in added {
        let document = result.document
        services.console.write(
          result.isNew
            ? "Attached \(document.filename) (\(DocumentLibrary.sizeText(document.size)), sha256:\(document.digest.short)) to \(target.label)."
            : "\(document.filename) is already attached to \(target.label).")
      }
    }
  }
}
