import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting upcoming --within 14d [--invite]`: what comes next; for cron, invites to it.
  struct Upcoming: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "upcoming",
      abstract: "List the occurrences coming up; with --invite, invite their attendees (for cron).",
      discussion: """
        With --invite, every attendee of a meeting that has an occurrence within the window gets \
        the invitation (a series as one invitation) unless they already have the current version: \
        running it again sends nothing new. Unending series are planned further ahead as needed. \
        A meeting whose invitation list ('meeting list-draft') is not approved is left out, with a \
        warning.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "How far ahead: 14d, 48h.") var within = "14d"
    @Flag(help: "Send invitations to attendees not yet invited.") var invite = false
    @Option(help: "Act as if it were this time (local in the configured zone, or with offset).")
    var now: String?
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      let scheduler = services.scheduler
      let span = try Validate.field("--within") { () throws(InputError) in
        try TimeSpan(parsing: within)
      }
      let start =
        try now.map { text throws(InputError) in
          try Validate.field("--now") { () throws(InputError) in
            try DateTimeText.parse(text, in: services.config.timeZone)
          }
        } ?? environment.clock.now()
      try scheduler.extendPlans()
      let occurrences = try scheduler.agenda(
        from: start, to: start.addingTimeInterval(span.timeInterval))
      if invite {
        var seen: Set<MeetingID> = []
        var meetings: [MeetingDetails] = []
        let lists = services.invitationLists
        for occurrence in occurrences where seen.insert(occurrence.meeting.id).inserted {
          // A meeting whose invitation list is still being agreed is left for the secretary.
          do {
            try lists.requireApproved(occurrence.meeting.id)
          } catch {
            services.console.error("warning: \(error.localizedDescription)")
            continue
          }
          meetings.append(try scheduler.details(of: occurrence.meeting.id.description))
        }
        let report = try services.invitations.send(meetings: meetings)
        try services.report(report, noun: "invitation", json: output.json)
        return
      }
      AgendaPrinter(services: services, output: output).table(
        occurrences, empty: "Nothing in the next \(span).")
    }
  }
}
