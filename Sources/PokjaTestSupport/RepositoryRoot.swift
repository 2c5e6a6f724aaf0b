import Foundation

/// Finds the repository's root (the folder holding `scripts/testing`): `POKJA_REPO_ROOT` if set, else the
/// folders above this source file (symbolic links followed or not), else the current directory.
public enum RepositoryRoot {
  public static func url() throws -> URL {
    let marker = "scripts/testing/smtp_server.py"
    let fileManager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["POKJA_REPO_ROOT"], !override.isEmpty {
      let url = URL(fileURLWithPath: override, isDirectory: true)
      guard fileManager.fileExists(atPath: url.appendingPathComponent(marker).path) else {
        throw TestSupportError("POKJA_REPO_ROOT=\(override) has no \(marker).")
      }
      return url
    }
    let source = URL(fileURLWithPath: #filePath)
    var candidates: [URL] = []
    for start in [source, source.resolvingSymlinksInPath()] {
      var folder = start.deletingLastPathComponent()
      while folder.path != "/" && !folder.path.isEmpty {
        candidates.append(folder)
        folder = folder.deletingLastPathComponent()
      }
    }
    candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true))
    if let root = candidates.first(where: {
      fileManager.fileExists(atPath: $0.appendingPathComponent(marker).path)
    }) {
      return root
    }
    throw TestSupportError(
      "Cannot find the repository root (no \(marker) above \(#filePath)): set POKJA_REPO_ROOT.")
  }
}
