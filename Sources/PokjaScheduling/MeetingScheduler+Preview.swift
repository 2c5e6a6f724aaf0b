import Foundation
import PokjaCore

extension MeetingScheduler {
  /// The occurrence of `details`' series on `day` (`2027-01-04`, or a date-time for an exact one),
  /// as `--occurrence` names it; for `notify preview`.
  public func occurrence(of details: MeetingDetails, on day: String) throws -> MeetingOccurrence {
    try occurrence(of: details, day: day, option: "--occurrence")
  }
}
