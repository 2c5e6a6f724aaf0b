import Foundation

/// Reads a message's bytes into ``ReceivedMessage`` and ``ReceivedPart`` values, checking
/// ``MailLimits`` as it goes.
///
/// Works on one byte buffer with index ranges: every multipart level scans its own body's
/// lines once (`memchr` for line ends), so the work is linear in the input times the nesting
/// depth, which the limits bound. Recursion happens only for multiparts and attached
/// messages, each a nesting level checked against `maximumNestingDepth` before descending.
struct MailReader {
  private static let cr: UInt8 = 0x0D
  private static let lf: UInt8 = 0x0A
  private static let space: UInt8 = 0x20
  private static let tab: UInt8 = 0x09
  private static let dash = UInt8(ascii: "-")

  let limits: MailLimits
  /// Body parts made or about to be made so far, attached messages included.
  private var partCount = 0

  init(limits: MailLimits) {
    self.limits = limits
  }

  /// A whole message (headers, then its body) from `bytes`.
  mutating func message(from bytes: [UInt8], depth: Int) throws(MailReadError)
    -> ReceivedMessage
  {
    let result: Result<ReceivedMessage, MailReadError> = bytes.withUnsafeBufferPointer { buffer in
      do throws(MailReadError) {
        let (headers, bodyStart) = try readHeaders(buffer, 0..<buffer.count, isMessage: true)
        let body = try entity(
          buffer, headers: headers, body: bodyStart..<buffer.count, depth: depth,
          defaultType: "text/plain")
        return .success(ReceivedMessage(headers: headers, body: body))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  // MARK: Headers

  /// The header section at the start of `range` and the index where the body starts.
  ///
  /// The section ends at the first empty line (the body starts after it), at a line that is
  /// neither a field nor a continuation (the body starts with that line), or at the end of
  /// `range` (no body). A message's first line may be an mbox `From ` line, which is skipped.
  private func readHeaders(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isMessage: Bool
  ) throws(MailReadError) -> (ReceivedHeaders, Int) {
    var fields: [MailHeader] = []
    var current: [UInt8] = []  // the field being unfolded, from its name on
    var currentName = ""
    var currentColon = 0
    var index = range.lowerBound
    let end = range.upperBound
    var bodyStart = end

    func flush() {
      guard !current.isEmpty else { return }
      var valueStart = currentColon + 1
      var valueEnd = current.count
      while valueStart < valueEnd, Self.isSpace(current[valueStart]) { valueStart += 1 }
      while valueEnd > valueStart, Self.isSpace(current[valueEnd - 1]) { valueEnd -= 1 }
      let value = Charset.utf8OrLatin1(current[valueStart..<valueEnd])
      fields.append(MailHeader(name: currentName, value: value))
      current = []
    }

    while index < end {
      let lineEnd = ByteScan.firstLF(bytes, from: index, to: end)
      var contentEnd = lineEnd
      if contentEnd > index, bytes[contentEnd - 1] == Self.cr { contentEnd -= 1 }
      let next = min(lineEnd + 1, end)
      if contentEnd == index {
        bodyStart = next
        break
      }
      let first = bytes[index]
      let isContinuation = first == Self.space || first == Self.tab
      let colon = isContinuation ? nil : Self.headerColon(bytes, index, contentEnd)
      if !isContinuation && colon == nil {
        if isMessage && index == range.lowerBound && Self.startsWithFromSpace(bytes, index, end) {
          index = next
          continue
        }
        bodyStart = index
        break
      }
      guard next - range.lowerBound <= limits.maximumHeaderSectionSize else {
        throw .headerSectionTooLarge(limit: limits.maximumHeaderSectionSize)
      }
      if let colon {
        flush()
        guard fields.count < limits.maximumHeaderCount else {
          throw .tooManyHeaders(limit: limits.maximumHeaderCount)
        }
        var nameEnd = colon
        while nameEnd > index, Self.isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
        currentName = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[index..<nameEnd]), as: UTF8.self)
        currentColon = colon - index
      } else if current.isEmpty {
        // A continuation with no field before it belongs to nothing.
        index = next
        continue
      }
      guard current.count + (contentEnd - index) <= limits.maximumHeaderLineLength else {
        throw .headerLineTooLong(
          field: String(currentName.prefix(100)).controlsMasked,
          limit: limits.maximumHeaderLineLength)
      }
      current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<contentEnd]))
      index = next
    }
    flush()
    return (ReceivedHeaders(fields), bodyStart)
  }

  /// The index of the colon when `bytes[start..<end]` is a header field: a name of printable
  /// ASCII other than `:`, optionally followed by spaces, then `:`.
  private static func headerColon(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Int?
  {
    var index = start
    while index < end, (33...126).contains(bytes[index]), bytes[index] != UInt8(ascii: ":") {
      index += 1
    }
    guard index > start else { return nil }
    while index < end, isSpace(bytes[index]) { index += 1 }
    return index < end && bytes[index] == UInt8(ascii: ":") ? index : nil
  }

  private static func startsWithFromSpace(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
  ) -> Bool {
    let prefix = Array("From ".utf8)
    return end - start >= prefix.count
      && prefix.indices.allSatisfy { bytes[start + $0] == prefix[$0] }
  }

  private static func isSpace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

  // MARK: Bodies

  /// The part with `headers` whose body is `bytes[body]`, at nesting `depth`.
  private mutating func entity(
    _ bytes: UnsafeBufferPointer<UInt8>, headers: ReceivedHeaders, body: Range<Int>, depth: Int,
    defaultType: String
  ) throws(MailReadError) -> ReceivedPart {
    partCount += 1
    guard partCount <= limits.maximumPartCount else {
      throw .tooManyParts(limit: limits.maximumPartCount)
    }
    let parsedType = headers["Content-Type"].map(HeaderParameters.parse)
    var type = parsedType?.value.lowercased() ?? ""
    if !Self.isContentType(type) { type = defaultType }
    let parameters = parsedType?.parameters ?? []
    let (rawDisposition, dispositionParameters) =
      headers["Content-Disposition"].map(HeaderParameters.parse) ?? ("", [])
    let disposition = rawDisposition.isEmpty ? nil : rawDisposition.lowercased()
    let rawEncoding = headers["Content-Transfer-Encoding"].map { HeaderParameters.parse($0).value }
    var encoding = rawEncoding?.lowercased() ?? ""
    if encoding.hasPrefix("\"") && encoding.hasSuffix("\"") && encoding.count >= 2 {
      encoding = String(encoding.dropFirst().dropLast())
    }
    if encoding.isEmpty { encoding = "7bit" }

    func part(
      children: [ReceivedPart] = [], decoded: [UInt8] = [], problem: MailReadError? = nil,
      message: ReceivedMessage? = nil
    ) -> ReceivedPart {
      ReceivedPart(
        headers: headers, contentType: type, parameters: parameters, disposition: disposition,
        dispositionParameters: dispositionParameters, transferEncoding: encoding,
        children: children, decodedBody: Data(decoded), bodyError: problem, message: message)
    }

    // A boundary cannot end in a space (RFC 2046), so trailing whitespace is padding.
    var boundary = Array((parameters.first { $0.name == "boundary" }?.value ?? "").utf8)
    while let last = boundary.last, Self.isSpace(last) { boundary.removeLast() }
    if type.hasPrefix("multipart/"), !boundary.isEmpty {
      let level = depth + 1
      guard level <= limits.maximumNestingDepth else {
        throw .nestingTooDeep(limit: limits.maximumNestingDepth)
      }
      let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
      var children: [ReceivedPart] = []
      for range in try partRanges(bytes, body, boundary: boundary) {
        let (childHeaders, childBody) = try readHeaders(bytes, range, isMessage: false)
        children.append(
          try entity(
            bytes, headers: childHeaders, body: childBody..<range.upperBound, depth: level,
            defaultType: childDefault))
      }
      return part(children: children)
    }

    let (decoded, problem) = try decode(bytes, body, encoding: encoding, contentType: type)
    if type == "message/rfc822" || type == "message/global", problem == nil {
      let level = depth + 1
      guard level <= limits.maximumNestingDepth else {
        throw .nestingTooDeep(limit: limits.maximumNestingDepth)
      }
      let nested = try message(from: decoded, depth: level)
      return part(decoded: decoded, message: nested)
    }
    return part(decoded: decoded, problem: problem)
  }

  /// Whether `type` is `token/token`.
  private static func isContentType(_ type: String) -> Bool {
    var slashes = 0
    var run = 0
    for byte in type.utf8 {
      if byte == UInt8(ascii: "/") {
        guard run > 0 else { return false }
        slashes += 1
        run = 0
      } else {
        guard isTokenByte(byte) else { return false }
        run += 1
      }
    }
    return slashes == 1 && run > 0
  }

  /// RFC 2045 `token` bytes: printable ASCII except the tspecials.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x22, 0x28, 0x29, 0x2C, 0x2F, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D:
      false
    default: byte > 0x20 && byte < 0x7F
    }
  }

  /// The ranges of the body parts between the delimiter lines of `boundary` in `bytes[body]`.
  ///
  /// A delimiter line is `--boundary`, then `--` for the closing one, then only spaces or
  /// tabs (transport padding). The line break before a delimiter belongs to it. The preamble
  /// and everything after the closing delimiter are dropped; without a closing delimiter the
  /// last part runs to the end of `body`.
  private func partRanges(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: Range<Int>, boundary: [UInt8]
  ) throws(MailReadError) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var partStart: Int?
    var index = body.lowerBound
    let end = body.upperBound

    func add(_ range: Range<Int>) throws(MailReadError) {
      ranges.append(range)
      guard partCount + ranges.count <= limits.maximumPartCount else {
        throw .tooManyParts(limit: limits.maximumPartCount)
      }
    }

    while index < end {
      let lineEnd = ByteScan.firstLF(bytes, from: index, to: end)
      let next = min(lineEnd + 1, end)
      if let isClosing = Self.delimiter(bytes, index, lineEnd, boundary) {
        if let start = partStart {
          var partEnd = index
          if partEnd > start, bytes[partEnd - 1] == Self.lf {
            partEnd -= 1
            if partEnd > start, bytes[partEnd - 1] == Self.cr { partEnd -= 1 }
          }
          try add(start..<partEnd)
        }
        if isClosing { return ranges }
        partStart = next
      }
      index = next
    }
    if let start = partStart { try add(start..<end) }
    return ranges
  }

  /// nil when `bytes[start..<lineEnd]` is not a delimiter line of `boundary`; else whether it
  /// is the closing one.
  private static func delimiter(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ lineEnd: Int, _ boundary: [UInt8]
  ) -> Bool? {
    let length = boundary.count + 2
    guard lineEnd - start >= length, bytes[start] == dash, bytes[start + 1] == dash,
      boundary.withUnsafeBufferPointer({ pattern in
        memcmp(bytes.baseAddress! + start + 2, pattern.baseAddress!, pattern.count) == 0
      })
    else { return nil }
    var index = start + length
    var isClosing = false
    if lineEnd - index >= 2, bytes[index] == dash, bytes[index + 1] == dash {
      isClosing = true
      index += 2
    }
    while index < lineEnd {
      let byte = bytes[index]
      guard byte == space || byte == tab || byte == cr else { return nil }
      index += 1
    }
    return isClosing
  }

  /// The body with its transfer encoding undone, and the reason when it could not be.
  private func decode(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, encoding: String,
    contentType: String
  ) throws(MailReadError) -> ([UInt8], MailReadError?) {
    let body = UnsafeBufferPointer(rebasing: bytes[range])
    let decoded: [UInt8]
    var problem: MailReadError?
    switch encoding {
    case "base64":
      if let value = TransferDecoding.base64(body) {
        decoded = value
      } else {
        decoded = []
        problem = .invalidBase64(contentType: contentType)
      }
    case "quoted-printable":
      decoded = TransferDecoding.quotedPrintable(body)
    default:
      // 7bit, 8bit, binary, and unknown encodings read as 8bit.
      guard body.count <= limits.maximumDecodedPartSize else {
        throw .decodedPartTooLarge(
          contentType: contentType, limit: limits.maximumDecodedPartSize)
      }
      decoded = Array(body)
    }
    guard decoded.count <= limits.maximumDecodedPartSize else {
      throw .decodedPartTooLarge(contentType: contentType, limit: limits.maximumDecodedPartSize)
    }
    return (decoded, problem)
  }
}
