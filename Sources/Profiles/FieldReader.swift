import Records
import Foundation
import YAMLLite

/// Reads typed fields from one mapping of a profile file, turning every problem into a
/// `ProfileError` that names the file, line, context ("instance 'c7i.xlarge', gpu") and key.
struct FieldReader {
  let mapping: Mapping
  let file: String
  let context: String

  /// Checks that every key of `mapping` is in `allowed` (else "unknown key … Did you mean").
  init(_ mapping: Mapping, file: String, context: String, allowed: [String]) throws(ProfileError) {
    self.mapping = mapping
    self.file = file
    self.context = context
    for key in mapping.keys where !allowed.contains(key) {
      throw .unknownKey(
        file: file, line: line(of: key), context: context, key: key,
        suggestion: closestMatch(to: key, in: allowed), known: allowed)
    }
  }

  /// Opens one entry of a profile file's list: names it in every message once its name is known
  /// ("instance 'c7i.xlarge'", before that "instances[3]"), checks its keys and reads its `name`,
  /// which must not contain commas or spaces (names are listed with `--hardware a,b`).
  static func entry(
    _ mapping: Mapping, file: String, index: Int, noun: String, listKey: String, allowed: [String], meaning: String
  ) throws(ProfileError) -> (fields: FieldReader, name: String) {
    let context = mapping["name"]?.string.map { "\(noun) '\($0)'" } ?? "\(listKey)[\(index)]"
    let fields = try FieldReader(mapping, file: file, context: context, allowed: allowed)
    let name = try fields.string("name", meaning: meaning)
    if name.contains(",") || name.contains(" ") {
      throw fields.invalid("name", "must not contain commas or spaces (names are listed with --hardware a,b), found '\(name)'.")
    }
    return (fields, name)
  }

  /// The line of `key`, or of the mapping when the key is absent.
  func line(of key: String) -> Int {
    mapping.position(of: key)?.line ?? mapping.position?.line ?? 1
  }

  func value(_ key: String, meaning: String) throws(ProfileError) -> Value {
    guard let value = mapping[key] else { throw missingKey(key, meaning: meaning) }
    return value
  }

  func found(_ value: Value) -> String {
    switch value {
    case .string(let s): "a string '\(s)'"
    case .int(let i): "\(i)"
    case .double(let d): "\(d)"
    case .bool(let b): "\(b)"
    default: value.kindDescription
    }
  }

  func wrongType(_ key: String, _ expected: String, _ value: Value) -> ProfileError {
    .wrongType(file: file, line: line(of: key), context: context, key: key, expected: expected, found: found(value))
  }

  func missingKey(_ key: String, meaning: String) -> ProfileError {
    .missingKey(file: file, line: line(of: key), context: context, key: key, meaning: meaning)
  }

  func invalid(_ key: String, _ problem: String) -> ProfileError {
    .invalidValue(file: file, line: line(of: key), context: context, key: key, problem: problem)
  }

  func string(_ key: String, meaning: String) throws(ProfileError) -> String {
    let value = try value(key, meaning: meaning)
    guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid(key, "must not be empty.") }
    return text
  }

  /// A finite number `> 0` (or `>= 0` when `allowsZero`), int or float.
  func number(_ key: String, meaning: String, allowsZero: Bool = false) throws(ProfileError) -> Double {
    let value = try value(key, meaning: meaning)
    guard let number = value.number else { throw wrongType(key, "a number", value) }
    guard number.isFinite else { throw invalid(key, "must be a finite number, found \(number).") }
    if allowsZero ? number < 0 : number <= 0 {
      throw invalid(key, "must be \(allowsZero ? "0 or more" : "greater than 0"), found \(found(value)).")
    }
    return number
  }

  /// Like `number`, but null or absent gives nil.
  func optionalNumber(_ key: String, meaning: String) throws(ProfileError) -> Double? {
    guard let value = mapping[key], value != .null else { return nil }
    return try number(key, meaning: meaning)
  }

  func integer(_ key: String, meaning: String, in range: ClosedRange<Int>) throws(ProfileError) -> Int {
    let value = try value(key, meaning: meaning)
    guard case .int(let number) = value else { throw wrongType(key, "a whole number", value) }
    guard range.contains(number) else {
      throw invalid(key, "must be between \(range.lowerBound) and \(range.upperBound), found \(number).")
    }
    return number
  }

  /// One of `choices`, with "Did you mean" for a near miss.
  func choice(_ key: String, meaning: String, from choices: [String]) throws(ProfileError) -> String {
    let text = try string(key, meaning: meaning)
    guard choices.contains(text) else {
      let hint = closestMatch(to: text, in: choices).map { " Did you mean '\($0)'?" } ?? ""
      throw invalid(key, "must be one of \(choices.joined(separator: ", ")), found '\(text)'.\(hint)")
    }
    return text
  }

  func nested(_ key: String, meaning: String, context nestedContext: String, allowed: [String]) throws(ProfileError)
    -> FieldReader
  {
    let value = try value(key, meaning: meaning)
    guard case .mapping(let inner) = value else { throw wrongType(key, "a mapping of keys", value) }
    return try FieldReader(inner, file: file, context: "\(context), \(nestedContext)", allowed: allowed)
  }

  /// The `source:` and `as_of:` pair every figure group carries; `as_of` is an ISO date
  /// ("2026-11-26", quoted in YAML). A figure with its own pair inside a group names the keys
  /// (`memory_bandwidth_source`, `memory_bandwidth_as_of`).
  func sourceNote(sourceKey: String = "source", asOfKey: String = "as_of") throws(ProfileError) -> SourceNote {
    let source = try string(sourceKey, meaning: "where the figures come from: a document, catalog or measurement")
    let asOf = try string(asOfKey, meaning: "the date the figures were read, quoted: \"2026-11-26\"")
    guard asOf.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil else {
      throw invalid(asOfKey, "must be a date written \"YYYY-MM-DD\", found '\(asOf)'.")
    }
    return SourceNote(source: source, asOf: asOf)
  }

  /// Whether `key` is present with a value other than null.
  func has(_ key: String) -> Bool {
    guard let value = mapping[key] else { return false }
    return value != .null
  }

  /// Like `string`, but null or absent gives nil.
  func optionalString(_ key: String, meaning: String) throws(ProfileError) -> String? {
    has(key) ? try string(key, meaning: meaning) : nil
  }

  /// Like `integer`, but null or absent gives nil.
  func optionalInteger(_ key: String, meaning: String, in range: ClosedRange<Int>) throws(ProfileError) -> Int? {
    has(key) ? try integer(key, meaning: meaning, in: range) : nil
  }

  /// A flow list of two numbers `[low, high]` (each `>= 0`, low <= high), or nil when absent.
  func optionalRange(_ key: String, meaning: String) throws(ProfileError) -> ClosedRange<Double>? {
    guard has(key), let value = mapping[key] else { return nil }
    guard case .list(let items) = value, items.count == 2, let low = items[0].number, let high = items[1].number else {
      throw wrongType(key, "a list of two numbers [low, high]", value)
    }
    guard low.isFinite, high.isFinite, low >= 0, low <= high else {
      throw invalid(key, "must be [low, high] with 0 <= low <= high, found [\(low), \(high)].")
    }
    return low...high
  }

  /// The nested mapping at `key`, or nil when absent or null.
  func optionalNested(_ key: String, meaning: String, context nestedContext: String, allowed: [String])
    throws(ProfileError) -> FieldReader?
  {
    has(key) ? try nested(key, meaning: meaning, context: nestedContext, allowed: allowed) : nil
  }

  /// The list of mappings at `key`, each read with `allowed` keys and the context "key[i]".
  func mappingList(_ key: String, meaning: String, allowed: [String]) throws(ProfileError) -> [FieldReader] {
    let value = try value(key, meaning: meaning)
    guard case .list(let items) = value, !items.isEmpty else { throw wrongType(key, "a non-empty list of mappings", value) }
    var readers: [FieldReader] = []
    for (index, item) in items.enumerated() {
      guard case .mapping(let inner) = item else { throw wrongType(key, "a list of mappings", item) }
      readers.append(try FieldReader(inner, file: file, context: "\(context), \(key)[\(index)]", allowed: allowed))
    }
    return readers
  }

  /// Checks that an optional `note:` is a string.
  func checkNote() throws(ProfileError) {
    if let note = mapping["note"], note.string == nil { throw wrongType("note", "a string", note) }
  }
}
