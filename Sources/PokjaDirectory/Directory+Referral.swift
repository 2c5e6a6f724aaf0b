import Foundation
import PokjaCore

/// Referral: who offers a service for someone in a region, and the people to call there.
extension Directory {
  /// Who offers `service` for someone in `region`: providers covering that regency or city first, then
  /// those covering its whole province, then national ones, each with the people to call. A provider
  /// covering another regency of the same province is left out.
  public func refer(service: String, region regionText: String) throws -> [Referral] {
    let vocabulary = try vocabulary()
    let providers = try vocabulary.resolve(service, in: .service).map {
      try store.organisations(offering: $0.term)
    }
    guard let providers,
      !providers.isEmpty || vocabulary.resolve(service, in: .service)?.isNew == false
    else {
      throw DirectoryError.unknownService(
        service, known: vocabulary.terms(.service).map { $0.label(.indonesian) })
    }
    let region = try self.region(regionText)
    var referrals: [Referral] = []
    for provider in providers {
      let tier: Referral.Coverage
      switch (provider.region, region) {
      case (nil, _): tier = .national
      case (let covered?, let wanted?) where covered.province == wanted.province:
        if covered.regency == nil {
          tier = .province
        } else if covered.regencyKey == wanted.regencyKey {
          tier = .regency
        } else {
          continue
        }
      default: continue
      }
      let members = try store.members(of: provider.id)
      referrals.append(
        Referral(
          organisation: provider, coverage: tier, contacts: focal(members, of: provider)))
    }
    return referrals.sorted {
      ($0.coverage.rank, SearchKey.fold($0.organisation.name))
        < ($1.coverage.rank, SearchKey.fold($1.organisation.name))
    }
  }

  /// The people to call at `organisation`: heads and focal points with a current membership, else
  /// every current member; never someone marked do-not-contact.
  func focal(_ members: [Contact], of organisation: Organisation) -> [Contact] {
    let today = today.day
    let current = members.filter { contact in
      !contact.doNotContact
        && contact.memberships.contains {
          $0.organisationID == organisation.id && $0.isCurrent(on: today)
        }
    }
    let focal = current.filter { contact in
      contact.memberships.contains {
        $0.organisationID == organisation.id && $0.role != .member
      }
    }
    return focal.isEmpty ? current : focal
  }
}

/// A provider of a service and the people to call there.
public struct Referral: Sendable, Hashable {
  /// How closely a provider covers the place asked about.
  public enum Coverage: String, Sendable, Hashable {
    case regency
    case province
    case national

    var rank: Int {
      switch self {
      case .regency: 0
      case .province: 1
      case .national: 2
      }
    }
  }

  public var organisation: Organisation
  public var coverage: Coverage
  /// Heads and focal points (or, without any, every current member).
  public var contacts: [Contact]
}
