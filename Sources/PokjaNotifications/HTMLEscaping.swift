import Foundation
import Mustache
import PokjaCore

/// HTML escaping for templates and pages, scalar by scalar.
///
/// swift-mustache's own HTML escaping compares whole characters, so a `"` or `'` followed by a
/// combining mark (U+0301: one character, not `"`) went out unescaped, and a browser still ends an
/// attribute there: `title="{{name}}"` with a name beginning `"́ onmouseover=…` added an attribute.
/// Every HTML template (mail bodies, the web pages) is compiled with ``pragma`` in front.
public enum HTMLEscaping {
  /// `&`, `<`, `>`, `"` and `'` as entities.
  public static func escape(_ text: String) -> String {
    text.replacingScalars(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
  }

  /// Put before a template's source so its `{{values}}` are escaped with ``escape(_:)``.
  public static let pragma: String = {
    MustacheContentTypes.register(ContentType(), named: contentTypeName)
    return "{{%CONTENT_TYPE:\(contentTypeName)}}"
  }()

  private static let contentTypeName = "POKJA_HTML"

  private struct ContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
  }
}
