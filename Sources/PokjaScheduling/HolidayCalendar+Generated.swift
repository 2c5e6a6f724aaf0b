// Generated from docs/holidays-id.json; HolidayTests fails when the two differ. Embedded so that a
// copied `pokja` binary needs no resource bundle beside it.

extension HolidayCalendar {
  /// The contents of docs/holidays-id.json.
  static let shippedJSON = #"""
    {
      "source": "SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025 (libur nasional dan cuti bersama 2026); 2027: fixed dates, Easter-based dates computed, the rest estimated until the SKB for 2027 is added",
      "updated": "2026-11-29",
      "holidays": [
        {"date": "2026-01-01", "name": "Tahun Baru 2026 Masehi", "english": "New Year's Day", "kind": "national"},
        {"date": "2026-01-16", "name": "Isra Mikraj Nabi Muhammad SAW", "english": "Isra Mi'raj", "kind": "national"},
        {"date": "2026-02-16", "name": "Cuti bersama Tahun Baru Imlek", "english": "Chinese New Year (collective leave)", "kind": "collective-leave"},
        {"date": "2026-02-17", "name": "Tahun Baru Imlek 2577 Kongzili", "english": "Chinese New Year", "kind": "national"},
        {"date": "2026-03-18", "name": "Cuti bersama Hari Suci Nyepi", "english": "Nyepi (collective leave)", "kind": "collective-leave"},
        {"date": "2026-03-19", "name": "Hari Suci Nyepi Tahun Baru Saka 1948", "english": "Nyepi", "kind": "national"},
        {"date": "2026-03-20", "name": "Cuti bersama Idulfitri 1447 H", "english": "Eid al-Fitr (collective leave)", "kind": "collective-leave"},
        {"date": "2026-03-21", "name": "Idulfitri 1447 H", "english": "Eid al-Fitr", "kind": "national"},
        {"date": "2026-03-22", "name": "Idulfitri 1447 H", "english": "Eid al-Fitr", "kind": "national"},
        {"date": "2026-03-23", "name": "Cuti bersama Idulfitri 1447 H", "english": "Eid al-Fitr (collective leave)", "kind": "collective-leave"},
        {"date": "2026-03-24", "name": "Cuti bersama Idulfitri 1447 H", "english": "Eid al-Fitr (collective leave)", "kind": "collective-leave"},
        {"date": "2026-04-03", "name": "Wafat Yesus Kristus", "english": "Good Friday", "kind": "national"},
        {"date": "2026-04-05", "name": "Kebangkitan Yesus Kristus (Paskah)", "english": "Easter Sunday", "kind": "national"},
        {"date": "2026-05-01", "name": "Hari Buruh Internasional", "english": "Labour Day", "kind": "national"},
        {"date": "2026-05-14", "name": "Kenaikan Yesus Kristus", "english": "Ascension Day", "kind": "national"},
        {"date": "2026-05-15", "name": "Cuti bersama Kenaikan Yesus Kristus", "english": "Ascension Day (collective leave)", "kind": "collective-leave"},
        {"date": "2026-05-27", "name": "Iduladha 1447 H", "english": "Eid al-Adha", "kind": "national"},
        {"date": "2026-05-28", "name": "Cuti bersama Iduladha 1447 H", "english": "Eid al-Adha (collective leave)", "kind": "collective-leave"},
        {"date": "2026-05-31", "name": "Hari Raya Waisak 2570 BE", "english": "Vesak", "kind": "national"},
        {"date": "2026-06-01", "name": "Hari Lahir Pancasila", "english": "Pancasila Day", "kind": "national"},
        {"date": "2026-06-16", "name": "Tahun Baru Islam 1448 H", "english": "Islamic New Year", "kind": "national"},
        {"date": "2026-08-17", "name": "Proklamasi Kemerdekaan RI", "english": "Independence Day", "kind": "national"},
        {"date": "2026-08-25", "name": "Maulid Nabi Muhammad SAW", "english": "Prophet's Birthday", "kind": "national"},
        {"date": "2026-12-24", "name": "Cuti bersama Kelahiran Yesus Kristus", "english": "Christmas (collective leave)", "kind": "collective-leave"},
        {"date": "2026-12-25", "name": "Kelahiran Yesus Kristus (Natal)", "english": "Christmas Day", "kind": "national"},
        {"date": "2027-01-01", "name": "Tahun Baru 2027 Masehi", "english": "New Year's Day", "kind": "national"},
        {"date": "2027-03-26", "name": "Wafat Yesus Kristus", "english": "Good Friday", "kind": "national"},
        {"date": "2027-03-28", "name": "Kebangkitan Yesus Kristus (Paskah)", "english": "Easter Sunday", "kind": "national"},
        {"date": "2027-05-01", "name": "Hari Buruh Internasional", "english": "Labour Day", "kind": "national"},
        {"date": "2027-05-06", "name": "Kenaikan Yesus Kristus", "english": "Ascension Day", "kind": "national"},
        {"date": "2027-06-01", "name": "Hari Lahir Pancasila", "english": "Pancasila Day", "kind": "national"},
        {"date": "2027-08-17", "name": "Proklamasi Kemerdekaan RI", "english": "Independence Day", "kind": "national"},
        {"date": "2027-12-25", "name": "Kelahiran Yesus Kristus (Natal)", "english": "Christmas Day", "kind": "national"},
        {"date": "2027-02-06", "name": "Tahun Baru Imlek 2578 Kongzili", "english": "Chinese New Year", "kind": "national", "estimated": true},
        {"date": "2027-03-10", "name": "Idulfitri 1448 H", "english": "Eid al-Fitr", "kind": "national", "estimated": true},
        {"date": "2027-03-11", "name": "Idulfitri 1448 H", "english": "Eid al-Fitr", "kind": "national", "estimated": true},
        {"date": "2027-05-17", "name": "Iduladha 1448 H", "english": "Eid al-Adha", "kind": "national", "estimated": true},
        {"date": "2027-06-06", "name": "Tahun Baru Islam 1449 H", "english": "Islamic New Year", "kind": "national", "estimated": true}
      ]
    }
    """#
}
