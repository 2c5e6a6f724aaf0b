import Foundation
import PokjaTestSupport
import Testing

/// `pokja meeting list-draft` with the built binary: a list proposed, objected to, revised and
/// approved by the named approver, and `meeting invite` refused until then — then the invitations
/// reach a real SMTP server (aiosmtpd with STARTTLS and AUTH) for exactly the approved people.
@Suite(.serialized) struct ListDraftCommandTests {
  static func seed(_ environment: [String: String]) throws {
    try PokjaBinary.runSteps(
      [
        ["init"],
        [
          "org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--kind",
          "ministry",
        ],
        ["org", "add", "--name", "Kepolisian Negara RI", "--acronym", "Polri", "--kind", "polri"],
        [
          "org", "add", "--name", "Gugus Tugas TPPO Jawa Timur", "--acronym", "GT Jatim", "--kind",
          "gugus tugas", "--region", "Jawa Timur", "--tag", "provinsi",
        ],
        [
          "org", "add", "--name", "Gugus Tugas TPPO NTT", "--acronym", "GT NTT", "--kind",
          "gugus tugas", "--region", "Nusa Tenggara Timur", "--tag", "provinsi",
        ],
        [
          "contact", "add", "--name", "Wulan Sari", "--org", "Kemensos", "--email",
          "wulan@kemensos.example",
        ],
        [
          "contact", "add", "--name", "Rudi Hartono", "--org", "Polri", "--email",
          "rudi@polri.example",
        ],
        [
          "contact", "add", "--name", "Agus Prasetyo", "--org", "GT Jatim", "--role", "focal-point",
          "--email", "agus@jatim.example",
        ],
        ["contact", "add", "--name", "Budi", "--org", "GT Jatim", "--email", "budi@jatim.example"],
        [
          "contact", "add", "--name", "Maria Kewa", "--org", "GT NTT", "--email",
          "maria@ntt.example",
        ],
        ["group", "add", "provinsi", "--where", "tag=provinsi"],
        [
          "meeting", "add", "--title", "Pertemuan Nasional", "--start", "2027-02-09T08:00", "--end",
          "2027-02-10T16:00",
        ],
      ], environment)
  }

  @Test func invitationsWaitForTheApprovedListAndGoToItsPeople() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = server.pokjaEnvironment(home: home)
    try Self.seed(environment)
    func pokja(_ arguments: String...) throws -> PokjaRun {
      try PokjaBinary.run(arguments, environment)
    }

    let proposed = try pokja(
      "meeting", "list-draft", "propose", "1", "--contact", "wulan@kemensos.example", "--org",
      "Polri", "--one-per-org", "@provinsi", "--approver", "wulan@kemensos.example",
      "--max-per-org", "1", "--note", "Usulan pertama")
    #expect(proposed.status == 0, "\(proposed.errors)")
    #expect(
      proposed.output.contains("4 people: Government 1, Police 1, Task forces and services 2"))

    // Not approved: nothing is sent, now or from cron.
    let refused = try pokja("meeting", "invite", "1")
    #expect(refused.status == 65)
    #expect(refused.errors.contains("is not approved yet: nothing was sent"))
    let cron = try pokja("meeting", "upcoming", "--within", "400d", "--invite")
    #expect(cron.status == 0, "\(cron.errors)")
    #expect(
      cron.errors.contains("The invitation list of meeting 1 (version 1) is not approved yet"))
    #expect(try server.receivedMessages().isEmpty)

    let objection = try pokja(
      "meeting", "list-draft", "comment", "1", "Jatim perlu dua orang", "--by", "Rudi", "--object",
      "GT Jatim")
    #expect(objection.status == 0, "\(objection.errors)")
    let revised = try pokja(
      "meeting", "list-draft", "revise", "1", "--contact", "budi@jatim.example", "--note",
      "Tambah Budi")
    #expect(revised.status == 0, "\(revised.errors)")
    #expect(revised.errors.contains("GT Jatim has 2 people, over its limit of 1."))
    let diff = try pokja("meeting", "list-draft", "diff", "1", "--json")
    let changes = try #require(
      try JSONSerialization.jsonObject(with: Data(diff.output.utf8)) as? [String: Any])
    #expect(changes["addedPeople"] as? [String] == ["Budi (GT Jatim)"])
    #expect(changes["removedPeople"] as? [String] == [])

    let wrong = try pokja("meeting", "list-draft", "approve", "1", "--as", "rudi@polri.example")
    #expect(wrong.status == 65)
    #expect(wrong.errors.contains("is not the approver of this list"))
    let overLimit = try pokja("meeting", "list-draft", "approve", "1", "--as", "Wulan Sari")
    #expect(overLimit.status == 65)
    let approved = try pokja(
      "meeting", "list-draft", "approve", "1", "--as", "wulan@kemensos.example", "--over-limits")
    #expect(approved.status == 0, "\(approved.errors)")
    #expect(
      approved.output.contains("5 attendees. Send the invitations with: pokja meeting invite 1"))
    #expect(try server.receivedMessages().isEmpty)

    let invite = try pokja("meeting", "invite", "1")
    #expect(invite.status == 0, "\(invite.errors)")
    let received = try server.receivedMessages()
    #expect(
      Set(received.flatMap(\.rcptTos))
        == [
          "wulan@kemensos.example", "rudi@polri.example", "agus@jatim.example",
          "budi@jatim.example", "maria@ntt.example",
        ])
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == server.username })

    // After the invitations went out, a revision approved tells those taken off.
    _ = try pokja("meeting", "list-draft", "revise", "1", "--remove", "budi@jatim.example")
    let second = try pokja(
      "meeting", "list-draft", "approve", "1", "--as", "wulan@kemensos.example")
    #expect(second.status == 0, "\(second.errors)")
    let after = try server.receivedMessages()
    #expect(after.count == received.count + 1)
    let cancellation = try PythonTool.parseMail(after.last!.data)
    #expect(cancellation.toAddresses == ["budi@jatim.example"])
    #expect(cancellation.calendar?.method == "CANCEL")

    let log = try pokja("meeting", "list-draft", "log", "1", "--json")
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(log.output.utf8)) as? [String: Any])
    #expect((record["versions"] as? [[String: Any]])?.count == 3)
    #expect((record["comments"] as? [[String: Any]])?.first?["objection"] as? Bool == true)
  }
}
