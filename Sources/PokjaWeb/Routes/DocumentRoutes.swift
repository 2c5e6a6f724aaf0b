import Foundation
import HTTPTypes
import Hummingbird
import PokjaCore
import PokjaScheduling

extension PokjaWebServer {
  /// `/documents/DIGEST/NAME`: a file of a meeting or plan item, for a signed-in member or with
  /// the signature an invitation's link carries (`?sig=`; no session needed). A file no meeting or
  /// plan item has any more is gone (410), whatever the link.
  func addDocumentRoutes(to router: Router<WebContext>) {
    router.get("/documents/:digest/:name") { request, context in
      guard let digest = context.parameters.get("digest").flatMap(DocumentDigest.init(hex:)) else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let signature = Self.query(request).text("sig")
      let found = try await lanes.run { lane -> (AttachedDocument, Data)?? in
        guard let library = lane.documents else { return nil }
        if context.viewer == nil {
          guard let signature, let links = lane.documentLinks,
            links.verify(digest: digest.hex, signature: signature)
          else { return nil }
        }
        guard let document = try library.documents(of: nil).first(where: { $0.digest == digest })
        else { return .some(nil) }
        return (document, try library.content(of: document))
      }
      guard let found else {
        // Neither signed in nor a good signature: sign in first (then the link works).
        return context.viewer == nil
          ? Self.redirect("/signin")
          : page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      guard let (document, data) = found else {
        return page(.gone, context: context, heading: "410", textKey: "notFound")
      }
      var headers = HTTPFields()
      // Always a download: a kept HTML file never runs as a page of this site.
      headers[.contentType] =
        document.contentType.hasPrefix("text/html")
        ? "application/octet-stream" : document.contentType
      headers[.contentDisposition] = Self.attachmentDisposition(document.filename)
      headers[.contentLength] = String(data.count)
      headers[.eTag] = "\"\(digest.hex)\""
      headers[.cacheControl] = "private, max-age=86400, immutable"
      return Response(
        status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
  }

  /// The path members open a document by (signed in, no signature needed).
  static func documentPath(_ document: AttachedDocument) -> String {
    let name =
      document.filename.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "document"
    return "/documents/\(document.digest.hex)/\(name)"
  }

  /// `attachment; filename="agenda.pdf"; filename*=UTF-8''agenda.pdf` (RFC 6266): an ASCII name
  /// for old clients, the exact one for the rest.
  static func attachmentDisposition(_ filename: String) -> String {
    let ascii = String(
      filename.unicodeScalars.map { scalar -> Character in
        scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\"
          ? Character(scalar) : "_"
      })
    let exact = filename.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ascii
    return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(exact)"
  }

  private static let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
