import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting suggest --attendee … --duration 2h --within A..B`: finds a time.
  struct Suggest: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "suggest",
      abstract: "Find the best times for a meeting: who is free, with a free room.",
      discussion: """
        Slots are ranked by how many required attendees are free, then by fewest optional \
        attendees busy, then earliest; weekends and holidays are skipped. With --room any, the \
        smallest free room that seats everyone is chosen. When nothing fits, the constraint that \
        ruled everything out is named.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "A required attendee: contact ID, email or @group; repeat.")
    var attendee: [String] = []
    @Option(help: "A group whose members are required: @pleno or pleno; repeat.")
    var group: [String] = []
    @Option(help: "An optional attendee; repeat.") var optional: [String] = []
    @Option(help: "How long: 2h, 90m.") var duration: String
    @Option(help: "Days to search: 2026-12-01..2026-12-19.") var within: String
    @Option(help: "Working hours: 09:00-16:00 (the default).") var hours: String?
    @Option(help: "A room (ID or name), or 'any' for the best free one.") var room: String?
    @Option(help: "Share of required attendees who must be free: 80%.") var quorum: String?
    @Option(help: "Time zone of the window and hours (default: configured).") var tz: String?
    @Option(help: "How many slots to offer.") var limit = 5

    func validate() throws {
      if attendee.isEmpty && group.isEmpty {
        throw ValidationError("Name who should attend: --attendee CONTACT or --group @GROUP.")
      }
      if limit <= 0 { throw ValidationError("--limit must be at least 1.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let groups = group.map { $0.hasPrefix("@") ? $0 : "@" + $0 }
      let suggestion = try services.scheduler.suggest(
        SuggestRequest(
          attendees: attendee + groups, optionalAttendees: optional, duration: duration,
          within: within, hours: hours, room: room, quorum: quorum, timeZone: tz, limit: limit))
      let zone = suggestion.timeZone
      switch suggestion.result {
      case .noSlot(let reason):
        if output.json { services.console.write("[]") }
        throw reason
      case .found(let slots):
        if output.json {
          services.console.write(
            JSONOutput.encode(
              slots.map { SlotRecord($0, suggestion: suggestion, zone: zone) }))
          return
        }
        var table = Table([
          .init("When"), .init("Free"), .init("Busy", flexible: true),
          .init("Room", flexible: true),
        ])
        for slot in slots {
          table.add([
            LocalTime.span(slot.start, slot.end, in: zone),
            "\(slot.free.count)/\(suggestion.requiredCount)",
            slot.busy.compactMap { suggestion.people[$0]?.name }.joined(separator: ", "),
            slot.room?.name,
          ])
        }
        output.write(table, to: services.console)
      }
    }
  }

  struct SlotRecord: Encodable {
    let start: String
    let end: String
    let free: Int
    let required: Int
    let busy: [String]
    let optionalBusy: [String]
    let room: Room?

    init(_ slot: SuggestedSlot, suggestion: Suggestion, zone: TimeZone) {
      start = LocalTime.isoWithOffset(slot.start, in: zone)
      end = LocalTime.isoWithOffset(slot.end, in: zone)
      free = slot.free.count
      required = suggestion.requiredCount
      busy = slot.busy.compactMap { suggestion.people[$0]?.name }
      optionalBusy = slot.optionalBusy.compactMap { suggestion.people[$0]?.name }
      room = slot.room
    }
  }
}
