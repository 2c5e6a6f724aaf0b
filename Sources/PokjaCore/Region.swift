import Foundation

/// Where an organisation works: a province, and optionally one regency or city in it.
/// No region at all means national coverage.
public struct Region: Hashable, Sendable, Codable, CustomStringConvertible {
  public var province: Province
  /// "Kota Surabaya", "Kabupaten Bandung": accepted by name within the province.
  public var regency: String?

  public init(province: Province, regency: String? = nil) {
    self.province = province
    self.regency = regency.map(Self.normalisedRegency)
  }

  /// "Kota Surabaya, Jawa Timur" or "Jawa Timur".
  public var description: String {
    [regency, province.name].compactMap { $0 }.joined(separator: ", ")
  }

  /// The folded regency name used for matching ("kota surabaya").
  public var regencyKey: String? { regency.map(SearchKey.fold) }

  /// Spells out the usual abbreviations: "Kab. Bandung" → "Kabupaten Bandung", "Kota Adm. Jakarta
  /// Pusat" stays, extra spaces go.
  public static func normalisedRegency(_ text: String) -> String {
    var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
    if let first = words.first {
      switch SearchKey.fold(first) {
      case "kab.", "kab", "kabupaten": words[0] = "Kabupaten"
      case "kota", "kot.": words[0] = "Kota"
      default: break
      }
    }
    return words.joined(separator: " ")
  }
}

/// One of Indonesia's 38 provinces, with its BPS code, time zone and the names people use for it.
public struct Province: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The two-digit BPS/Kemendagri code, e.g. "32" for Jawa Barat.
  public let code: String
  /// The official name, e.g. "Jawa Barat".
  public let name: String
  /// The IANA zone of its capital.
  public let timeZoneIdentifier: String
  /// Abbreviations and English names: "Jabar", "West Java".
  public let aliases: [String]

  public var description: String { name }

  /// The province with this code, name or alias (case and accents aside), or nil.
  public static func named(_ text: String) -> Province? {
    let key = SearchKey.fold(text).replacingOccurrences(of: "provinsi ", with: "")
      .replacingOccurrences(of: "province of ", with: "")
      .replacingOccurrences(of: " province", with: "")
    return byKey[key]
  }

  /// The province with this BPS code.
  public static func withCode(_ code: String) -> Province? { all.first { $0.code == code } }

  private static let byKey: [String: Province] = {
    var keys: [String: Province] = [:]
    for province in all {
      for name in [province.code, province.name] + province.aliases {
        keys[SearchKey.fold(name)] = province
      }
    }
    return keys
  }()

  /// All 38 provinces (as of the 2022 Papua reorganisation), by code.
  public static let all: [Province] = [
    .init("11", "Aceh", "Asia/Jakarta", ["NAD", "Nanggroe Aceh Darussalam"]),
    .init("12", "Sumatera Utara", "Asia/Jakarta", ["Sumut", "North Sumatra"]),
    .init("13", "Sumatera Barat", "Asia/Jakarta", ["Sumbar", "West Sumatra"]),
    .init("14", "Riau", "Asia/Jakarta", []),
    .init("15", "Jambi", "Asia/Jakarta", []),
    .init("16", "Sumatera Selatan", "Asia/Jakarta", ["Sumsel", "South Sumatra"]),
    .init("17", "Bengkulu", "Asia/Jakarta", []),
    .init("18", "Lampung", "Asia/Jakarta", []),
    .init(
      "19", "Kepulauan Bangka Belitung", "Asia/Jakarta",
      ["Babel", "Bangka Belitung", "Bangka Belitung Islands"]),
    .init("21", "Kepulauan Riau", "Asia/Jakarta", ["Kepri", "Riau Islands"]),
    .init(
      "31", "DKI Jakarta", "Asia/Jakarta",
      ["Jakarta", "DKI", "Daerah Khusus Ibukota Jakarta", "Daerah Khusus Jakarta"]),
    .init("32", "Jawa Barat", "Asia/Jakarta", ["Jabar", "West Java"]),
    .init("33", "Jawa Tengah", "Asia/Jakarta", ["Jateng", "Central Java"]),
    .init(
      "34", "DI Yogyakarta", "Asia/Jakarta",
      ["DIY", "Yogyakarta", "Jogja", "Daerah Istimewa Yogyakarta", "Special Region of Yogyakarta"]),
    .init("35", "Jawa Timur", "Asia/Jakarta", ["Jatim", "East Java"]),
    .init("36", "Banten", "Asia/Jakarta", []),
    .init("51", "Bali", "Asia/Makassar", []),
    .init("52", "Nusa Tenggara Barat", "Asia/Makassar", ["NTB", "West Nusa Tenggara"]),
    .init("53", "Nusa Tenggara Timur", "Asia/Makassar", ["NTT", "East Nusa Tenggara"]),
    .init("61", "Kalimantan Barat", "Asia/Pontianak", ["Kalbar", "West Kalimantan"]),
    .init("62", "Kalimantan Tengah", "Asia/Pontianak", ["Kalteng", "Central Kalimantan"]),
    .init("63", "Kalimantan Selatan", "Asia/Makassar", ["Kalsel", "South Kalimantan"]),
    .init("64", "Kalimantan Timur", "Asia/Makassar", ["Kaltim", "East Kalimantan"]),
    .init("65", "Kalimantan Utara", "Asia/Makassar", ["Kaltara", "North Kalimantan"]),
    .init("71", "Sulawesi Utara", "Asia/Makassar", ["Sulut", "North Sulawesi"]),
    .init("72", "Sulawesi Tengah", "Asia/Makassar", ["Sulteng", "Central Sulawesi"]),
    .init("73", "Sulawesi Selatan", "Asia/Makassar", ["Sulsel", "South Sulawesi"]),
    .init("74", "Sulawesi Tenggara", "Asia/Makassar", ["Sultra", "Southeast Sulawesi"]),
    .init("75", "Gorontalo", "Asia/Makassar", []),
    .init("76", "Sulawesi Barat", "Asia/Makassar", ["Sulbar", "West Sulawesi"]),
    .init("81", "Maluku", "Asia/Jayapura", []),
    .init("82", "Maluku Utara", "Asia/Jayapura", ["Malut", "North Maluku"]),
    .init("91", "Papua", "Asia/Jayapura", []),
    .init("92", "Papua Barat", "Asia/Jayapura", ["Pabar", "West Papua"]),
    .init("93", "Papua Selatan", "Asia/Jayapura", ["South Papua"]),
    .init("94", "Papua Tengah", "Asia/Jayapura", ["Central Papua"]),
    .init("95", "Papua Pegunungan", "Asia/Jayapura", ["Highland Papua"]),
    .init("96", "Papua Barat Daya", "Asia/Jayapura", ["Southwest Papua"]),
  ]

  private init(_ code: String, _ name: String, _ zone: String, _ aliases: [String]) {
    self.code = code
    self.name = name
    self.timeZoneIdentifier = zone
    self.aliases = aliases
  }

  public init(from decoder: any Decoder) throws {
    let code = try decoder.singleValueContainer().decode(String.self)
    guard let province = Province.withCode(code) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "Unknown province code \(code)"))
    }
    self = province
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(code)
  }
}
