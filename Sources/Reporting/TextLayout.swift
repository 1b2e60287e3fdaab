/// Plain-text helpers for an 80-column report.
enum TextLayout {
  /// Wraps `text` at word boundaries to `width` columns; the first line starts with
  /// `firstIndent`, the others with `indent`.
  static func wrap(_ text: String, width: Int = 80, firstIndent: String = "  ", indent: String = "  ") -> [String] {
    var lines: [String] = []
    var line = firstIndent
    var lineHasWord = false
    for word in Self.words(text) {
      if lineHasWord && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent
        lineHasWord = false
      }
      line += (lineHasWord ? " " : "") + word
      lineHasWord = true
    }
    if lineHasWord { lines.append(line) }
    return lines
  }

  /// The words of `text`, a ✓ or ✗ mark kept with the word before it so it never starts a line.
  static func words(_ text: String) -> [String] {
    var words: [String] = []
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      let bare = word.replacingOccurrences(of: "\u{1B}[32m", with: "").replacingOccurrences(of: "\u{1B}[31m", with: "")
        .replacingOccurrences(of: "\u{1B}[0m", with: "")
      if (bare == "✓" || bare == "✗"), let last = words.popLast() { words.append(last + " " + word) } else { words.append(String(word)) }
    }
    return words
  }

  /// `text` cut to `width` characters (with "…") and padded on the left or right.
  static func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
    var value = text
    if value.count > width { value = String(value.prefix(max(0, width - 1))) + "…" }
    let pad = String(repeating: " ", count: max(0, width - value.count))
    return right ? pad + value : value + pad
  }
}

/// ANSI styling, applied only when colour is on.
struct Style {
  var enabled: Bool

  func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  func good(_ text: String) -> String { enabled ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
  func bad(_ text: String) -> String { enabled ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
  func mark(_ ok: Bool) -> String { ok ? good("✓") : bad("✗") }
}
