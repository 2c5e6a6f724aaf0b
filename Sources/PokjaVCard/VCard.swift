import Foundation
import PokjaContentLine

/// The vCard versions Pokja writes; ``VCardParser`` also reads 2.1.
public enum VCardVersion: String, Hashable, Sendable, CaseIterable {
  /// RFC 2426. What Android, iOS and Google Contacts import most reliably.
  case v3 = "3.0"
  /// RFC 6350.
  case v4 = "4.0"
}

/// A contact card: typed fields for what Pokja uses, and every other property in ``extra``.
///
/// Typed fields keep the value and the `TYPE`/`PREF` parameters; their other parameters and
/// their group are not kept, except that an `X-ABLabel` in the group of a `TEL`, `EMAIL` or
/// `ADR` becomes its `label`. A second `FN`, `N`, `TITLE`, ... goes to ``extra`` with the
/// unknown properties.
public struct VCard: Hashable, Sendable {
  /// The structured name (`N`).
  public struct Name: Hashable, Sendable {
    /// The family name (several are kept joined by `,`).
    public var family: String
    /// The given name (several are kept joined by `,`).
    public var given: String
    /// Additional (middle) names.
    public var additional: [String]
    /// Honorific prefixes such as `Ibu`, `Bapak`, `Dr.`.
    public var prefixes: [String]
    /// Honorific suffixes and degrees such as `S.H.`, `M.Kn.`.
    public var suffixes: [String]

    /// Creates a name.
    public init(
      family: String = "", given: String = "", additional: [String] = [],
      prefixes: [String] = [], suffixes: [String] = []
    ) {
      self.family = family
      self.given = given
      self.additional = additional
      self.prefixes = prefixes
      self.suffixes = suffixes
    }

    /// Prefixes, given, additional and family names joined by spaces, then the suffixes
    /// after commas: `Ibu Siti Rahayu, S.H., M.Kn.`.
    public var formatted: String {
      let words = (prefixes + [given] + additional + [family])
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      return ([words.joined(separator: " ")] + suffixes)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        .joined(separator: ", ")
    }

    /// True when every component is empty, as in `N:;;;;`.
    public var isEmpty: Bool {
      (family + given).isEmpty && additional.isEmpty && prefixes.isEmpty && suffixes.isEmpty
    }
  }

  /// An `EMAIL` with its types (`work`, `home`), preference and custom label.
  public struct Email: Hashable, Sendable {
    /// The address.
    public var value: String
    /// Lowercased types, without `internet` and `pref`, which the writer adds itself.
    public var types: [String]
    /// 1 (most preferred) to 100; 3.0 writes any preference as `TYPE=PREF` and reads it as 1.
    public var pref: Int?
    /// A custom label (`X-ABLabel` in the same group, as Apple and Google write it).
    public var label: String?

    /// Creates an email, lowercasing `types` and dropping `internet` and `pref`.
    public init(_ value: String, types: [String] = [], pref: Int? = nil, label: String? = nil) {
      self.value = value
      self.types = VCardTypes.normalized(types, dropping: ["internet", "pref"])
      self.pref = pref
      self.label = label
    }
  }

  /// A `TEL` with its types (`cell`, `work`, `home`, `voice`, `fax`, ...) and preference.
  public struct Phone: Hashable, Sendable {
    /// The number as written, e.g. `+6281234567890`.
    public var value: String
    /// Lowercased types, without `pref`.
    public var types: [String]
    /// 1 (most preferred) to 100; 3.0 writes any preference as `TYPE=PREF` and reads it as 1.
    public var pref: Int?
    /// A custom label (`X-ABLabel` in the same group), e.g. `WhatsApp`.
    public var label: String?

    /// Creates a phone, lowercasing `types` and dropping `pref`.
    public init(_ value: String, types: [String] = [], pref: Int? = nil, label: String? = nil) {
      self.value = value
      self.types = VCardTypes.normalized(types, dropping: ["pref"])
      self.pref = pref
      self.label = label
    }
  }

  /// An `ADR`: seven components, each kept as one string.
  public struct Address: Hashable, Sendable {
    /// Post office box.
    public var poBox: String
    /// Extended address (building, suite).
    public var extended: String
    /// Street address.
    public var street: String
    /// City or regency (kota/kabupaten).
    public var locality: String
    /// Province.
    public var region: String
    /// Postal code.
    public var postalCode: String
    /// Country name.
    public var country: String
    /// Lowercased types (`work`, `home`), without `pref`.
    public var types: [String]
    /// 1 (most preferred) to 100.
    public var pref: Int?
    /// A custom label (`X-ABLabel` in the same group).
    public var label: String?

    /// Creates an address, lowercasing `types` and dropping `pref`.
    public init(
      poBox: String = "", extended: String = "", street: String = "", locality: String = "",
      region: String = "", postalCode: String = "", country: String = "",
      types: [String] = [], pref: Int? = nil, label: String? = nil
    ) {
      self.poBox = poBox
      self.extended = extended
      self.street = street
      self.locality = locality
      self.region = region
      self.postalCode = postalCode
      self.country = country
      self.types = VCardTypes.normalized(types, dropping: ["pref"])
      self.pref = pref
      self.label = label
    }

    var components: [String] {
      [poBox, extended, street, locality, region, postalCode, country]
    }
  }

  /// `FN`: the name as displayed. Required; ``VCardParser`` derives it from `N` if missing.
  public var formattedName: String
  /// `N`: the structured name.
  public var name: Name?
  /// `ORG`: the organisation name, then units (e.g. `["Kementerian X", "Biro Hukum"]`).
  public var organisation: [String]
  /// `TITLE`: the position, e.g. `Kepala Bagian`.
  public var title: String?
  /// `ROLE`: the function in the working group, e.g. `Focal point`.
  public var role: String?
  /// `EMAIL` properties in order.
  public var emails: [Email]
  /// `TEL` properties in order.
  public var phones: [Phone]
  /// `URL` properties in order.
  public var urls: [String]
  /// `NOTE`.
  public var note: String?
  /// `CATEGORIES`, all lines merged.
  public var categories: [String]
  /// `ADR` properties in order.
  public var addresses: [Address]
  /// `LANG`: a language tag such as `id`.
  public var language: String?
  /// `UID`.
  public var uid: String?
  /// `KIND` (lowercased: `individual`, `org`, `group`, `location`); 3.0 writes it as Apple's
  /// `X-ADDRESSBOOKSERVER-KIND`.
  public var kind: String?
  /// Every other property, in the order read; written after the typed fields.
  public var extra: [VCardProperty]

  /// Creates a card.
  public init(
    formattedName: String, name: Name? = nil, organisation: [String] = [], title: String? = nil,
    role: String? = nil, emails: [Email] = [], phones: [Phone] = [], urls: [String] = [],
    note: String? = nil, categories: [String] = [], addresses: [Address] = [],
    language: String? = nil, uid: String? = nil, kind: String? = nil,
    extra: [VCardProperty] = []
  ) {
    self.formattedName = formattedName
    self.name = name
    self.organisation = organisation
    self.title = title
    self.role = role
    self.emails = emails
    self.phones = phones
    self.urls = urls
    self.note = note
    self.categories = categories
    self.addresses = addresses
    self.language = language
    self.uid = uid
    self.kind = kind
    self.extra = extra
  }

  /// The card as `BEGIN:VCARD` … `END:VCARD` text; see ``VCardWriter``.
  public func serialized(version: VCardVersion = .v3) -> String {
    VCardWriter.serialize([self], version: version)
  }
}

/// TYPE parameter values as the typed fields keep them.
enum VCardTypes {
  /// Lowercased, trimmed, without empty values, duplicates and `dropping`.
  static func normalized(_ types: [String], dropping: Set<String>) -> [String] {
    var seen: Set<String> = []
    var result: [String] = []
    for type in types {
      let clean = ContentLineText.removingControls(type, keepTab: false)
        .trimmingCharacters(in: .whitespaces).lowercased()
      guard !clean.isEmpty, !dropping.contains(clean), seen.insert(clean).inserted else {
        continue
      }
      result.append(clean)
    }
    return result
  }
}
