import Foundation
import Hummingbird
import PokjaAccess
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension PokjaWebServer {
  /// `/rsvp/TOKEN?answer=…`: the links in invitations and reminders. Opening one shows the
  /// meeting and asks to confirm (mail scanners open links); the post records the answer as
  /// `pokja rsvp` does and tells the channels. No session is needed: the signed token says whose
  /// answer to which meeting, occurrence and version, until the meeting is over.
  func addReplyRoutes(to router: Router<WebContext>) {
    router.get("/rsvp/:token") { request, context in
      let token = context.parameters.get("token") ?? ""
      let wanted = Self.query(request).text("answer").flatMap {
        try? MeetingScheduler.participation($0)
      }
      switch try await replyState(token) {
      case .refused(let status, let key):
        return page(
          status, context: context, heading: pages.text("replyConfirm", context.language),
          textKey: key)
      case .open(let ticket, let details, let contact):
        let language = context.language
        var values = Self.meetingValues(details, language: language)
        let current = Replies.answer(of: contact.id, in: details, occurrence: ticket.occurrence)
        let chosen = wanted ?? current
        values["name"] = contact.addressedName
        values["current"] = ReplyWords.answer(current, language: language)
        values["token"] = token
        values["sequence"] = details.meeting.sequence
        values["changed"] = ticket.sequence < details.meeting.sequence
        values["acceptChosen"] = chosen == .accepted
        values["tentativeChosen"] = chosen == .tentative
        values["declineChosen"] = chosen == .declined
        if let occurrence = ticket.occurrence {
          values["occurrenceOnly"] = true
          values["occurrenceDay"] = LocalizedDate.day(
            occurrence, in: details.meeting.timeZone, language: language)
        }
        values["formToken"] = try await lanes.run { $0.access.formToken(for: "rsvp:" + token) }
        return render(
          "rsvp", title: details.meeting.title, values, context: context, request: request)
      }
    }

    router.post("/rsvp/:token") { request, context in
      let token = context.parameters.get("token") ?? ""
      let form = try await Self.form(request, context: context)
      guard isSameOrigin(request),
        try await lanes.run({ $0.access.checkFormToken(form["_csrf"], for: "rsvp:" + token) }),
        let answer = form.text("answer").flatMap({ try? MeetingScheduler.participation($0) }),
        answer != .needsAction
      else { return page(.forbidden, context: context, heading: "403", textKey: "badForm") }
      switch try await replyState(token) {
      case .refused(let status, let key):
        return page(
          status, context: context, heading: pages.text("replyConfirm", context.language),
          textKey: key)
      case .open(let ticket, let details, _):
        // The page confirmed was of this version; a change since then shows the page again.
        if let seen = form.text("sequence").flatMap(Int.init), seen < details.meeting.sequence {
          return Self.redirect("/rsvp/\(token)?answer=\(answer.rawValue.lowercased())")
        }
        let client = context.client
        let recorded = try await lanes.run { lane in
          let recorded = try lane.replies().record(
            meeting: ticket.meeting, contact: ticket.contact, answer: answer,
            occurrence: ticket.occurrence, via: "web", deliver: false)
          try lane.access.store.recordAccessEvent(
            AccessEvent(
              at: lane.access.now, kind: .replied, contactID: ticket.contact, address: client,
              detail: "meeting \(ticket.meeting): \(answer.rawValue) (link)"))
          return recorded
        }
        if recorded.changed { await deliveries.start() }
        var values = Self.meetingValues(recorded.details, language: context.language)
        values["answer"] = ReplyWords.answer(answer, language: context.language)
        values["changed"] = recorded.changed
        return render(
          "rsvp-done", title: details.meeting.title, values, context: context, request: request)
      }
    }
  }

  enum ReplyState: Sendable {
    case refused(HTTPResponse.Status, String)
    case open(ReplyTicket, MeetingDetails, Contact)
  }

  /// What an RSVP token allows now.
  func replyState(_ token: String) async throws -> ReplyState {
    let now = clock.now()
    return try await lanes.run { lane -> ReplyState in
      guard let ticket = lane.tickets.open(token) else {
        return .refused(.notFound, "replyForged")
      }
      guard now < ticket.expires else { return .refused(.gone, "replyExpired") }
      guard var details = try? lane.scheduler.details(of: ticket.meeting.description) else {
        return .refused(.gone, "replyCancelled")
      }
      guard details.meeting.status == .confirmed else {
        return .refused(.gone, "replyCancelled")
      }
      guard let attendee = details.attendees.first(where: { $0.contact.id == ticket.contact })
      else { return .refused(.forbidden, "replyNotInvited") }
      if let occurrence = ticket.occurrence, details.meeting.isSeries {
        guard
          let planned = details.plan?.occurrences.first(where: {
            $0.occurrence.recurrenceID == occurrence
          })
        else { return .refused(.gone, "replyCancelled") }
        details = details.focused(on: planned.occurrence)
      }
      return .open(ticket, details, attendee.contact)
    }
  }
}
