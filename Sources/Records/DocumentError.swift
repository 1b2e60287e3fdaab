/// A JSON document that could not be read as the document expected.
///
/// `reason` says what was wrong and what was found; `description` adds the file and how to
/// write a good one. Options that read documents (`validate --plan`, `plan --validation`) wrap
/// `reason` in their own message, naming the option.
public struct DocumentError: Error, Equatable, CustomStringConvertible {
  /// The file as the user named it.
  public var path: String
  /// What was wrong, e.g. "'inputs.volume' is missing".
  public var reason: String
  /// How to write a good one, e.g. "write one with `infer-plan validate … --json FILE`".
  public var remedy: String

  public init(path: String, reason: String, remedy: String) {
    self.path = path
    self.reason = reason
    self.remedy = remedy
  }

  public var description: String { "\(path): \(reason); \(remedy)." }

  /// The reason for a `DecodingError` from `JSONValueDecoder`, naming the key path.
  public static func reason(for error: any Error) -> String {
    func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
      var text = ""
      for key in codingPath + (key.map { [$0] } ?? []) {
        if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
      }
      return text
    }
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      return "'\(path(context.codingPath, key))' is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      let place = path(context.codingPath)
      return place.isEmpty ? context.debugDescription : "'\(place)': \(context.debugDescription)"
    case DecodingError.dataCorrupted(let context):
      let place = path(context.codingPath)
      return place.isEmpty ? context.debugDescription : "'\(place)': \(context.debugDescription)"
    default:
      return "\(error)"
    }
  }
}
