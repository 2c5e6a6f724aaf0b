import Foundation
import Hummingbird
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling

extension PokjaWebServer {
  /// `/meetings/ID/list`: the latest version of a meeting's invitation list as members discuss it
  /// (who is invited, the counts, the comments so far) with a form to comment or object;
  /// `POST /meetings/ID/list/comments` records one in the member's name, as
  /// `pokja meeting list-draft comment` does.
  func addListRoutes(to router: Router<WebContext>) {
    router.get("/meetings/:id/list") { request, context in
      guard let viewer = context.viewer else { return Self.redirect("/signin") }
      guard let id = context.parameters.get("id").flatMap(Int64.init).map({ MeetingID($0) }),
        let details = try await meeting(id, occurrence: nil)
      else { return page(.notFound, context: context, heading: "404", textKey: "notFound") }
      let language = context.language
      let zone = details.meeting.timeZone
      struct Found: Sendable {
        var report: ListReport
        var comments: [ListComment]
        /// What each comment objects to, in words (same order).
        var objectedTo: [String?]
        var choices: [[String: String]]
      }
      let found = try await lanes.run { lane -> Found? in
        guard let lists = lane.invitationLists,
          !(try lists.versions(of: id.description).1.isEmpty)
        else { return nil }
        let report = try lists.report(meeting: id.description)
        var choices: [[String: String]] = []
        for entry in report.version.entries {
          let value: String
          switch entry {
          case .contact(let contact):
            guard let person = report.people.first(where: { $0.contact.id == contact }) else {
              continue
            }
            value = person.contact.email.value
          case .organisation(let organisation):
            guard let named = try? lane.directory.organisation(organisation.description) else {
              continue
            }
            value = named.name
          case .group(let name, _):
            value = "@" + name
          }
          choices.append(["value": value, "label": try lists.describe(entry)])
        }
        // People a group or organisation brought in can be objected to one by one.
        for person in report.people
        where !choices.contains(where: { $0["value"] == person.contact.email.value }) {
          choices.append([
            "value": person.contact.email.value,
            "label": person.contact.name
              + (person.organisation.map { " (\($0.shortName))" } ?? ""),
          ])
        }
        let comments = try lists.comments(of: id)
        return Found(
          report: report, comments: comments,
          objectedTo: try comments.map { try $0.entry.map { try lists.describe($0) } },
          choices: choices)
      }
      guard let found else {
        return page(.notFound, context: context, heading: "404", textKey: "noList")
      }
      let report = found.report
      func counts(_ list: [ListCount], balance: Bool = false) -> [[String: Any]] {
        list.filter { $0.count > 0 }.map { count in
          var value: [String: Any] = [
            "name": balance
              ? ListBalance(rawValue: count.name)?.label(language) ?? count.name : count.name,
            "count": count.count,
          ]
          if count.isOver, let limit = count.limit {
            value["over"] = true
            value["limit"] = limit
          }
          return value
        }
      }
      var values: [String: Any] = [
        "version": report.version.number,
        "peopleCount": report.people.count,
        "people": report.people.map { person -> [String: String] in
          ["name": person.contact.name, "organisation": person.organisation?.shortName ?? ""]
        },
        "byOrganisation": counts(report.byOrganisation),
        "byProvince": counts(report.byProvince),
        "byBalance": counts(report.byBalance, balance: true),
        "comments": zip(found.comments, found.objectedTo).map { comment, entry -> [String: Any] in
          var value: [String: Any] = [
            "author": comment.author, "text": comment.text, "version": comment.version,
            "at": LocalizedDate.day(comment.at, in: zone, language: language) + " "
              + LocalizedDate.clock(comment.at, in: zone, language: language),
          ]
          if comment.isObjection {
            value["objection"] = true
            if let entry { value["entry"] = entry }
          }
          return value
        },
        "choices": found.choices,
      ]
      if let approvedBy = report.version.approvedBy { values["approvedBy"] = approvedBy }
      if let note = report.version.note { values["note"] = note }
      values.merge(Self.meetingValues(details, language: language)) { mine, _ in mine }
      values["meetingHref"] = Self.meetingHref(details)
      values["action"] = "/meetings/\(id)/list/comments"
      values["formToken"] = viewer.formToken
      return render(
        "invitation-list", title: pages.text("invitationList", language), values,
        context: context, request: request)
    }

    router.post("/meetings/:id/list/comments") { request, context in
      guard let viewer = context.viewer else {
        return page(
          .forbidden, context: context, heading: "403", textKey: "badForm", showSignIn: true)
      }
      let form = try await Self.form(request, context: context)
      guard isSameOrigin(request), form["_csrf"] == viewer.formToken,
        let id = context.parameters.get("id").flatMap(Int64.init).map({ MeetingID($0) }),
        let text = form.text("text")?.trimmingCharacters(in: .whitespacesAndNewlines),
        !text.isEmpty
      else { return page(.forbidden, context: context, heading: "403", textKey: "badForm") }
      let object = form.text("object").flatMap { $0.isEmpty ? nil : $0 }
      let recorded: Bool
      do {
        recorded = try await lanes.run { lane -> Bool in
          guard let lists = lane.invitationLists else { return false }
          _ = try lists.comment(
            meeting: id.description, text: String(text.prefix(2_000)), by: viewer.contact.name,
            objectingTo: object)
          return true
        }
      } catch SchedulingError.noList(_) {
        return page(.notFound, context: context, heading: "404", textKey: "noList")
      } catch is SchedulingError, is DirectoryError {
        // The list changed since the page was shown (a person no longer on it): show it again.
        return page(.conflict, context: context, heading: "409", textKey: "badForm")
      } catch is InputError {
        return page(.badRequest, context: context, heading: "400", textKey: "badForm")
      }
      guard recorded else {
        return page(.notFound, context: context, heading: "404", textKey: "noList")
      }
      return Self.redirect("/meetings/\(id)/list")
    }
  }
}
