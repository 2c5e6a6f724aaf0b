import Foundation
import PokjaCore

/// Links to documents on `pokja serve`, signed with the web key: `/documents/DIGEST/NAME?sig=…`.
/// The signature covers the digest, so a link opens that one file and no other; it needs no
/// session (it is sent to invitees who may have none), and renewing the web key revokes them all.
public struct SignedDocumentLinks: DocumentLinks {
  private let key: SigningKey
  /// `https://pokja.example.org`, without a trailing slash.
  public let baseURL: String

  public init(key: SigningKey, baseURL: String) {
    self.key = key
    self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
  }

  public func link(digest: String, filename: String) -> String {
    let name =
      filename.addingPercentEncoding(withAllowedCharacters: Self.pathCharacters) ?? "document"
    return "\(baseURL)/documents/\(digest)/\(name)?sig=\(signature(digest))"
  }

  /// Whether `signature` is this key's for `digest`.
  public func verify(digest: String, signature: String) -> Bool {
    constantTimeEqual(Array(signature.utf8), Array(self.signature(digest).utf8))
  }

  private func signature(_ digest: String) -> String {
    key.mac(Data(digest.utf8), purpose: "document")
  }

  /// RFC 3986 unreserved characters, ASCII only: everything else is percent-encoded.
  private static let pathCharacters = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
