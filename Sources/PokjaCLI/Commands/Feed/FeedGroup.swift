import ArgumentParser
import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory

extension Pokja {
  /// `pokja feed …`: subscribable calendars of a contact's or a group's meetings.
  struct FeedGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "feed",
      abstract: "Calendar feeds (webcal://…/feeds/TOKEN.ics) of a contact's or a group's meetings.",
      discussion: """
        A feed's address is its key: anyone with it can read those meetings. Members find their \
        own on the web pages (Calendar); 'feed revoke' makes an address stop working at once.
        """,
      subcommands: [Show.self, List.self, Revoke.self])
  }
}

extension Pokja.FeedGroup {
  /// `pokja feed show CONTACT|@GROUP [--new]`.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Print the feed address of a contact or @group (made now when there is none).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "A contact (ID or email) or a group (@pleno).") var owner: String
    @Flag(help: "Make a new address beside the ones already given out.") var new = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      guard let base = services.config.webURL?.absoluteString else {
        throw AccessError.noWebAddress
      }
      let owner = try Pokja.FeedGroup.owner(self.owner, services: services)
      let access = try services.access
      let (feed, token) =
        new
        ? try access.newFeed(of: owner, by: services.actor)
        : try access.feed(of: owner, by: services.actor)
      let https = base + "/feeds/" + token + ".ics"
      let record = FeedRecord(feed, url: https)
      if output.json {
        services.console.write(JSONOutput.encode(record))
      } else {
        services.console.write(record.webcal ?? https)
        services.console.error("Feed \(feed.id); also as \(https)")
      }
    }
  }

  /// `pokja feed list`.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "Every calendar feed: whose, since when, whether revoked.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let access = try services.access
      let base = services.config.webURL?.absoluteString
      let feeds = try access.store.calendarFeeds(of: nil)
      let groups = Dictionary(
        try services.directory.groups().map { ($0.id, $0.name) }
      ) { first, _ in first }
      let records = feeds.map { feed in
        FeedRecord(feed, url: base.map { $0 + "/feeds/" + access.token(of: feed) + ".ics" })
      }
      if output.json {
        services.console.write(JSONOutput.encode(records))
        return
      }
      guard !feeds.isEmpty else {
        services.console.write("No calendar feeds yet: 'pokja feed show CONTACT' makes one.")
        return
      }
      let zone = services.config.timeZone
      var table = Table([
        .init("ID"), .init("Whose", flexible: true), .init("Made"), .init("By"), .init("State"),
      ])
      for feed in feeds {
        let whose: String
        switch feed.owner {
        case .contact(let id):
          whose = (try? services.directory.contact(id.description).name) ?? "contact \(id)"
        case .group(let id): whose = "@" + (groups[id] ?? "\(id)")
        }
        table.add([
          feed.id.description, whose, DateTimeText.display(feed.createdAt, in: zone),
          feed.createdBy,
          feed.revokedAt.map { "revoked " + DateTimeText.display($0, in: zone) } ?? "active",
        ])
      }
      output.write(table, to: services.console)
    }
  }

  /// `pokja feed revoke ID…`.
  struct Revoke: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "revoke",
      abstract: "Make feed addresses stop working (by the IDs 'feed list' shows).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Feed IDs.") var ids: [String]

    func validate() throws {
      guard !ids.isEmpty else { throw ValidationError("Name the feeds to revoke by their IDs.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let access = try services.access
      var feeds: [CalendarFeedID] = []
      for text in ids {
        guard let id = CalendarFeedID(parsing: text),
          let feed = try access.store.calendarFeed(id), feed.revokedAt == nil
        else { throw AccessError.feedNotFound(text) }
        feeds.append(id)
      }
      for id in feeds { _ = try access.revokeFeed(id, by: services.actor) }
      services.console.write("Revoked \(counted(feeds.count, "feed")).")
    }
  }

  static func owner(_ reference: String, services: Services) throws -> FeedOwner {
    if reference.hasPrefix("@") {
      return .group(try services.directory.group(String(reference.dropFirst())).id)
    }
    return .contact(try services.directory.contact(reference).id)
  }
}

/// A feed as `feed list --json` and `feed show --json` print it.
struct FeedRecord: Encodable {
  let id: Int64
  let contactId: Int64?
  let groupId: Int64?
  let createdAt: String
  let createdBy: String
  let revokedAt: String?
  /// The https address, when `[web] url` is set.
  let url: String?
  let webcal: String?

  init(_ feed: CalendarFeed, url: String?) {
    let format = ISO8601DateFormatter()
    id = feed.id.rawValue
    switch feed.owner {
    case .contact(let id):
      contactId = id.rawValue
      groupId = nil
    case .group(let id):
      contactId = nil
      groupId = id.rawValue
    }
    createdAt = format.string(from: feed.createdAt)
    createdBy = feed.createdBy
    revokedAt = feed.revokedAt.map { format.string(from: $0) }
    self.url = url
    webcal = url.map { "webcal://" + $0.drop { $0 != ":" }.dropFirst(3) }
  }
}
