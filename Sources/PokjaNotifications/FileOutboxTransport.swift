import Foundation
import PokjaCore

/// Delivers each message as one `.eml` file in a folder: the default when no SMTP server is configured,
/// so the main job works on a fresh machine. Files open in any mail program.
public struct FileOutboxTransport: MessageTransport {
  /// The folder the files are written to.
  public let directory: URL

  /// Creates a transport writing to `directory` (created when missing).
  public init(directory: URL) { self.directory = directory }

  public var endpoint: String { directory.path }
  public var route: MessageRoute { .file }

  public func deliver(
    _ messages: [OutboundMessage], report event: (DeliveryEvent) -> DeliveryProgress
  ) {
    func report(_ id: OutboundMessageID, _ outcome: DeliveryOutcome) -> DeliveryProgress {
      event(.finished(id, outcome))
    }
    let fileManager = FileManager.default
    do {
      try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      let failure = DeliveryFailure(
        .configuration, .localSetup,
        "Cannot create the outbox folder \(directory.path): \(error.localizedDescription). Check its permissions or set [outbox] directory in the config."
      )
      for message in messages where report(message.id, .failed(failure)) == .stop { return }
      return
    }
    for message in messages {
      let name = Self.fileName(for: message)
      let target = directory.appendingPathComponent(name)
      // Write under a temporary name, then rename: a reader never sees half a message.
      let partial = directory.appendingPathComponent(".\(name).partial")
      do {
        try Data(message.content.utf8).write(to: partial)
        if fileManager.fileExists(atPath: target.path) {
          try fileManager.removeItem(at: target)
        }
        try fileManager.moveItem(at: partial, to: target)
        if report(message.id, .delivered(receipt: target.path)) == .stop { return }
      } catch {
        try? fileManager.removeItem(at: partial)
        // A full disk or a lost permission is this machine's, not the message's: not an attempt.
        let failure = DeliveryFailure(
          .temporary, .localSetup, "Cannot write \(target.path): \(error.localizedDescription)",
          scope: .connection)
        if report(message.id, .failed(failure)) == .stop { return }
      }
    }
  }

  /// `000042-invitation-wulan@example.org.eml`: sorted by outbox ID, readable at a glance.
  static func fileName(for message: OutboundMessage) -> String {
    let safeRecipient = (message.destination.email?.value ?? "\(message.destination)").map {
      character -> Character in
      character.isLetter || character.isNumber || "@._-+".contains(character) ? character : "_"
    }
    return String(format: "%06lld-", message.id.rawValue)
      + "\(message.kind.rawValue)-\(String(safeRecipient)).eml"
  }
}
