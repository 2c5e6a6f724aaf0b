import Foundation
import PokjaCore
import PokjaRecurrence

/// Keeping series' plans current: after new holiday data, and further ahead as time passes.
extension MeetingScheduler {
  /// Plans again the series with a holiday policy when the holiday data changed since they were
  /// planned (a new decree in `$POKJA_HOME/holidays.json`); returns how many. Every command that
  /// books or changes meetings, and the cron commands, call it first.
  @discardableResult
  public func replanForHolidays() throws -> Int {
    guard let holidays else { return 0 }
    let fingerprint = holidays.fingerprint
    let known = try store.setting("holidays")
    guard known != fingerprint else { return 0 }
    let now = clock.now()
    let series = try store.meetings().filter {
      $0.status == .confirmed && $0.isSeries && $0.onHoliday != nil
    }
    var plans: [(MeetingID, SeriesPlan)] = []
    for meeting in series where known != nil {
      let overrides = try store.overrides(of: meeting.id)
      plans.append(
        (
          meeting.id,
          try Validate.recurrence { () throws(RecurrenceError) in
            try planner.plan(meeting, overrides: overrides, now: now)
          }
        ))
    }
    try store.write { transaction in
      for (id, plan) in plans { try transaction.store(plan, of: id) }
      try transaction.setSetting("holidays", fingerprint)
    }
    return plans.count
  }

  /// Plans unending series further ahead when their plan ends within `margin` of `now`; returns how
  /// many were extended. Cron commands call it, so occurrences are always there to remind about.
  @discardableResult
  public func extendPlans(margin: TimeInterval = SeriesPlanner.horizon / 2) throws -> Int {
    try replanForHolidays()
    let now = clock.now()
    let stale = try store.seriesPlanned(before: now.addingTimeInterval(margin))
    var extended = 0
    for meeting in stale {
      let overrides = try store.overrides(of: meeting.id)
      let plan = try Validate.recurrence { () throws(RecurrenceError) in
        try planner.plan(meeting, overrides: overrides, now: now)
      }
      // A series planned whole (COUNT or UNTIL reached) has nothing further to plan: marked as
      // planned for good, so later runs do not plan every finished series again.
      if !plan.isComplete { extended += 1 }
      try store.write { transaction in
        try transaction.replaceOccurrences(
          of: meeting.id, with: plan.occurrences.map(\.occurrence),
          plannedThrough: plan.isComplete ? .distantFuture : plan.plannedThrough)
      }
    }
    return extended
  }
}
