import Foundation
import PokjaCore
import PokjaNotifications
import Testing

/// Template overrides read from a folder: `KEY.mustache` replaces a built-in template, a broken one
/// is reported with its file, line and tag, and a typo in a file name is a warning.
@Suite struct TemplateFileTests {
  private func folder(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-templates-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return url
  }

  @Test func aFileReplacesThatTemplateAndATypoIsAWarning() throws {
    let url = try folder([
      "invitation.subject.id.mustache": "Undangan khusus: {{title}}",
      "invitaton.text.id.mustache": "typo",
      "notes.txt": "not a template",
    ])
    let loaded = try MessageTemplates.load(directory: url)
    let key = MessageTemplates.Key(.invitation, .subject, .indonesian)
    #expect(loaded.templates.isOverridden(key))
    #expect(!loaded.templates.isOverridden(.init(.invitation, .subject, .english)))
    #expect(try loaded.templates.render(key, ["title": "Pleno"]) == "Undangan khusus: Pleno")
    #expect(loaded.warnings.count == 2)
    #expect(
      loaded.warnings.contains {
        $0.contains("invitaton.text.id.mustache")
          && $0.contains("did you mean invitation.text.id.mustache")
      })
  }

  @Test func aMissingFolderMeansTheBuiltInTemplates() throws {
    let loaded = try MessageTemplates.load(
      directory: URL(fileURLWithPath: "/nonexistent/pokja-templates"))
    #expect(loaded.templates.overrides.isEmpty && loaded.warnings.isEmpty)
  }

  @Test func aTemplateThatDoesNotCompileNamesTheFileLineAndTag() throws {
    let url = try folder([
      "reminder.text.en.mustache": "Dear {{name}},\nAbout {{#title}}x{{/titel}}\n"
    ])
    #expect {
      _ = try MessageTemplates.load(directory: url)
    } throws: { error in
      guard
        case .templateSyntax(let file, let line, _, let tag, let reason) = error
          as? NotificationError
      else { return false }
      return file.hasSuffix("/reminder.text.en.mustache") && line == 2 && tag == "{{/titel}}"
        && reason.contains("does not match")
    }
    let unfinished = try folder(["update.subject.id.mustache": "Perubahan {{title"])
    #expect {
      _ = try MessageTemplates.load(directory: unfinished)
    } throws: { error in
      guard case .templateSyntax(_, 1, _, let tag, _) = error as? NotificationError else {
        return false
      }
      return tag.hasPrefix("{{title")
    }
  }

  @Test func anUnclosedSectionIsReportedWhereItOpens() throws {
    let url = try folder([
      "cancellation.html.en.mustache": "<p>\n{{#location}}\n{{location}}\n</p>\n"
    ])
    #expect {
      _ = try MessageTemplates.load(directory: url)
    } throws: { error in
      guard case .templateSyntax(_, let line, _, let tag, _) = error as? NotificationError else {
        return false
      }
      return line == 2 && tag == "{{#location}}"
    }
  }

  @Test func theDumpedTemplatesRenderLikeTheBuiltInOnesAndAreNeverOverwritten() throws {
    let url = try folder([:])
    let written = try MessageTemplates.dumpBuiltIn(to: url)
    #expect(written.count == MessageTemplates.allKeys.count)
    #expect(MessageTemplates.allKeys.count == 56)
    let loaded = try MessageTemplates.load(directory: url)
    #expect(loaded.warnings.isEmpty)
    let values: [String: Any] = ["title": "Pleno", "greeting": "Yth.", "day": "Senin"]
    for key in MessageTemplates.allKeys {
      #expect(try loaded.templates.render(key, values) == MessageTemplates().render(key, values))
    }
    #expect(throws: NotificationError.self) { try MessageTemplates.dumpBuiltIn(to: url) }
  }
}
