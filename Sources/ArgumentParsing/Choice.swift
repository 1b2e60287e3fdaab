import Records

/// One value from a fixed set, as an option takes it: `--routing round-robin`, `--devices cuda`.
extension ParsedArguments {
  /// Reads `text` (given to `option`) as one of `T`'s cases, ignoring case.
  ///
  /// - Parameters:
  ///   - option: the option as typed in messages, e.g. "--device".
  ///   - noun: what the values are, e.g. "device kind".
  ///   - hints: fixes for known confusions, by lowercased value, said instead of a spelling
  ///     guess: `["gpu": "use 'cuda' for NVIDIA GPUs"]`.
  /// - Throws: `ArgumentError` naming the value, the choices, and either the hint or the closest
  ///   choice (`closestMatch`): "'--routing shard': unknown routing; use shared or round-robin.
  ///   Did you mean 'shared'?"
  public static func choice<T: CaseIterable & RawRepresentable>(
    _ text: String, for option: String, noun: String, hints: [String: String] = [:]
  ) throws -> T where T.RawValue == String {
    let names = T.allCases.map(\.rawValue)
    if let value = T(rawValue: text.lowercased()) ?? T(rawValue: text) { return value }
    throw ArgumentError(unknownChoiceMessage(text, option: option, noun: noun, choices: names, hints: hints))
  }

  /// The value of single-valued option `name` as one of `T`'s cases, or nil when absent.
  /// - Throws: `ArgumentError` as `choice(_:for:noun:hints:)` does.
  public func choice<T: CaseIterable & RawRepresentable>(
    _ name: String, noun: String, hints: [String: String] = [:]
  ) throws -> T? where T.RawValue == String {
    try value(name).map { try Self.choice($0, for: "--" + name, noun: noun, hints: hints) }
  }

  /// Every value of repeated option `name` as `T`'s cases, without repeats, in the order given.
  /// - Throws: `ArgumentError` for the first value that is not a choice.
  public func choices<T: CaseIterable & RawRepresentable & Equatable>(
    _ name: String, noun: String, hints: [String: String] = [:]
  ) throws -> [T] where T.RawValue == String {
    var result: [T] = []
    for text in list(name) {
      let value: T = try Self.choice(text, for: "--" + name, noun: noun, hints: hints)
      if !result.contains(value) { result.append(value) }
    }
    return result
  }
}

/// "'--device gpu': unknown device kind; use cpu or cuda. Use 'cuda' for NVIDIA GPUs." — the
/// hint for a known confusion wins over a spelling guess, which follows `closestMatch`'s rule.
public func unknownChoiceMessage(
  _ text: String, option: String, noun: String, choices: [String], hints: [String: String] = [:]
) -> String {
  var message = "'\(option) \(text)': unknown \(noun); use \(choiceList(choices))."
  if let hint = hints[text.lowercased()] {
    message += " " + hint.prefix(1).uppercased() + hint.dropFirst() + "."
  } else if let guess = closestMatch(to: text.lowercased(), in: choices) {
    message += " Did you mean '\(guess)'?"
  }
  return message
}

/// Names as a sentence lists them: "a", "a or b", "a, b or c".
public func choiceList(_ names: [String]) -> String {
  guard let last = names.last else { return "" }
  return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
}
