import Foundation
import PokjaRecurrence
import Testing

/// How secretaries say a repetition, in English and Bahasa Indonesia, and the RRULE it becomes.
@Suite struct RecurrencePhraseTests {
  /// The canonical RRULE text of `phrase`.
  private func rule(_ phrase: String) throws -> String {
    try RecurrencePhrase.rule(for: phrase).description
  }

  @Test(
    arguments: [
      // Numbered weekday of the month.
      ("first monday of the month", "FREQ=MONTHLY;BYDAY=1MO"),
      ("senin pertama setiap bulan", "FREQ=MONTHLY;BYDAY=1MO"),
      ("Senin Pertama Setiap Bulan", "FREQ=MONTHLY;BYDAY=1MO"),
      ("tiap senin pertama bulan", "FREQ=MONTHLY;BYDAY=1MO"),
      ("1st monday of every month", "FREQ=MONTHLY;BYDAY=1MO"),
      ("the second tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
      ("3rd wednesday of the month", "FREQ=MONTHLY;BYDAY=3WE"),
      ("rabu ketiga setiap bulan", "FREQ=MONTHLY;BYDAY=3WE"),
      ("kamis keempat setiap bulan", "FREQ=MONTHLY;BYDAY=4TH"),
      ("senin ke-2 setiap bulan", "FREQ=MONTHLY;BYDAY=2MO"),
      ("jumat kelima setiap bulan", "FREQ=MONTHLY;BYDAY=5FR"),
      ("last friday of the month", "FREQ=MONTHLY;BYDAY=-1FR"),
      ("senin terakhir setiap bulan", "FREQ=MONTHLY;BYDAY=-1MO"),
      ("Jum'at terakhir setiap bulan", "FREQ=MONTHLY;BYDAY=-1FR"),
      ("every month on the first monday", "FREQ=MONTHLY;BYDAY=1MO"),
      // Weekdays of every week.
      ("every monday", "FREQ=WEEKLY;BYDAY=MO"),
      ("setiap senin", "FREQ=WEEKLY;BYDAY=MO"),
      ("setiap hari senin", "FREQ=WEEKLY;BYDAY=MO"),
      ("tiap hari jumat", "FREQ=WEEKLY;BYDAY=FR"),
      ("every monday and thursday", "FREQ=WEEKLY;BYDAY=MO,TH"),
      ("every thursday & monday", "FREQ=WEEKLY;BYDAY=MO,TH"),
      ("setiap senin dan kamis", "FREQ=WEEKLY;BYDAY=MO,TH"),
      ("setiap senin, rabu dan jumat", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
      // "hari minggu" is Sunday; "minggu" (or "pekan") alone is a week.
      ("setiap hari minggu", "FREQ=WEEKLY;BYDAY=SU"),
      ("every sunday", "FREQ=WEEKLY;BYDAY=SU"),
      ("setiap ahad", "FREQ=WEEKLY;BYDAY=SU"),
      ("setiap minggu", "FREQ=WEEKLY"),
      ("setiap pekan", "FREQ=WEEKLY"),
      ("every week", "FREQ=WEEKLY"),
      ("weekly", "FREQ=WEEKLY"),
      ("mingguan", "FREQ=WEEKLY"),
      // Intervals.
      ("every 2 weeks on tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
      ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
      ("setiap 2 minggu", "FREQ=WEEKLY;INTERVAL=2"),
      ("setiap 2 minggu pada hari selasa", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
      ("setiap 2 minggu pada hari minggu", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"),
      ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
      ("setiap 3 hari", "FREQ=DAILY;INTERVAL=3"),
      ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
      ("setiap 6 bulan", "FREQ=MONTHLY;INTERVAL=6"),
      ("every 2 years", "FREQ=YEARLY;INTERVAL=2"),
      // Quarters.
      ("setiap triwulan", "FREQ=MONTHLY;INTERVAL=3"),
      ("every quarter", "FREQ=MONTHLY;INTERVAL=3"),
      ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
      ("tiap kuartal", "FREQ=MONTHLY;INTERVAL=3"),
      // Day of the month.
      ("setiap tanggal 15", "FREQ=MONTHLY;BYMONTHDAY=15"),
      ("tanggal 15 setiap bulan", "FREQ=MONTHLY;BYMONTHDAY=15"),
      ("the 15th of every month", "FREQ=MONTHLY;BYMONTHDAY=15"),
      ("monthly on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1"),
      ("setiap tanggal 31", "FREQ=MONTHLY;BYMONTHDAY=31"),
      ("hari terakhir setiap bulan", "FREQ=MONTHLY;BYMONTHDAY=-1"),
      ("last day of the month", "FREQ=MONTHLY;BYMONTHDAY=-1"),
      ("the last day of every month", "FREQ=MONTHLY;BYMONTHDAY=-1"),
      // Working days.
      ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
      ("every working day", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
      ("setiap hari kerja", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
      // Plain frequencies.
      ("every day", "FREQ=DAILY"),
      ("daily", "FREQ=DAILY"),
      ("setiap hari", "FREQ=DAILY"),
      ("harian", "FREQ=DAILY"),
      ("every month", "FREQ=MONTHLY"),
      ("monthly", "FREQ=MONTHLY"),
      ("setiap bulan", "FREQ=MONTHLY"),
      ("bulanan", "FREQ=MONTHLY"),
      ("every year", "FREQ=YEARLY"),
      ("annually", "FREQ=YEARLY"),
      ("setiap tahun", "FREQ=YEARLY"),
      ("tahunan", "FREQ=YEARLY"),
      // Case and spacing do not matter.
      ("  EVERY   Monday  ", "FREQ=WEEKLY;BYDAY=MO"),
      ("SETIAP   TANGGAL 15", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ])
  func phraseBecomesRule(phrase: String, expected: String) throws {
    #expect(try rule(phrase) == expected)
  }

  @Test func theRuleIsARealRuleThatParsesBackToItself() throws {
    for phrase in ["senin pertama setiap bulan", "every 2 weeks on tuesday", "setiap triwulan"] {
      let rule = try RecurrencePhrase.rule(for: phrase)
      #expect(try RecurrenceRule(parsing: rule.description) == rule)
      #expect(rule.count == nil && rule.until == nil, "a phrase never ends the series itself")
    }
  }

  @Test func sundayAndWeekAreNotConfused() throws {
    let sunday = try RecurrencePhrase.rule(for: "setiap hari minggu")
    let week = try RecurrencePhrase.rule(for: "setiap minggu")
    #expect(sunday.frequency == .weekly)
    #expect(sunday.byDay == [.init(.sunday)])
    #expect(week.frequency == .weekly)
    #expect(week.byDay.isEmpty)
    #expect(sunday != week)
  }

  @Test(
    arguments: [
      "", "   ", "every", "setiap", "sometimes", "kadang-kadang", "every blue moon",
      "every 0 weeks", "every -2 weeks", "every 2 fortnights", "every 2 days on monday",
      "every 3 months on friday", "senin keenam setiap bulan", "senin ke-6 setiap bulan",
      "setiap tanggal 32", "setiap tanggal 0", "every 15", "first of the month",
      "monday first blue", "setiap senin dan minggu", "every 2",
    ])
  func unknownPhrasesAreRefusedNamingThePhrase(phrase: String) {
    #expect(throws: RecurrenceError.unknownPhrase(phrase)) {
      try RecurrencePhrase.rule(for: phrase)
    }
  }

  @Test func theRefusalSaysHowToWriteIt() {
    do {
      _ = try RecurrencePhrase.rule(for: "kadang-kadang")
      Issue.record("an unknown phrase was accepted")
    } catch {
      let message = error.localizedDescription
      #expect(message.contains("'kadang-kadang'"))
      #expect(message.contains("senin pertama setiap bulan"))
      #expect(message.contains("--rrule"))
    }
  }
}

@Suite struct RecurrencePhraseSeveralOrdinalsTests {
  @Test(arguments: [
    ("first and third monday of the month", "FREQ=MONTHLY;BYDAY=1MO,3MO"),
    ("senin kedua dan keempat setiap bulan", "FREQ=MONTHLY;BYDAY=2MO,4MO"),
    ("selasa pertama dan terakhir setiap bulan", "FREQ=MONTHLY;BYDAY=1TU,-1TU"),
  ])
  func severalNumberedWeekdaysAreAllKept(phrase: String, rule: String) throws {
    #expect(try RecurrencePhrase.rule(for: phrase).description == rule)
  }
}
