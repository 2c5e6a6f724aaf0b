import Foundation
import Hummingbird
import PokjaAccess
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension PokjaWebServer {
  /// `/agenda` (this week or month, or from a day), `/meetings/ID` (one meeting or, with
  /// `?occurrence=`, one occurrence), answering from there, and `/meetings/ID/replies` for the
  /// secretariat.
  func addAgendaRoutes(to router: Router<WebContext>) {
    router.get("/agenda") { request, context in
      guard let viewer = context.viewer else { return Self.redirect("/signin") }
      let query = Self.query(request)
      let language = context.language
      let month = query["range"] == "month"
      let zone = settings.timeZone
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      calendar.firstWeekday = 2
      let now = clock.now()
      let anchor = query.text("from").flatMap { Self.day($0, in: calendar) } ?? now
      let unit: Calendar.Component = month ? .month : .weekOfYear
      let start = calendar.dateInterval(of: unit, for: anchor)?.start ?? anchor
      let end = calendar.date(byAdding: unit, value: 1, to: start) ?? anchor
      let contact = viewer.contact.id
      let occurrences = try await lanes.run { lane in
        try lane.scheduler.agenda(from: start, to: end)
      }
      let meetings = occurrences.map { details -> [String: Any] in
        var item = Self.meetingValues(details, language: language)
        item["href"] = Self.meetingHref(details)
        if details.attendees.contains(where: { $0.contact.id == contact }) {
          item["answer"] = ReplyWords.answer(
            Replies.answer(
              of: contact, in: details, occurrence: details.occurrence?.recurrenceID),
            language: language)
        }
        return item
      }
      let day = { (date: Date) in String(LocalTime.iso(date, in: zone).prefix(10)) }
      let lastDay = end.addingTimeInterval(-1)
      let values: [String: Any] = [
        "period": LocalizedDate.day(start, in: zone, language: language) + " – "
          + LocalizedDate.day(lastDay, in: zone, language: language),
        "meetings": meetings, "hasMeetings": !meetings.isEmpty,
        "nextWeek": day(calendar.date(byAdding: .weekOfYear, value: 1, to: now) ?? now),
        "nextMonth": day(
          calendar.date(
            byAdding: .month, value: 1,
            to: calendar.dateInterval(of: .month, for: now)?.start ?? now) ?? now),
      ]
      return render(
        "agenda", title: pages.text("agenda", language), values, context: context,
        request: request)
    }

    router.get("/meetings/:id") { request, context in
      guard let viewer = context.viewer else { return Self.redirect("/signin") }
      guard let id = context.parameters.get("id").flatMap(Int64.init).map({ MeetingID($0) }) else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let occurrence = Self.query(request).text("occurrence").flatMap(TimeInterval.init).map(
        Date.init(timeIntervalSince1970:))
      guard let details = try await meeting(id, occurrence: occurrence) else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let language = context.language
      var values = Self.meetingValues(details, language: language)
      let recurrenceID = details.occurrence?.recurrenceID
      if details.meeting.status == .confirmed,
        details.attendees.contains(where: { $0.contact.id == viewer.contact.id }),
        (details.occurrence?.end ?? details.meeting.end) > clock.now()
      {
        var reply: [String: Any] = [
          "answerText": ReplyWords.answer(
            Replies.answer(of: viewer.contact.id, in: details, occurrence: recurrenceID),
            language: language),
          "action": "/meetings/\(id)/reply", "formToken": viewer.formToken,
        ]
        if let recurrenceID { reply["occurrence"] = Int64(recurrenceID.timeIntervalSince1970) }
        values["reply"] = reply
      }
      let (files, hasList) = try await lanes.run { lane in
        (
          try lane.documents?.documents(of: .meeting(id)) ?? [],
          try lane.invitationLists.map { try !$0.versions(of: id.description).1.isEmpty } ?? false
        )
      }
      if hasList { values["listHref"] = "/meetings/\(id)/list" }
      if !files.isEmpty {
        values["files"] = files.map { document -> [String: Any] in
          [
            "href": Self.documentPath(document), "name": document.filename,
            "size": DocumentLibrary.sizeText(document.size),
          ]
        }
        values["hasLinks"] = true
      }
      if viewer.isSecretary {
        values["repliesHref"] =
          "/meetings/\(id)/replies"
          + (recurrenceID.map { "?occurrence=\(Int64($0.timeIntervalSince1970))" } ?? "")
      }
      return render(
        "meeting", title: details.meeting.title, values, context: context, request: request)
    }

    router.post("/meetings/:id/reply") { request, context in
      guard let viewer = context.viewer else {
        return page(
          .forbidden, context: context, heading: "403", textKey: "badForm", showSignIn: true)
      }
      let form = try await Self.form(request, context: context)
      guard isSameOrigin(request), form["_csrf"] == viewer.formToken,
        let id = context.parameters.get("id").flatMap(Int64.init).map({ MeetingID($0) }),
        let answer = form.text("answer").flatMap({ try? MeetingScheduler.participation($0) }),
        answer != .needsAction
      else { return page(.forbidden, context: context, heading: "403", textKey: "badForm") }
      let occurrence = form.text("occurrence").flatMap(TimeInterval.init).map(
        Date.init(timeIntervalSince1970:))
      let client = context.client
      try await lanes.run { lane in
        _ = try lane.replies().record(
          meeting: id, contact: viewer.contact.id, answer: answer, occurrence: occurrence,
          via: "web", deliver: false)
        try lane.access.store.recordAccessEvent(
          AccessEvent(
            at: lane.access.now, kind: .replied, contactID: viewer.contact.id, address: client,
            detail: "meeting \(id): \(answer.rawValue)"))
      }
      await deliveries.start()
      return Self.redirect(
        "/meetings/\(id)"
          + (occurrence.map { "?occurrence=\(Int64($0.timeIntervalSince1970))" } ?? ""))
    }

    router.get("/meetings/:id/replies") { request, context in
      guard let viewer = context.viewer else { return Self.redirect("/signin") }
      guard viewer.isSecretary else {
        return page(.forbidden, context: context, heading: "403", textKey: "forbidden")
      }
      guard let id = context.parameters.get("id").flatMap(Int64.init).map({ MeetingID($0) }) else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let occurrence = Self.query(request).text("occurrence").flatMap(TimeInterval.init).map(
        Date.init(timeIntervalSince1970:))
      guard let details = try await meeting(id, occurrence: occurrence) else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let language = context.language
      let recurrenceID = details.occurrence?.recurrenceID
      let rows = details.attendees.map { attendee -> [String: Any] in
        let status = Replies.answer(of: attendee.contact.id, in: details, occurrence: recurrenceID)
        return [
          "name": attendee.contact.addressedName, "href": "/people/\(attendee.contact.id)",
          "organisation": attendee.organisation?.shortName ?? "",
          "answer": ReplyWords.answer(status, language: language), "status": status.rawValue,
        ]
      }.sorted {
        ($0["status"] as! String, $0["name"] as! String) < (
          $1["status"] as! String, $1["name"] as! String
        )
      }
      let counts = ParticipationStatus.allCases.map { status -> [String: Any] in
        [
          "status": status.rawValue, "label": ReplyWords.answer(status, language: language),
          "count": rows.filter { $0["status"] as? String == status.rawValue }.count,
        ]
      }
      var values = Self.meetingValues(details, language: language)
      values["rows"] = rows
      values["counts"] = counts
      values["meetingHref"] = Self.meetingHref(details)
      if let recurrenceID {
        values["occurrenceDay"] = LocalizedDate.day(
          recurrenceID, in: details.meeting.timeZone, language: language)
      }
      return render(
        "replies", title: pages.text("replies", language), values, context: context,
        request: request)
    }
  }

  /// The meeting, focused on the occurrence originally starting at `occurrence` when given.
  func meeting(_ id: MeetingID, occurrence: Date?) async throws -> MeetingDetails? {
    try await lanes.run { lane -> MeetingDetails? in
      guard let details = try? lane.scheduler.details(of: id.description) else { return nil }
      guard let occurrence, details.meeting.isSeries else { return details }
      guard
        let planned = details.plan?.occurrences.first(where: {
          $0.occurrence.recurrenceID == occurrence
        })
      else { return nil }
      return details.focused(on: planned.occurrence)
    }
  }

  /// The start of the day `2027-01-04` in `calendar`'s zone.
  static func day(_ text: String, in calendar: Calendar) -> Date? {
    guard let match = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})/#),
      let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    return calendar.date(from: DateComponents(year: year, month: month, day: day))
  }

  static func meetingHref(_ details: MeetingDetails) -> String {
    guard details.meeting.isSeries, let occurrence = details.occurrence else {
      return "/meetings/\(details.meeting.id)"
    }
    return
      "/meetings/\(details.meeting.id)?occurrence=\(Int64(occurrence.recurrenceID.timeIntervalSince1970))"
  }

  /// What a meeting's pages show: title, day, time, place (room, floor, building, map), links.
  static func meetingValues(_ details: MeetingDetails, language: Language) -> [String: Any] {
    let meeting = details.meeting
    let zone = meeting.timeZone
    var values: [String: Any] = [
      "title": meeting.title,
      "day": LocalizedDate.day(meeting.start, in: zone, language: language),
      "time": LocalizedDate.timeRange(meeting.start, meeting.end, in: zone, language: language),
      "cancelled": meeting.status == .cancelled,
    ]
    if let location = details.locationText {
      values["location"] = location
      if !location.contains("://") { values["mapURL"] = mapURL(location) }
    }
    if let room = details.room {
      var roomValues: [String: Any] = ["name": room.name]
      roomValues["floor"] = room.floor
      roomValues["building"] = room.building
      values["room"] = roomValues
    }
    if let description = meeting.description { values["description"] = description }
    if details.occurrence == nil, let repeats = RepetitionText.describe(meeting, language: language)
    {
      values["repeats"] = repeats
    }
    let links = webLinks(in: [details.locationText, meeting.description].compactMap { $0 })
    values["links"] = links
    values["hasLinks"] = !links.isEmpty
    return values
  }

  /// The http(s) links written in `texts` (an online meeting's address, a shared document), once each.
  static func webLinks(in texts: [String]) -> [String] {
    var seen: Set<String> = []
    var links: [String] = []
    for text in texts {
      for match in text.matches(of: #/https?://[^\s<>"]+/#) {
        var link = String(match.output)
        while let last = link.last, ".,;:)".contains(last) { link.removeLast() }
        if seen.insert(link).inserted { links.append(link) }
      }
    }
    return links
  }
}
