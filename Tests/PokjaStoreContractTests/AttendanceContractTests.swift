import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What every `AttendanceStore` must do: a check-in kept whole, taken once per person and
/// occurrence (two desks at once), taken back, and found by meeting and by period.
@Suite struct AttendanceContractTests {
  let clock = ManualClock(contractNow)

  @Test(arguments: StoreKind.available)
  func aCheckInIsTakenOnceAndCanBeTakenBack(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    for name in ["wulan", "rudi"] {
      _ = try store.insert(
        Contact(id: .unassigned, name: name, email: email("\(name)@kemensos.example")))
    }
    let first = try store.add(meeting("Rapat Pleno", at: contractNow))
    let second = try store.add(
      meeting("Rapat Teknis", at: contractNow.addingTimeInterval(7 * 86_400)))
    let record = AttendanceRecord(
      meetingID: first.id, occurrence: first.start, contactID: ContactID(1), status: .proxy,
      proxyName: "Sri Wahyuni", checkedInAt: contractNow.addingTimeInterval(0.5),
      checkedInBy: "meja")
    #expect(try store.recordAttendance(record) == nil)
    var again = record
    again.status = .late
    again.proxyName = nil
    // The second desk is told of the first check-in, which stays.
    #expect(try store.recordAttendance(again) == record)
    let walkIn = AttendanceRecord(
      meetingID: second.id, occurrence: second.start, contactID: ContactID(2), status: .present,
      checkedInAt: second.start, checkedInBy: "meja", walkIn: true)
    #expect(try store.recordAttendance(walkIn) == nil)
    #expect(try store.attendance(of: first.id) == [record])
    #expect(
      try store.attendance(
        from: contractNow.addingTimeInterval(86_400),
        to: contractNow.addingTimeInterval(30 * 86_400))
        == [walkIn])
    #expect(
      try store.removeAttendance(meeting: first.id, occurrence: first.start, contact: ContactID(1)))
    #expect(
      !(try store.removeAttendance(
        meeting: first.id, occurrence: first.start, contact: ContactID(1))))
    #expect(try store.attendance(of: first.id).isEmpty)
  }
}
