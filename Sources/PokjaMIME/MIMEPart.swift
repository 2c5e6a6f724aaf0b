import Foundation

/// How a text part's body is encoded.
public enum TransferEncoding: Hashable, Sendable {
  /// `7bit` for printable ASCII with no line over 76 octets, else `quoted-printable`.
  case automatic
  /// `7bit`; rendering throws `sevenBitNotPossible` unless the text is ASCII, lines ≤ 998.
  case sevenBit
  /// `quoted-printable`.
  case quotedPrintable
  /// `base64`.
  case base64
}

/// A MIME parameter such as `charset=utf-8` or `filename="Notulen rapat.pdf"`.
///
/// Values are quoted when they are not MIME tokens; non-ASCII values use RFC 2231
/// (`filename*=utf-8''...`), and long values RFC 2231 continuations.
public struct MIMEParameter: Hashable, Sendable {
  /// The parameter name, e.g. `method`.
  public var name: String
  /// The unencoded value.
  public var value: String

  /// Creates a parameter.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  /// The `; `-separated segments for this parameter (several when continued).
  func segments(field: String) throws(MIMEError) -> [String] {
    guard !name.isEmpty, name.utf8.allSatisfy({ MIMEToken.isTokenByte($0) && $0 != 0x2A })
    else { throw .invalidParameterName(name.controlsMasked) }
    _ = try value.checkedForHeader(field)
    let limit = 60
    if value.isASCII {
      let single = name + "=" + MIMEToken.quotedIfNeeded(value)
      if single.count <= limit + 10 { return [single] }
      return chunks(Array(value.utf8), size: limit - name.count).enumerated().map {
        name + "*\($0.offset)=" + MIMEToken.quoted(String(decoding: $0.element, as: UTF8.self))
      }
    }
    let encoded = value.unicodeScalars.map { scalar in
      String(scalar).utf8.map(MIMEToken.percentEncoded).joined()
    }
    let single = name + "*=utf-8''" + encoded.joined()
    if single.count <= limit + 10 { return [single] }
    var pieces: [String] = [""]
    for scalar in encoded {
      if !pieces[pieces.count - 1].isEmpty,
        pieces[pieces.count - 1].count + scalar.count > limit - name.count
      {
        pieces.append("")
      }
      pieces[pieces.count - 1] += scalar
    }
    return pieces.enumerated().map { index, piece in
      name + "*\(index)*=" + (index == 0 ? "utf-8''" : "") + piece
    }
  }

  private func chunks(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
    let size = max(size, 8)
    return stride(from: 0, to: bytes.count, by: size).map {
      Array(bytes[$0..<min($0 + size, bytes.count)])
    }
  }
}

/// A body part of a message.
public indirect enum MIMEPart: Hashable, Sendable {
  /// Whether an attachment is shown inline or offered as a file.
  public enum Disposition: String, Hashable, Sendable {
    /// `Content-Disposition: attachment`.
    case attachment
    /// `Content-Disposition: inline`.
    case inline
  }

  /// `text/<subtype>; charset=utf-8` plus `parameters`; line breaks are sent as CRLF.
  case text(
    subtype: String, content: String, parameters: [MIMEParameter] = [],
    encoding: TransferEncoding = .automatic)
  /// A base64 file part with `name`/`filename` parameters from `filename`.
  case attachment(
    contentType: String, data: Data, filename: String, parameters: [MIMEParameter] = [],
    disposition: Disposition = .attachment)
  /// `multipart/<subtype>` (e.g. `mixed`, `alternative`) with a random boundary.
  case multipart(subtype: String, parts: [MIMEPart])
  /// An attachment whose bytes are kept elsewhere, once, by `digest` (64 hex digits of SHA-256):
  /// rendered as the attachment's headers with a `StoredDocuments` marker in place of its body,
  /// which `StoredDocuments.expand` replaces with the base64 bytes when the message is sent. So a
  /// thousand invitations with the same agenda keep the agenda once.
  case storedDocument(contentType: String, filename: String, digest: String)

  /// A `text/calendar; method=<method>` part for an iCalendar object (quoted-printable when
  /// it holds non-ASCII text), as calendar clients expect for invitations.
  public static func calendar(_ content: String, method: String = "REQUEST") -> MIMEPart {
    .text(
      subtype: "calendar", content: content,
      parameters: [MIMEParameter(name: "method", value: method)])
  }

  /// The part's unfolded header lines and its encoded body (CRLF line breaks).
  func render() throws(MIMEError) -> (headers: [String], body: String) {
    switch self {
    case .text(let subtype, let content, let parameters, let encoding):
      let type = try MIMEToken.contentType("text/" + subtype)
      let extra = parameters.filter { $0.name.lowercased() != "charset" }
      let params = [MIMEParameter(name: "charset", value: "utf-8")] + extra
      let (name, body) = try MIMEPart.encodeText(content, encoding)
      return (
        [
          try MIMEToken.header("Content-Type", type, params),
          "Content-Transfer-Encoding: " + name,
        ], body
      )
    case .attachment(let contentType, let data, let filename, let parameters, let disposition):
      let type = try MIMEToken.contentType(contentType)
      var typeParams = parameters
      if !parameters.contains(where: { $0.name.lowercased() == "name" }) {
        typeParams.insert(MIMEParameter(name: "name", value: filename), at: 0)
      }
      return (
        [
          try MIMEToken.header("Content-Type", type, typeParams),
          "Content-Transfer-Encoding: base64",
          try MIMEToken.header(
            "Content-Disposition", disposition.rawValue,
            [MIMEParameter(name: "filename", value: filename)]),
        ], MIMEPart.base64Lines(data)
      )
    case .storedDocument(let contentType, let filename, let digest):
      let type = try MIMEToken.contentType(contentType)
      guard StoredDocuments.isDigest(digest) else { throw .invalidDocumentDigest }
      return (
        [
          try MIMEToken.header(
            "Content-Type", type, [MIMEParameter(name: "name", value: filename)]),
          "Content-Transfer-Encoding: base64",
          try MIMEToken.header(
            "Content-Disposition", Disposition.attachment.rawValue,
            [MIMEParameter(name: "filename", value: filename)]),
          StoredDocuments.markerHeader(digest),
        ], ""
      )
    case .multipart(let subtype, let parts):
      let type = try MIMEToken.contentType("multipart/" + subtype)
      guard !parts.isEmpty else { throw .emptyMultipart(subtype: subtype.controlsMasked) }
      var rendered: [String] = []
      for part in parts {
        let (headers, body) = try part.render()
        let lines = headers.map(HeaderFolding.fold).joined(separator: "\r\n")
        rendered.append(lines + "\r\n\r\n" + body)
      }
      var boundary = MIMEPart.makeBoundary()
      // A byte search: Foundation's `contains` walks 150 kB calendars character by character.
      while rendered.contains(where: { MIMEPart.containsBytes($0, boundary) }) {
        boundary = MIMEPart.makeBoundary()
      }
      var body = ""
      for part in rendered {
        body += "--" + boundary + "\r\n" + part + "\r\n"
      }
      body += "--" + boundary + "--\r\n"
      return (
        [
          try MIMEToken.header(
            "Content-Type", type, [MIMEParameter(name: "boundary", value: boundary)])
        ],
        body
      )
    }
  }

  /// Whether `needle` occurs in `text`, compared as UTF-8 bytes.
  static func containsBytes(_ text: String, _ needle: String) -> Bool {
    var text = text
    var needle = needle
    return text.withUTF8 { haystack in
      needle.withUTF8 { pattern in
        guard let first = pattern.first, pattern.count <= haystack.count else {
          return pattern.isEmpty
        }
        var index = 0
        let last = haystack.count - pattern.count
        while index <= last {
          if haystack[index] == first,
            memcmp(haystack.baseAddress! + index, pattern.baseAddress!, pattern.count) == 0
          {
            return true
          }
          index += 1
        }
        return false
      }
    }
  }

  static let boundaryStart = Array("=_pokja_".utf8)

  /// `=_pokja_` and 32 random hex digits; `=_` can never occur in quoted-printable or base64.
  static func makeBoundary() -> String {
    "=_pokja_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
  }

  /// The transfer-encoding name and encoded body for text content.
  static func encodeText(
    _ content: String, _ encoding: TransferEncoding
  ) throws(MIMEError) -> (String, String) {
    let lines = QuotedPrintable.lines(of: content)
    switch encoding {
    case .automatic:
      // A line with `=_pokja_` (the start of pokja's boundaries) goes quoted-printable too, so no
      // text part can pass for a part's headers (`StoredDocuments`).
      let printable = lines.allSatisfy { line in
        line.count <= 76 && line.allSatisfy { (32...126).contains($0) || $0 == 0x09 }
          && StoredDocuments.index(of: boundaryStart, in: line, from: 0) == nil
      }
      return printable ? ("7bit", crlf(lines)) : try encodeText(content, .quotedPrintable)
    case .sevenBit:
      let valid = lines.allSatisfy { line in
        line.count <= 998 && line.allSatisfy { (1...127).contains($0) }
      }
      guard valid else { throw .sevenBitNotPossible }
      return ("7bit", crlf(lines))
    case .quotedPrintable:
      return ("quoted-printable", QuotedPrintable.encode(content))
    case .base64:
      return ("base64", base64Lines(Data(crlf(lines).utf8)))
    }
  }

  private static func crlf(_ lines: [[UInt8]]) -> String {
    lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\r\n")
  }

  /// Base64 in lines of 76 characters separated by CRLF.
  static func base64Lines(_ data: Data) -> String {
    let encoded = Array(data.base64EncodedString().utf8)
    return stride(from: 0, to: encoded.count, by: 76).map {
      String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self)
    }.joined(separator: "\r\n")
  }
}

/// MIME tokens, quoting and parameterised header values.
enum MIMEToken {
  /// RFC 2045 `token` characters: printable ASCII except SPACE and tspecials.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    (33...126).contains(byte) && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
  }

  static func isToken(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
  }

  /// `text` as a quoted-string (RFC 5322 §3.2.4): backslash and DQUOTE escaped, scalar by scalar,
  /// so one followed by a combining mark is escaped too.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      if scalar == "\\" || scalar == "\"" { result += "\\" }
      result.unicodeScalars.append(scalar)
    }
    return result + "\""
  }

  static func quotedIfNeeded(_ text: String) -> String {
    isToken(text) ? text : quoted(text)
  }

  /// RFC 2231 `attribute-char` bytes stay literal, others become `%XX`.
  static func percentEncoded(_ byte: UInt8) -> String {
    let literal =
      (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
      || "-._~!$&+^`{|}#".utf8.contains(byte)
    if literal { return String(UnicodeScalar(byte)) }
    let hex = Array("0123456789ABCDEF")
    return "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
  }

  /// A validated, lowercased `type/subtype`.
  static func contentType(_ text: String) throws(MIMEError) -> String {
    _ = try text.checkedForHeader("Content-Type")
    let halves = text.split(separator: "/", omittingEmptySubsequences: false)
    guard halves.count == 2, halves.allSatisfy({ isToken(String($0)) }) else {
      throw .invalidContentType(text)
    }
    return text.lowercased()
  }

  /// `Name: value; p1=v1; p2=v2`, unfolded.
  static func header(
    _ name: String, _ value: String, _ parameters: [MIMEParameter]
  ) throws(MIMEError) -> String {
    var line = name + ": " + value
    for parameter in parameters {
      for segment in try parameter.segments(field: name) { line += "; " + segment }
    }
    return line
  }
}
