import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaICalendar
import PokjaScheduling

extension PokjaWebServer {
  /// `/calendar` (the viewer's feeds: their own and their groups'), `/calendar/renew`, and the
  /// feeds themselves, `/feeds/TOKEN.ics`, which need no session: the token is the key.
  func addFeedRoutes(to router: Router<WebContext>) {
    router.get("/calendar") { request, context in
      guard let viewer = context.viewer else { return Self.redirect("/signin") }
      let language = context.language
      let base = settings.base
      let feeds = try await lanes.run { lane -> [FeedLink] in
        let actor = "web: \(viewer.contact.name)"
        var owners: [(FeedOwner, String)] = [
          (.contact(viewer.contact.id), pages.text("yourMeetings", language))
        ]
        for group in try lane.directory.groups() {
          let members = try lane.directory.expand(group)
          guard viewer.isSecretary || members.contains(where: { $0.id == viewer.contact.id })
          else { continue }
          owners.append(
            (.group(group.id), pages.text("groupMeetings", language) + " " + group.name))
        }
        return try owners.map { owner, heading in
          let (feed, token) = try lane.access.feed(of: owner, by: actor)
          let https = base + "/feeds/" + token + ".ics"
          let webcal = "webcal://" + https.drop { $0 != ":" }.dropFirst(3)
          return FeedLink(
            heading: heading, https: https, webcal: String(webcal), id: feed.id.rawValue)
        }
      }.map { link -> [String: Any] in
        [
          "heading": link.heading, "https": link.https, "webcal": link.webcal, "id": link.id,
          "formToken": viewer.formToken,
        ]
      }
      return render(
        "calendar", title: pages.text("calendar", language), ["feeds": feeds], context: context,
        request: request)
    }

    router.post("/calendar/renew") { request, context in
      guard let viewer = context.viewer else {
        return page(
          .forbidden, context: context, heading: "403", textKey: "badForm", showSignIn: true)
      }
      let form = try await Self.form(request, context: context)
      guard isSameOrigin(request), form["_csrf"] == viewer.formToken,
        let id = form.text("feed").flatMap(Int64.init).map({ CalendarFeedID($0) })
      else { return page(.forbidden, context: context, heading: "403", textKey: "badForm") }
      let renewed = try await lanes.run { lane -> Bool in
        guard let feed = try lane.access.store.calendarFeed(id), feed.revokedAt == nil else {
          return false
        }
        // A member renews their own feed; a group's feed, shared by many, only the secretariat.
        guard feed.owner == .contact(viewer.contact.id) || viewer.isSecretary else { return false }
        let actor = "web: \(viewer.contact.name)"
        _ = try lane.access.revokeFeed(id, by: actor)
        _ = try lane.access.newFeed(of: feed.owner, by: actor)
        return true
      }
      guard renewed else {
        return page(.forbidden, context: context, heading: "403", textKey: "forbidden")
      }
      return Self.redirect("/calendar")
    }

    router.get("/feeds/:file") { request, context in
      let file = context.parameters.get("file") ?? ""
      guard file.hasSuffix(".ics") else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let token = String(file.dropLast(4))
      let now = clock.now()
      let body = try await lanes.run { lane -> (CalendarFeedID, String)? in
        guard let feed = try lane.access.openFeed(token) else { return nil }
        return (feed.id, try Self.feedCalendar(feed, lane: lane, now: now))
      }
      guard let (id, text) = body else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let tag =
        "\""
        + SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        + "\""
      let modified = await feedCache.lastModified(of: id, tag: tag, now: now)
      var headers = HTTPFields()
      headers[.eTag] = tag
      headers[.lastModified] = Self.httpDate(modified)
      headers[.cacheControl] = "private, no-cache"
      if let match = request.headers[.ifNoneMatch] {
        if match.split(separator: ",").contains(where: {
          $0.trimmingCharacters(in: .whitespaces) == tag
            || $0.trimmingCharacters(in: .whitespaces) == "*"
        }) {
          return Response(status: .notModified, headers: headers)
        }
      } else if let since = request.headers[.ifModifiedSince].flatMap(Self.parseHTTPDate),
        Int(modified.timeIntervalSince1970) <= Int(since.timeIntervalSince1970)
      {
        return Response(status: .notModified, headers: headers)
      }
      headers[.contentType] = "text/calendar; charset=utf-8"
      headers[.contentDisposition] = "inline; filename=\"pokja.ics\""
      return Response(
        status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
  }

  /// The calendar a feed carries: the meetings of its contact (or most of its group's members),
  /// from 90 days back to a year ahead, as a PUBLISH calendar that Google, Outlook and Apple
  /// calendars subscribe to. Its DTSTAMP is the newest meeting's creation, so the same meetings
  /// give the same bytes (and ETag).
  static func feedCalendar(_ feed: CalendarFeed, lane: WebLane, now: Date) throws -> String {
    let from = now.addingTimeInterval(-90 * 86_400)
    let to = now.addingTimeInterval(366 * 86_400)
    var name: String
    var occurrences: [MeetingDetails]
    switch feed.owner {
    case .contact(let id):
      let contact = try lane.directory.contact(id.description)
      name = contact.name
      occurrences = try lane.scheduler.agenda(from: from, to: to, attendee: id)
    case .group(let id):
      guard let group = try lane.directory.groups().first(where: { $0.id == id }) else {
        return ""
      }
      name = group.name
      let members = Set(try lane.directory.expand(group).map(\.id))
      // A meeting is the group's when at least half of its members are invited (groups are
      // expanded into people when a meeting is made, so the meeting does not name the group).
      occurrences = try lane.scheduler.agenda(from: from, to: to).filter { details in
        let invited = details.attendees.filter { members.contains($0.contact.id) }.count
        return !members.isEmpty && invited * 2 >= members.count
      }
    }
    var seen: Set<MeetingID> = []
    var meetings: [MeetingDetails] = []
    for occurrence in occurrences where seen.insert(occurrence.meeting.id).inserted {
      meetings.append(try lane.scheduler.details(of: occurrence.meeting.id.description))
    }
    let stamp =
      meetings.map(\.meeting.createdAt).max() ?? Date(timeIntervalSince1970: 1_767_225_600)
    var calendar = MeetingCalendar.calendar(
      for: meetings, organiser: lane.organiser, method: .publish, stamp: stamp)
    let title = "Pokja: " + name
    calendar.properties += [
      .text("NAME", title),
      .text("X-WR-CALNAME", title),
      ICalendarProperty(
        "REFRESH-INTERVAL", parameters: [ICalendarParameter(name: "VALUE", value: "DURATION")],
        rawValue: "PT1H"),
      ICalendarProperty("X-PUBLISHED-TTL", rawValue: "PT1H"),
    ]
    return calendar.serialized()
  }

  static func httpDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: date)
  }

  static func parseHTTPDate(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.date(from: text)
  }
}

/// A feed as the calendar page offers it.
struct FeedLink: Sendable {
  var heading: String
  var https: String
  var webcal: String
  var id: Int64
}

/// When each feed's content last changed, as far as this server has seen: its ETag and the time
/// it first served that ETag (the server's start for the first request after a restart, which
/// only makes clients fetch once more).
actor FeedCache {
  private var seen: [CalendarFeedID: (tag: String, since: Date)] = [:]

  func lastModified(of feed: CalendarFeedID, tag: String, now: Date) -> Date {
    if let known = seen[feed], known.tag == tag { return known.since }
    let since = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
    seen[feed] = (tag, since)
    return since
  }
}
