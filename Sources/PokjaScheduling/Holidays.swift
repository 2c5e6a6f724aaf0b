import Foundation
import PokjaCore

/// A public holiday or collective-leave day (cuti bersama) in Indonesia.
public struct Holiday: Sendable, Hashable, Codable {
  /// `2026-12-25`.
  public var date: String
  /// The Indonesian name, as the decree writes it.
  public var name: String
  public var english: String?
  public var kind: Kind
  /// True for dates not yet fixed by the government's decree (Islamic and lunar holidays of next
  /// year): update the data file when the decree appears.
  public var estimated: Bool

  public enum Kind: String, Sendable, Hashable, Codable {
    /// Libur nasional.
    case national
    /// Cuti bersama: government offices closed, many others too.
    case collectiveLeave = "collective-leave"
  }

  public init(
    date: String, name: String, english: String? = nil, kind: Kind = .national,
    estimated: Bool = false
  ) {
    self.date = date
    self.name = name
    self.english = english
    self.kind = kind
    self.estimated = estimated
  }

  enum CodingKeys: String, CodingKey { case date, name, english, kind, estimated }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    date = try container.decode(String.self, forKey: .date)
    name = try container.decode(String.self, forKey: .name)
    english = try container.decodeIfPresent(String.self, forKey: .english)
    kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .national
    estimated = try container.decodeIfPresent(Bool.self, forKey: .estimated) ?? false
  }

  /// The name in `language`.
  public func name(_ language: Language) -> String {
    language == .english ? english ?? name : name
  }
}

/// Indonesia's national holidays and collective-leave days, from a data file that ships with Pokja
/// (`holidays-id.json`: this year from the ministers' joint decree, next year's fixed and computed
/// dates, estimates marked) and may be replaced by a newer one.
public struct HolidayCalendar: Sendable {
  private let byDate: [String: Holiday]

  public init(_ holidays: [Holiday]) {
    var byDate: [String: Holiday] = [:]
    // A national holiday wins over collective leave on the same day.
    for holiday in holidays where byDate[holiday.date]?.kind != .national {
      byDate[holiday.date] = holiday
    }
    self.byDate = byDate
  }

  /// The holidays in Pokja's own data (Sources/PokjaScheduling/Embedded/holidays-id.json, embedded
  /// in the binary at build time by the EmbedData plugin).
  public static func builtIn() throws(SchedulingError) -> HolidayCalendar {
    try parse(
      Data((EmbeddedFiles.contents["holidays-id.json"] ?? "").utf8),
      source: "Sources/PokjaScheduling/Embedded/holidays-id.json")
  }

  /// The holidays in a data file of the same shape (`{"holidays": [{"date", "name", …}]}`).
  public static func load(_ url: URL) throws(SchedulingError) -> HolidayCalendar {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .holidayData(url.path, error.localizedDescription)
    }
    return try parse(data, source: url.path)
  }

  private static func parse(_ data: Data, source: String) throws(SchedulingError)
    -> HolidayCalendar
  {
    struct File: Decodable { let holidays: [Holiday] }
    let file: File
    do {
      file = try JSONDecoder().decode(File.self, from: data)
    } catch {
      throw .holidayData(source, "\(error)")
    }
    for holiday in file.holidays where holiday.date.wholeMatch(of: #/\d{4}-\d{2}-\d{2}/#) == nil {
      throw .holidayData(source, "'\(holiday.date)' is not a date like 2026-12-25")
    }
    return HolidayCalendar(file.holidays)
  }

  /// The holiday on the local day of `date` in `zone`, if any.
  public func holiday(on date: Date, in zone: TimeZone) -> Holiday? {
    byDate[String(LocalTime.iso(date, in: zone).prefix(10))]
  }

  /// Every holiday, by date.
  public var all: [Holiday] { byDate.values.sorted { $0.date < $1.date } }

  /// A short digest of the dates (and kinds): it changes when the holiday data does.
  public var fingerprint: String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for holiday in all {
      for byte in "\(holiday.date) \(holiday.kind.rawValue)\n".utf8 {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
      }
    }
    return String(value, radix: 16)
  }

  /// The holiday on `day` (`2026-12-25`), if any.
  public func holiday(onDay day: String) -> Holiday? { byDate[day] }
}
