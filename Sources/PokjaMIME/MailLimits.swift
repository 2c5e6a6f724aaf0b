import Foundation

/// The bounds `ReceivedMessage.parse(_:limits:)` enforces on mail from outside.
///
/// Every limit is checked while reading, and exceeding one throws the matching
/// ``MailReadError`` rather than reading further. The defaults fit any genuine iTIP reply
/// with room to spare.
public struct MailLimits: Hashable, Sendable {
  /// The largest message read, in bytes (default 10 MiB).
  public var maximumMessageSize: Int
  /// The largest header section of the message or of any part, in bytes (default 256 KiB).
  public var maximumHeaderSectionSize: Int
  /// The most header fields in one header section (default 1,000).
  public var maximumHeaderCount: Int
  /// The longest header field after unfolding, name included, in bytes (default 64 KiB).
  public var maximumHeaderLineLength: Int
  /// How deep multiparts and attached messages may nest; a multipart body is depth 1
  /// (default 10).
  public var maximumNestingDepth: Int
  /// The most body parts in the tree: the message's body, every multipart container and every
  /// leaf, including those of attached messages (default 200).
  public var maximumPartCount: Int
  /// The largest body of one part after undoing its transfer encoding, in bytes (default 10 MiB).
  public var maximumDecodedPartSize: Int

  /// Creates limits; every argument has the default documented on its property.
  public init(
    maximumMessageSize: Int = 10 * 1024 * 1024,
    maximumHeaderSectionSize: Int = 256 * 1024,
    maximumHeaderCount: Int = 1000,
    maximumHeaderLineLength: Int = 64 * 1024,
    maximumNestingDepth: Int = 10,
    maximumPartCount: Int = 200,
    maximumDecodedPartSize: Int = 10 * 1024 * 1024
  ) {
    self.maximumMessageSize = maximumMessageSize
    self.maximumHeaderSectionSize = maximumHeaderSectionSize
    self.maximumHeaderCount = maximumHeaderCount
    self.maximumHeaderLineLength = maximumHeaderLineLength
    self.maximumNestingDepth = maximumNestingDepth
    self.maximumPartCount = maximumPartCount
    self.maximumDecodedPartSize = maximumDecodedPartSize
  }
}
