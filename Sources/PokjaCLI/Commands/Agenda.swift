import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja {
  /// `pokja agenda`: the meetings of a week, a month or a range, for everyone or one person.
  struct Agenda: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "agenda",
      abstract:
        "Show the meetings of this week, this month or a range: table, JSON, .ics or WhatsApp text.",
      discussion: """
        --format whatsapp prints short text to paste into the group chat (Bahasa Indonesia unless \
        --lang en): each day, time with WIB/WITA/WIT, room and floor, link. --format ics prints a \
        calendar of the meetings (series with their changes) for importing. --contact shows one \
        person's meetings and their replies.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case table, json, ics, whatsapp
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(
      help: "This week, Monday to Sunday (the default, except for --format ics: a year from today)."
    )
    var week = false
    @Flag(help: "This calendar month.") var month = false
    @Option(help: "From this day (2026-12-01).") var from: String?
    @Option(help: "Through this day (2026-12-31).") var to: String?
    @Option(help: "Only this person's meetings: contact ID or email.") var contact: String?
    @Option(help: "table, json, ics or whatsapp.") var format: Format = .table
    @Option(help: "Language of the WhatsApp text: id or en.", completion: .list(["id", "en"]))
    var lang: String?
    @Option(help: "Act as if today were this day.") var today: String?

    func validate() throws {
      if week && month { throw ValidationError("Give --week or --month, not both.") }
      if (week || month) && (from != nil || to != nil) {
        throw ValidationError("Give --week/--month or --from/--to, not both.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let zone = services.config.timeZone
      let now =
        try today.map { text throws(InputError) in
          try Validate.field("--today") { () throws(InputError) in
            try DateTimeText.parse(text, in: zone)
          }
        } ?? environment.clock.now()
      let (start, end) = try range(now: now, zone: zone)
      let person = try contact.map { try services.directory.contact($0) }
      let occurrences = try services.scheduler.agenda(from: start, to: end, attendee: person?.id)
      let language =
        try lang.map { text throws(InputError) in
          guard let language = Language(rawValue: text.lowercased()) else {
            throw InputError.invalidLanguage(text)
          }
          return language
        } ?? person?.language ?? .indonesian
      switch output.json ? .json : format {
      case .table:
        AgendaPrinter(services: services, output: output).table(
          occurrences, empty: "No meetings in this period.", contact: person?.id)
      case .json:
        services.console.write(
          JSONOutput.encode(occurrences.map(JSONOutput.MeetingRecord.init(occurrence:))))
      case .ics:
        var seen: Set<MeetingID> = []
        var meetings: [MeetingDetails] = []
        for occurrence in occurrences where seen.insert(occurrence.meeting.id).inserted {
          meetings.append(try services.scheduler.details(of: occurrence.meeting.id.description))
        }
        let calendar = MeetingCalendar.calendar(
          for: meetings, organiser: services.organiser, method: .publish,
          stamp: environment.clock.now())
        services.console.writeRaw(calendar.serialized())
      case .whatsapp:
        let heading =
          language == .indonesian
          ? "Agenda \(services.config.organiserName)" : "\(services.config.organiserName) agenda"
        services.console.writeRaw(
          AgendaText.whatsapp(
            occurrences, from: start, to: end, zone: zone, language: language, title: heading))
      }
    }

    /// The period asked for: start inclusive, end exclusive.
    private func range(now: Date, zone: TimeZone) throws -> (Date, Date) {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      calendar.firstWeekday = 2
      if from != nil || to != nil {
        let start =
          try from.map { text in
            try DateTimeText.parse(Validate.day(text, field: "--from"), in: zone)
          } ?? calendar.startOfDay(for: now)
        let end =
          try to.map { text in
            try DateTimeText.parse(Validate.day(text, field: "--to"), in: zone)
              .addingTimeInterval(86_400)
          } ?? start.addingTimeInterval(7 * 86_400)
        guard end > start else {
          throw ValidationError(
            "--to \(to ?? "") comes before --from \(from ?? ""): give the earlier day first.")
        }
        return (start, end)
      }
      if format == .ics && !output.json && !week && !month {
        // A calendar for the phone: everything from today, a year ahead (series come whole).
        let today = calendar.startOfDay(for: now)
        return (today, calendar.date(byAdding: .year, value: 1, to: today) ?? today)
      }
      let unit: Calendar.Component = month ? .month : .weekOfYear
      guard let interval = calendar.dateInterval(of: unit, for: now) else {
        return (calendar.startOfDay(for: now), now.addingTimeInterval(7 * 86_400))
      }
      return (interval.start, interval.end)
    }
  }
}
