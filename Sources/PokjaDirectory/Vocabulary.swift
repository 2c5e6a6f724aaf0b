import Foundation
import PokjaCore

/// The words the directory files organisations under: kinds (ministry, police, ngo, …) and services
/// offered for referrals (shelter, legal aid, …). People write them in Indonesian or English, singular or
/// as a phrase; every synonym maps to one term. A word not yet known becomes a new term of its own (and
/// is reported), rather than being refused: the vocabulary grows with the network. docs/vocabulary.md
/// lists the built-in terms.
public struct Vocabulary: Sendable {
  /// Which list a term belongs to.
  public enum Category: String, Sendable, CaseIterable, Codable {
    case kind
    case service
  }

  /// One term with its Indonesian and English labels and the words that mean it.
  public struct Term: Sendable, Hashable {
    /// The stored form, e.g. `legal-aid`.
    public let id: String
    public let indonesian: String
    public let english: String
    public let synonyms: [String]

    public init(_ id: String, _ indonesian: String, _ english: String, _ synonyms: [String]) {
      self.id = id
      self.indonesian = indonesian
      self.english = english
      self.synonyms = synonyms
    }

    /// The label in `language`.
    public func label(_ language: Language) -> String {
      language == .indonesian ? indonesian : english
    }
  }

  /// What reading a word gave: a known term, or a new one made from the word.
  public struct Resolution: Sendable, Hashable {
    public let term: String
    public let isNew: Bool
  }

  private let terms: [Category: [Term]]
  private let index: [Category: [String: String]]

  /// The built-in vocabulary plus `learned` terms (added earlier from unknown words).
  public init(learned: [Category: [String]] = [:]) {
    var terms = Self.builtIn
    for (category, ids) in learned {
      let known = Set(terms[category, default: []].map(\.id))
      for id in ids where !known.contains(id) {
        terms[category, default: []].append(Term(id, id, id, []))
      }
    }
    self.terms = terms
    var index: [Category: [String: String]] = [:]
    for (category, list) in terms {
      for term in list {
        for word in [term.id, term.indonesian, term.english] + term.synonyms {
          index[category, default: [:]][Self.key(word)] = term.id
        }
      }
    }
    self.index = index
  }

  /// The term `text` means, or a new term made from it (lower-case words joined by hyphens).
  public func resolve(_ text: String, in category: Category) -> Resolution? {
    let key = Self.key(text)
    guard !key.isEmpty else { return nil }
    if let term = index[category]?[key] { return Resolution(term: term, isNew: false) }
    // "Layanan rumah aman" / "shelter services": try without the generic words around the term.
    let generic: Set<String> = ["layanan", "pelayanan", "services", "service", "unit", "bidang"]
    let trimmed = key.split(separator: "-").filter { !generic.contains(String($0)) }
      .joined(separator: "-")
    if !trimmed.isEmpty, let term = index[category]?[trimmed] {
      return Resolution(term: term, isNew: false)
    }
    return Resolution(term: key, isNew: true)
  }

  /// The terms of a category, built-in first.
  public func terms(_ category: Category) -> [Term] { terms[category, default: []] }

  /// How a stored term reads in `language` (`service-unit` → `layanan`); the term itself when the
  /// vocabulary does not hold it.
  public func label(_ id: String, in category: Category, _ language: Language) -> String {
    term(id, in: category)?.label(language) ?? id
  }

  /// The term with this id.
  public func term(_ id: String, in category: Category) -> Term? {
    terms[category]?.first { $0.id == id }
  }

  /// "bantuan hukum" → "bantuan-hukum": the form words are compared (and new terms stored) in.
  static func key(_ text: String) -> String {
    SearchKey.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
      .joined(separator: "-")
  }

  static let builtIn: [Category: [Term]] = [
    .kind: [
      Term("ministry", "kementerian", "ministry", ["kemen", "departemen", "kementrian"]),
      Term(
        "agency", "lembaga", "agency",
        [
          "badan", "lembaga negara", "lembaga pemerintah", "government agency", "komisi",
          "commission",
        ]),
      Term("police", "kepolisian", "police", ["polisi", "polri", "polda", "polres"]),
      Term(
        "ngo", "lsm", "ngo",
        [
          "lembaga swadaya masyarakat", "ornop", "organisasi non pemerintah", "cso",
          "civil society organisation", "civil society organization", "yayasan", "foundation",
        ]),
      Term(
        "mass-organisation", "ormas", "mass organisation",
        ["organisasi kemasyarakatan", "mass organization", "organisasi massa"]),
      Term("task-force", "gugus tugas", "task force", ["gugas", "satgas", "satuan tugas"]),
      Term(
        "service-unit", "unit layanan", "service unit",
        ["layanan", "uptd", "uptd ppa", "p2tp2a", "pusat layanan", "service provider"]),
      Term(
        "local-government", "pemerintah daerah", "local government",
        ["pemda", "pemprov", "pemkab", "pemkot", "dinas", "local authority"]),
      Term(
        "international", "organisasi internasional", "international organisation",
        ["international organization", "un agency", "badan pbb", "ingo"]),
      Term("academic", "perguruan tinggi", "university", ["universitas", "kampus", "academic"]),
    ],
    .service: [
      Term(
        "shelter", "rumah aman", "shelter",
        ["safe house", "rumah perlindungan", "rumah singgah", "penampungan", "rpsa", "rptc"]),
      Term(
        "legal-aid", "bantuan hukum", "legal aid",
        ["hukum", "legal", "pendampingan hukum", "advokasi hukum", "lbh", "legal assistance"]),
      Term(
        "health", "kesehatan", "health",
        ["medis", "medical", "layanan kesehatan", "health care", "healthcare", "visum"]),
      Term(
        "psychosocial", "psikososial", "psychosocial",
        [
          "psikologis", "psychological", "konseling", "counselling", "counseling", "trauma healing",
          "pemulihan psikologis",
        ]),
      Term("rehabilitation", "rehabilitasi", "rehabilitation", ["rehabilitasi sosial"]),
      Term(
        "repatriation", "repatriasi", "repatriation", ["pemulangan", "return", "pemulangan korban"]),
      Term(
        "hotline", "pengaduan", "hotline",
        ["complaint", "complaints", "pelaporan", "reporting", "call center", "sapa 129"]),
      Term("reintegration", "reintegrasi", "reintegration", ["reintegrasi sosial"]),
      Term(
        "economic-empowerment", "pemberdayaan ekonomi", "economic empowerment",
        ["livelihood", "ekonomi"]),
      Term("investigation", "penyidikan", "investigation", ["penegakan hukum", "law enforcement"]),
    ],
  ]
}
