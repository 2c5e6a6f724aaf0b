import Foundation
import HTTPTypes
import Hummingbird
import PokjaCore
import PokjaDirectory

extension PokjaWebServer {
  /// `/directory` (search, the same ranking and filters as `pokja find`), `/directory/results`
  /// (the results alone, for results as you type), `/refer`, `/organisations/ID[.vcf]`,
  /// `/people/ID[.vcf]`.
  func addDirectoryRoutes(to router: Router<WebContext>) {
    router.get("/directory") { request, context in
      guard context.viewer != nil else { return Self.redirect("/signin") }
      let query = Self.query(request)
      var values = try await search(query, language: context.language)
      let choices = try await choices.value(lanes: lanes, now: clock.now())
      values["services"] = choices.services.map {
        ["name": $0, "selected": $0 == query.text("service")] as [String: Any]
      }
      values["kinds"] = choices.kinds.map {
        ["name": $0, "selected": $0 == query.text("kind")] as [String: Any]
      }
      values["region"] = query.text("region") ?? ""
      return render(
        "directory", title: pages.text("directory", context.language), values, context: context,
        request: request)
    }

    router.get("/directory/results") { request, context in
      guard context.viewer != nil else {
        return Self.text("sign in first\n", status: .unauthorized)
      }
      let values = try await search(Self.query(request), language: context.language)
      return Self.html(pages.fragment("results", values, language: context.language))
    }

    router.get("/refer") { request, context in
      guard context.viewer != nil else { return Self.redirect("/signin") }
      let query = Self.query(request)
      let service = query.text("service")
      let region = query.text("region")
      var values: [String: Any] = ["region": region ?? ""]
      if let service, let region {
        let language = context.language
        do {
          let referrals = try await lanes.run { lane in
            try lane.directory.refer(service: service, region: region)
          }
          values["referrals"] = referrals.map { referral -> [String: Any] in
            var item: [String: Any] = [
              "name": referral.organisation.name,
              "href": "/organisations/\(referral.organisation.id)",
              "region": referral.organisation.region?.description ?? "",
              "coverage": pages.text("coverage." + referral.coverage.rawValue, language),
              "people": referral.contacts.prefix(5).map(Self.personLine),
            ]
            if let phone = referral.organisation.phone {
              item["phone"] = phone.formatted
              item["tel"] = Self.tel(phone)
            }
            return item
          }
          values["empty"] = referrals.isEmpty
        } catch {
          values["error"] = error.localizedDescription
        }
      }
      let choices = try await choices.value(lanes: lanes, now: clock.now())
      values["services"] = choices.services.map {
        ["name": $0, "selected": $0 == service] as [String: Any]
      }
      return render(
        "refer", title: pages.text("refer", context.language), values, context: context,
        request: request)
    }

    router.get("/organisations/:id") { request, context in
      guard context.viewer != nil else { return Self.redirect("/signin") }
      let (id, vcard) = Self.idAndVCard(context.parameters.get("id"))
      guard let id else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let found = try await lanes.run { lane -> (Organisation, [Contact], Organisation?)? in
        guard let organisation = try? lane.directory.organisation(id.description) else {
          return nil
        }
        let parent = organisation.parentID.flatMap {
          try? lane.directory.organisation($0.description)
        }
        return (organisation, try lane.directory.members(of: organisation), parent)
      }
      guard let (organisation, members, parent) = found else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      if vcard {
        return Self.vcard(
          DirectoryExport().organisationsVCard([organisation]),
          filename: Self.filename(organisation.shortName))
      }
      var values: [String: Any] = [
        "id": organisation.id.rawValue, "name": organisation.name,
        "phones": organisation.phones.map(Self.phoneItem),
        "emails": organisation.emails.map(\.value),
        "services": organisation.services, "hasServices": !organisation.services.isEmpty,
        "people": members.map(Self.personLine), "hasPeople": !members.isEmpty,
      ]
      values["acronym"] = organisation.acronym
      values["kind"] = organisation.kind
      values["region"] = organisation.region?.description
      values["website"] = organisation.website.flatMap(Self.webLink)
      if let address = organisation.address {
        values["address"] = address
        values["mapURL"] = Self.mapURL(address)
      }
      if let parent {
        values["parent"] = ["name": parent.name, "href": "/organisations/\(parent.id)"]
      }
      return render(
        "organisation", title: organisation.shortName, values, context: context, request: request)
    }

    router.get("/people/:id") { request, context in
      guard context.viewer != nil else { return Self.redirect("/signin") }
      let (id, vcard) = Self.idAndVCard(context.parameters.get("id"))
      guard let id else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let found = try await lanes.run { lane -> (Contact, [Organisation])? in
        guard let contact = try? lane.directory.contact(id.description) else { return nil }
        let ids =
          [contact.organisationID].compactMap { $0 }
          + contact.memberships.map(\.organisationID)
        var seen: Set<OrganisationID> = []
        let organisations = ids.filter { seen.insert($0).inserted }.compactMap {
          try? lane.directory.organisation($0.description)
        }
        return (contact, organisations)
      }
      guard let (contact, organisations) = found else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      if vcard {
        let byID = Dictionary(organisations.map { ($0.id, $0) }) { first, _ in first }
        return Self.vcard(
          DirectoryExport().contactsVCard([contact], organisations: byID),
          filename: Self.filename(contact.name))
      }
      var values: [String: Any] = [
        "id": contact.id.rawValue, "addressedName": contact.addressedName,
        "organisations": organisations.map {
          ["name": $0.name, "href": "/organisations/\($0.id)"]
        },
        "phones": contact.phones.map(Self.phoneItem),
        "emails": contact.emails.map(\.value),
      ]
      values["position"] = contact.position
      values["telegram"] = contact.telegram.map {
        $0.hasPrefix("@") ? String($0.dropFirst()) : $0
      }
      if let whatsapp = contact.whatsapp,
        !contact.phones.contains(where: { $0.e164Number == whatsapp })
      {
        values["whatsappOnly"] = [
          "text": whatsapp.formatted, "url": "https://wa.me/" + whatsapp.e164.dropFirst(),
        ]
      }
      return render("person", title: contact.name, values, context: context, request: request)
    }
  }

  /// The search `query` asks for, as the results fragment's values.
  private func search(_ query: FormFields, language: Language) async throws -> [String: Any] {
    let text = query.text("q") ?? ""
    let filters = SearchFilters(
      kind: query.text("kind"), region: query.text("region"), service: query.text("service"))
    var values: [String: Any] = ["q": text]
    guard !text.isEmpty || filters.kind != nil || filters.region != nil || filters.service != nil
    else { return values }
    let limit = 25
    do {
      let hits = try await lanes.run { lane in
        try lane.directory.find(text, filters: filters, limit: limit + 1)
      }
      values["hits"] = hits.prefix(limit).map(Self.hitItem)
      values["hasHits"] = !hits.isEmpty
      values["empty"] = hits.isEmpty
      values["more"] = hits.count > limit
    } catch {
      values["error"] = error.localizedDescription
    }
    return values
  }

  static func hitItem(_ hit: SearchHit) -> [String: Any] {
    switch hit.entry {
    case .organisation(let organisation):
      var item: [String: Any] = [
        "type": "organisation", "name": organisation.name,
        "href": "/organisations/\(organisation.id)",
        "detail": [organisation.acronym, organisation.kind, organisation.region?.description]
          .compactMap { $0 }.joined(separator: " · "),
      ]
      if let phone = organisation.phone {
        item["phone"] = phone.formatted
        item["tel"] = tel(phone)
      }
      return item
    case .contact(let contact, let organisation):
      var item: [String: Any] = [
        "type": "person", "name": contact.addressedName, "href": "/people/\(contact.id)",
        "detail": [contact.position, organisation?.shortName, contact.email.value]
          .compactMap { $0 }.joined(separator: " · "),
      ]
      if let phone = contact.phone {
        item["phone"] = phone.formatted
        item["tel"] = tel(phone)
      }
      return item
    }
  }

  static func personLine(_ contact: Contact) -> [String: Any] {
    var line: [String: Any] = ["name": contact.addressedName, "href": "/people/\(contact.id)"]
    line["position"] = contact.position
    if let phone = contact.phone {
      line["phone"] = phone.formatted
      line["tel"] = tel(phone)
    }
    return line
  }

  /// A number for `tel:` links: E.164 (`+6281234567890`) when known, else its digits.
  static func tel(_ phone: PhoneNumber) -> String {
    phone.e164Number?.e164 ?? phone.value.filter { $0.isNumber || $0 == "+" }
  }

  static func phoneItem(_ phone: PhoneNumber) -> [String: Any] {
    var item: [String: Any] = ["text": phone.formatted, "tel": tel(phone)]
    if phone.isMobile, let number = phone.e164Number {
      item["whatsapp"] = "https://wa.me/" + number.e164.dropFirst()
    }
    return item
  }

  /// `12` or `12.vcf`.
  static func idAndVCard(_ text: String?) -> (Int64?, Bool) {
    guard let text else { return (nil, false) }
    let vcard = text.hasSuffix(".vcf")
    let number = Int64(vcard ? String(text.dropLast(4)) : text)
    return (number.flatMap { $0 > 0 ? $0 : nil }, vcard)
  }

  static func vcard(_ text: String, filename: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/vcard; charset=utf-8"
    headers[.contentDisposition] = "attachment; filename=\"\(filename).vcf\""
    headers[.cacheControl] = "private, no-store"
    return Response(
      status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// A name safe in a Content-Disposition file name (ASCII letters, digits, `-`).
  static func filename(_ name: String) -> String {
    let folded = name.folding(options: [.diacriticInsensitive], locale: nil)
    let safe = String(
      folded.unicodeScalars.map { scalar -> Character in
        CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? Character(scalar) : "-"
      })
    let trimmed = safe.split(separator: "-").joined(separator: "-")
    return trimmed.isEmpty ? "contact" : String(trimmed.prefix(60))
  }

  static func mapURL(_ place: String) -> String {
    var components = URLComponents(string: "https://www.openstreetmap.org/search")!
    components.queryItems = [URLQueryItem(name: "query", value: place)]
    return components.string ?? "https://www.openstreetmap.org/"
  }

  /// `http(s)://…` links only (a website written as `kemensos.go.id` gains `https://`).
  static func webLink(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://") { return trimmed }
    guard !trimmed.contains(":"), trimmed.contains(".") else { return nil }
    return "https://" + trimmed
  }
}

/// The services and kinds the search form offers, read at most once a minute.
actor ChoiceCache {
  struct Choices: Sendable {
    var services: [String]
    var kinds: [String]
  }
  private var cached: (Choices, Date)?

  func value(lanes: LanePool, now: Date) async throws -> Choices {
    if let (choices, at) = cached, now.timeIntervalSince(at) < 60 { return choices }
    let choices = try await lanes.run { lane in
      let organisations = try lane.directory.organisations()
      return Choices(
        services: Set(organisations.flatMap(\.services)).sorted(),
        kinds: Set(organisations.compactMap(\.kind)).sorted())
    }
    cached = (choices, now)
    return choices
  }
}
