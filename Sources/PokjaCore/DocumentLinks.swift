/// Where a document can be fetched from a message: one link per document, the same for everyone
/// it goes to (signed with the web key and served by `pokja serve`: `SignedDocumentLinks`).
public protocol DocumentLinks: Sendable {
  /// The link to the file with SHA-256 `digest` (64 hex digits), saved as `filename`.
  func link(digest: String, filename: String) -> String
}
