import Foundation
import PokjaCore

/// Finding organisations and contacts by name, email, phone or filters.
extension Directory {
  /// Organisations and contacts matching `text`, best first. Case and accents do not matter; words
  /// match as prefixes ("kemen" finds Kemensos); words of five letters or more forgive one typo
  /// ("muslinat" finds Muslimat); a phone number matches however it is written.
  public func find(_ text: String, filters: SearchFilters = SearchFilters(), limit: Int = 20)
    throws -> [SearchHit]
  {
    let folded = SearchKey.fold(text)
    let facets = try self.facets(for: filters)
    // Filters alone ("every NGO tagged pleno") list what they select, best known names first.
    guard !folded.isEmpty || !facets.isEmpty else { throw InputError.empty(field: "search text") }
    var words: [DirectoryQuery.Word] = []
    if folded.isEmpty {
      words = []
    } else if case .e164(let phone) = PhoneNumber(text), text.filter(\.isNumber).count >= 8 {
      words = [DirectoryQuery.Word(prefixes: [], exact: [String(phone.e164.dropFirst())])]
    } else if case .service(let number) = PhoneNumber(text) {
      // "1500-771" or "(021) 129": one number, however grouped; a prefix, as typed digits are.
      words = [DirectoryQuery.Word(prefixes: [number.digits], exact: [])]
    } else {
      var tokens = Self.tokens(folded)
      // "Ibu Ratna Lubis": honorifics are how people are addressed, not part of their name.
      let honorifics: Set<String> = [
        "bapak", "pak", "bpk", "ibu", "bu", "sdr", "sdri", "saudara", "saudari", "dr", "prof", "mr",
        "mrs", "ms", "h", "hj",
      ]
      if tokens.contains(where: { !honorifics.contains($0) }) {
        tokens.removeAll { honorifics.contains($0) }
      }
      for token in tokens {
        var exact: [String] = []
        // A word the directory already holds is taken as meant; only an unknown word of five
        // letters or more is looked up for near spellings.
        if token.count >= 5, token.allSatisfy(\.isLetter), try !store.isIndexedWord(token) {
          exact = try store.correctionCandidates(for: token).filter {
            $0 != token && Self.isOneEditApart($0, token)
          }
        }
        words.append(DirectoryQuery.Word(prefixes: [token], exact: exact))
      }
    }
    guard !words.isEmpty || folded.isEmpty else { throw InputError.empty(field: "search text") }
    let candidates = try store.search(
      DirectoryQuery(words: words, facets: facets, limit: max(limit * 2, 20)))
    let queryTokens = words.flatMap(\.prefixes)
    return
      candidates
      .map { SearchHit(entry: $0, score: Self.score($0, tokens: queryTokens, query: folded)) }
      .sorted { ($0.score, $1.name) > ($1.score, $0.name) }
      .prefix(limit).map { $0 }
  }

  /// The facet tokens `filters` require.
  func facets(for filters: SearchFilters) throws -> [String] {
    var facets: [String] = []
    guard filters != SearchFilters() else { return facets }
    let vocabulary = try vocabulary()
    // A word the vocabulary does not know still filters (and finds nothing), never drops away.
    if let kind = filters.kind {
      facets.append(
        DirectoryFacet.kind(vocabulary.resolve(kind, in: .kind)?.term ?? SearchKey.fold(kind)))
    }
    if let service = filters.service {
      facets.append(
        DirectoryFacet.service(
          vocabulary.resolve(service, in: .service)?.term ?? SearchKey.fold(service)))
    }
    if let tag = filters.tag { facets.append(DirectoryFacet.tag(tag)) }
    if let regionText = filters.region {
      if let region = try region(regionText) {
        facets.append(
          region.regencyKey.map(DirectoryFacet.regency) ?? DirectoryFacet.province(region.province))
      } else {
        facets.append(DirectoryFacet.national)
      }
    }
    if let reference = filters.organisation {
      facets.append(DirectoryFacet.organisation(try organisation(reference).id))
    }
    return facets
  }
}

/// One search result.
public struct SearchHit: Sendable, Hashable {
  public var entry: DirectoryEntry
  /// Higher is better.
  public var score: Int

  /// The plain name of the organisation or contact.
  public var name: String {
    switch entry {
    case .organisation(let organisation): organisation.name
    case .contact(let contact, _): contact.name
    }
  }
}
