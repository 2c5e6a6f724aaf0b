import Foundation
import PokjaCore

/// What an RSVP link says: whose reply to which meeting (occurrence) and version, until when.
public struct ReplyTicket: Sendable, Hashable {
  public var meeting: MeetingID
  /// The original start of the occurrence the reply is for; nil for a whole meeting or series.
  public var occurrence: Date?
  public var contact: ContactID
  public var sequence: Int
  public var expires: Date

  public init(
    meeting: MeetingID, occurrence: Date?, contact: ContactID, sequence: Int, expires: Date
  ) {
    self.meeting = meeting
    self.occurrence = occurrence
    self.contact = contact
    self.sequence = sequence
    self.expires = expires
  }
}

/// Signs and opens RSVP links (`BASE/rsvp/TOKEN?answer=accepted`) with the web key.
public struct ReplyTickets: ReplyLinks {
  private let key: SigningKey
  /// The address members reach `pokja serve` at, without a trailing slash.
  public let baseURL: String

  public init(key: SigningKey, baseURL: String) {
    self.key = key
    self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
  }

  public func token(for ticket: ReplyTicket) -> String {
    var payload = TokenPayload()
    payload.append(ticket.meeting.rawValue)
    payload.append(ticket.occurrence.map { Int64($0.timeIntervalSince1970) } ?? Int64.min)
    payload.append(ticket.contact.rawValue)
    payload.append(Int64(ticket.sequence))
    payload.append(Int64(ticket.expires.timeIntervalSince1970))
    return key.seal(payload.data, purpose: "rsvp")
  }

  /// The ticket a token carries, when this key signed it (expired ones too: the page says so).
  public func open(_ token: String) -> ReplyTicket? {
    guard let data = key.open(token, purpose: "rsvp", length: 40) else { return nil }
    let occurrence = TokenPayload.int64(data, at: 8)
    return ReplyTicket(
      meeting: MeetingID(TokenPayload.int64(data, at: 0)),
      occurrence: occurrence == Int64.min
        ? nil : Date(timeIntervalSince1970: TimeInterval(occurrence)),
      contact: ContactID(TokenPayload.int64(data, at: 16)),
      sequence: Int(TokenPayload.int64(data, at: 24)),
      expires: Date(timeIntervalSince1970: TimeInterval(TokenPayload.int64(data, at: 32))))
  }

  public func links(
    meeting: MeetingID, occurrence: Date?, contact: ContactID, sequence: Int, expires: Date
  ) -> ReplyLinkSet {
    let token = token(
      for: ReplyTicket(
        meeting: meeting, occurrence: occurrence, contact: contact, sequence: sequence,
        expires: expires))
    let base = "\(baseURL)/rsvp/\(token)?answer="
    return ReplyLinkSet(
      accept: base + "accepted", tentative: base + "tentative", decline: base + "declined")
  }
}
