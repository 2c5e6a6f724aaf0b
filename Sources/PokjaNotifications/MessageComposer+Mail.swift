import Foundation
import PokjaCore
import PokjaMIME

extension MessageComposer {
  /// A plain mail (text and HTML) from the templates of `kind` in `contact`'s language: `values`
  /// plus `greeting`, `name`, `organiser` and `organiserEmail`. For mail without a calendar:
  /// sign-in links, work-plan reminders.
  public func mail(
    kind: MessageKind, to contact: Contact, values: [String: Any], dedupeKey: String,
    meetingID: MeetingID? = nil, zone: TimeZone
  ) throws -> OutboundDraft {
    let language = contact.language
    var values = values
    values["greeting"] =
      language == .indonesian
      ? "Yth. \(contact.honorific ?? "Bapak/Ibu") \(contact.name)" : "Dear \(contact.name)"
    values["name"] = contact.name
    values["organiser"] = organiser.name
    values["organiserEmail"] = organiser.email.value
    let parts = try render(kind, language, values)
    let messageID = "\(makeToken())@\(organiser.email.domain)"
    let message = MailMessage(
      from: MailAddress(organiser.email.value, displayName: organiser.name),
      to: [MailAddress(contact.email.value, displayName: contact.name)],
      subject: parts.subject, date: clock.now(), timeZone: zone, messageID: messageID,
      extraHeaders: [MailHeader(name: "Content-Language", value: language.rawValue)],
      body: .multipart(
        subtype: "alternative",
        parts: [
          .text(subtype: "plain", content: parts.text),
          .text(subtype: "html", content: parts.html),
        ]))
    let content: String
    do {
      content = try message.rendered()
    } catch {
      throw NotificationError.composition(error.localizedDescription)
    }
    return OutboundDraft(
      dedupeKey: dedupeKey, kind: kind, meetingID: meetingID, contactID: contact.id,
      sender: organiser.email, destination: .email(contact.email), messageID: messageID,
      subject: parts.subject, content: content)
  }
}
