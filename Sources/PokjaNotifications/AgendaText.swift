import Foundation
import PokjaCore
import PokjaScheduling

/// An agenda as short text to paste into a WhatsApp group: a heading, then each day in bold with
/// its meetings (time with WIB/WITA/WIT, title, room and floor, link). WhatsApp shows `*text*` bold
/// and `_text_` italic.
public enum AgendaText {
  /// The text for `occurrences` (each focused on one occurrence), in `language`.
  public static func whatsapp(
    _ occurrences: [MeetingDetails], from: Date, to: Date, zone: TimeZone, language: Language,
    title: String
  ) -> String {
    let id = language == .indonesian
    let lastDay = to.addingTimeInterval(-1)
    var lines = [
      "*\(title)*",
      "_\(LocalizedDate.day(from, in: zone, language: language)) – \(LocalizedDate.day(lastDay, in: zone, language: language))_",
    ]
    guard !occurrences.isEmpty else {
      lines += ["", id ? "Tidak ada rapat terjadwal." : "No meetings scheduled."]
      return lines.joined(separator: "\n") + "\n"
    }
    var currentDay = ""
    for details in occurrences {
      let meeting = details.meeting
      let meetingZone = meeting.timeZone
      let day = LocalizedDate.day(meeting.start, in: meetingZone, language: language)
      if day != currentDay {
        lines += ["", "📅 *\(day)*"]
        currentDay = day
      }
      let time = LocalizedDate.timeRange(
        meeting.start, meeting.end, in: meetingZone, language: language)
      lines.append("• \(id ? "Pukul " : "")\(time) — *\(plain(meeting.title))*")
      if let room = details.room {
        lines.append("  📍 \(plain(room.displayLocation(floorWord: id ? "lantai" : "floor")))")
      }
      if let place = meeting.location, !place.isEmpty, link(in: place) != place {
        lines.append("  \(details.room == nil ? "📍 " : "")\(plain(place))")
      }
      if let url = link(in: meeting.location) ?? link(in: meeting.description) {
        lines.append("  🔗 \(url)")
      }
      if meeting.status == .cancelled {
        lines.append(id ? "  ❌ _Dibatalkan_" : "  ❌ _Cancelled_")
      }
    }
    lines += [
      "",
      id
        ? "_Mohon konfirmasi kehadiran kepada sekretariat._"
        : "_Please confirm your attendance with the secretariat._",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The first http(s) link in `text`.
  static func link(in text: String?) -> String? {
    guard let text,
      let match = text.firstMatch(of: #/https?://[^\s<>"]+/#)
    else { return nil }
    return String(match.output)
  }

  /// Text without WhatsApp's formatting characters, so a title with `*` does not turn bold.
  private static func plain(_ text: String) -> String {
    text.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "_", with: " ")
      .replacingOccurrences(of: "~", with: "")
  }
}
