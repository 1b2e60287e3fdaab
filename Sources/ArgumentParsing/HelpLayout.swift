/// How `--help` text is laid out: paragraphs and the options table, wrapped to 80 columns so
/// help reads in a default terminal without the terminal breaking words.
public enum HelpLayout {
  /// Columns every help line fits in.
  public static let width = 80
  /// Column where an option's description starts ("  --name VALUE" is padded to it).
  public static let descriptionColumn = 28

  /// `text` wrapped at spaces to lines of at most `width` columns: the first line starts with
  /// `firstIndent` spaces, the others with `indent`. A single word longer than a line stays whole.
  public static func wrap(_ text: String, width: Int = width, indent: Int = 0, firstIndent: Int? = nil) -> [String] {
    var lines: [String] = []
    var line = String(repeating: " ", count: firstIndent ?? indent)
    var lineHasWord = false
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if lineHasWord, line.count + 1 + word.count > width {
        lines.append(line)
        line = String(repeating: " ", count: indent)
        lineHasWord = false
      }
      line += (lineHasWord ? " " : "") + word
      lineHasWord = true
    }
    if lineHasWord { lines.append(line) }
    return lines
  }

  /// Paragraphs (separated by blank lines in `text`) each wrapped to `width` with `indent`.
  public static func paragraphs(_ text: String, width: Int = width, indent: Int = 0) -> String {
    text.components(separatedBy: "\n\n").map { paragraph in
      wrap(paragraph.replacingNewlines(), width: width, indent: indent).joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  /// One entry per option: "  --name VALUE" in the first 28 columns, then its description
  /// wrapped beside it (below it, when the name is wider than the column).
  public static func options(_ options: [OptionSpec], width: Int = width) -> String {
    options.flatMap { spec -> [String] in
      let name = "  --\(spec.name)" + (spec.arity == .flag ? "" : " \(spec.valueName)")
      let description = wrap(spec.help, width: width, indent: descriptionColumn)
      guard name.count < descriptionColumn - 1, let first = description.first else {
        return [name] + description
      }
      let padded = name + String(repeating: " ", count: descriptionColumn - name.count)
      return [padded + first.dropFirst(descriptionColumn)] + description.dropFirst()
    }.joined(separator: "\n")
  }
}

extension String {
  fileprivate func replacingNewlines() -> String {
    split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
  }
}
