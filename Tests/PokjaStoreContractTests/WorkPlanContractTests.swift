import Foundation
import PokjaCore
import PokjaDirectory
import PokjaTestSupport
import PokjaWorkPlan
import Testing

/// What every `WorkPlanStore` must do: items kept whole, listed by due day with undated ones last,
/// and groups keeping their kelompok number and coordinator.
@Suite struct WorkPlanContractTests {
  let clock = ManualClock(contractNow)

  @Test(arguments: StoreKind.available)
  func itemsAreKeptWholeAndListedByDueDay(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let owner = try store.insert(Organisation(id: .unassigned, name: "Kementerian Sosial"))
    let coordinator = try store.insert(
      Contact(id: .unassigned, name: "Hannah", email: email("hannah@kpi.example")))
    let group = try store.insert(
      ContactGroup(
        id: .unassigned, name: "pencegahan", members: [.contact(coordinator.id)], kelompok: 2,
        coordinatorID: coordinator.id))
    #expect(try store.group(named: "pencegahan")?.kelompok == 2)
    #expect(try store.group(named: "pencegahan")?.coordinatorID == coordinator.id)
    func item(_ title: String, due: String?) -> PlanItem {
      PlanItem(
        title: title, description: "Bab 1", groupID: group.id, ownerID: owner.id, due: due,
        createdAt: contractNow, updatedAt: contractNow, updatedBy: "sekretariat")
    }
    let late = try store.insert(item("Laporan", due: "2027-03-31"))
    _ = try store.insert(item("Tanpa tanggal", due: nil))
    var early = try store.insert(item("Modul", due: "2026-12-20"))
    #expect(try store.planItems().map(\.title) == ["Modul", "Laporan", "Tanpa tanggal"])
    early.status = .done
    early.updatedAt = contractNow.addingTimeInterval(60)
    early.updatedBy = "rina"
    try store.update(early)
    #expect(try store.planItem(early.id) == early)
    #expect(try store.planItem(late.id)?.groupID == group.id)
    #expect(try store.planItem(PlanItemID(999)) == nil)
  }
}
