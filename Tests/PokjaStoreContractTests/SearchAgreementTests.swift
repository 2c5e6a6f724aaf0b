import Foundation
import PokjaCore
import PokjaDirectory
import PokjaTestSupport
import Testing

/// Every store gives the same search results in the same order for the same data: the store's own
/// ranking (bm25) decides which candidates the directory sees when more match than it asks for,
/// so the stores must agree on it, not only on what matches.
@Suite struct SearchAgreementTests {
  /// A network of 30 organisations and 420 people, generated the same way on each store: names that
  /// share prefixes and accents, several organisations per person, phones, tags and regions.
  static func network(on store: any PokjaStore) throws -> Directory {
    let clock = ManualClock(contractNow)
    let directory = Directory(store: store, actor: "test", clock: clock, timeZone: Zones.jakarta)
    let bases = [
      ("Kementerian Sosial", "Kemensos"), ("Kementerian Luar Negeri", "Kemlu"),
      ("Kementerian Pemberdayaan Perempuan", "KemenPPPA"), ("Kepolisian Daerah", "Polda"),
      ("Lembaga Bantuan Hukum", "LBH"), ("Yayasan Pulih", nil), ("Solidaritas Perempuan", "SP"),
      ("Unit Pelaksana Teknis", "UPTD"), ("Rumah Aman Sejahtera", nil), ("Migrant Care", nil),
    ]
    let provinces = ["Jawa Timur", "Jawa Barat", "Nusa Tenggara Timur"]
    var organisations: [String] = []
    for (index, (name, acronym)) in bases.enumerated() {
      for (number, province) in provinces.enumerated() {
        let full = "\(name) \(province)"
        _ = try directory.addOrganisation(
          OrganisationInput(
            name: full, acronym: acronym.map { "\($0) \(["Jatim", "Jabar", "NTT"][number])" },
            kind: ["kementerian", "polisi", "lsm"][index % 3], region: province,
            services: index % 2 == 0 ? ["rumah aman", "psikososial"] : ["bantuan hukum"],
            tags: index % 4 == 0 ? ["pokja", "pleno"] : ["pokja"],
            phones: ["(021) \(3_100_000 + index * 10 + number)"]))
        organisations.append(full)
      }
    }
    let given = [
      "Siti", "Sitti", "Ratna", "Ratih", "Dewi", "Dewanti", "Désirée", "Nur", "Nurul", "Ayu",
      "Agus", "Agustina", "Budi", "Bambang", "Wulan", "Wahyu", "Lina", "Linda", "Made", "Ketut",
    ]
    let family = [
      "Lubis", "Lestari", "Kusuma", "Kusumawati", "Prakoso", "Pratama", "Siregar", "Sihombing",
      "Wijaya", "Wibowo", "Hasibuan", "Harahap", "Nasution", "Ndolu", "Saragih", "Situmorang",
      "Simanjuntak", "Tanjung", "Utami", "Yulianti", "Zulkarnain",
    ]
    var number = 0
    for first in given {
      for last in family {
        number += 1
        let home = organisations[number % organisations.count]
        let second = organisations[(number * 7) % organisations.count]
        _ = try directory.addContact(
          ContactInput(
            name: "\(first) \(last)", position: number % 3 == 0 ? "Kepala Bidang" : "Staf",
            organisations: number % 5 == 0 ? [home, second] : [home],
            emails: ["\(SearchKey.fold(first)).\(SearchKey.fold(last))\(number)@mail.example"],
            phones: [
              "0812-\(String(format: "%04d", number))-\(String(format: "%04d", 7_000 + number))"
            ],
            tags: number % 6 == 0 ? ["pleno"] : []))
      }
    }
    return directory
  }

  static let texts = [
    "siti", "sit", "si", "s", "ratna lubis", "rat", "desiree", "désirée kusuma", "kusuma",
    "kusumawat", "nur", "kemensos", "kemen", "kementerian sosial", "polda jatim", "lbh", "lembaga",
    "pratma", "wibowo", "wibowi", "0812 0042", "08120042", "+62 812-0042-7042", "7042",
    "021 3100001",
    "kepala", "kepala bidang jawa", "staf nusa", "mail", "mail example", "a", "ag", "agus",
    "yayasan",
    "pulih", "zulkarnain", "harahap lina", "bu dewi", "pak bambang", "rumah aman", "sejahtera",
  ]

  @Test func everyStoreFindsTheSameRecordsInTheSameOrder() throws {
    let directories = try StoreKind.eachStore.map { try Self.network(on: $0.freshStore()) }
    let filters = [
      SearchFilters(),
      SearchFilters(kind: "lsm"),
      SearchFilters(tag: "pleno"),
      SearchFilters(region: "Jawa Timur"),
      SearchFilters(service: "rumah aman"),
    ]
    var compared = 0
    for text in Self.texts {
      for filter in filters {
        for limit in [3, 40] {
          let results = try directories.map { directory in
            try directory.find(text, filters: filter, limit: limit).map(\.name)
          }
          #expect(results[0] == results[1], "find '\(text)' \(filter) limit \(limit)")
          compared += 1
        }
      }
    }
    // Filters alone: listed by name.
    for filter in filters.dropFirst() {
      let results = try directories.map { try $0.find("", filters: filter, limit: 25).map(\.name) }
      #expect(results[0] == results[1], "filters \(filter)")
    }
    #expect(compared == Self.texts.count * filters.count * 2)
  }

  /// The stores' own ranked candidates, before the directory re-ranks them: the same records in the
  /// same order, ties included.
  @Test func everyStoreRanksCandidatesAlike() throws {
    let stores = try StoreKind.eachStore.map { try $0.freshStore() }
    for store in stores { _ = try Self.network(on: store) }
    for text in Self.texts {
      let tokens = Directory.indexWords(SearchKey.fold(text)).sorted()
      guard !tokens.isEmpty else { continue }
      for limit in [5, 20] {
        let query = DirectoryQuery(
          words: tokens.map { DirectoryQuery.Word(prefixes: [$0]) }, limit: limit)
        let results = try stores.map { names(try $0.search(query)) }
        #expect(results[0] == results[1], "search '\(text)' limit \(limit)")
      }
    }
  }
}
