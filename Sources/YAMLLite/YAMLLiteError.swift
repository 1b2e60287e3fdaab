/// A problem found while reading a YAML-lite document: where (file, line, column) and what was
/// expected. The description reads `file:line:column: message`.
public struct YAMLLiteError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file name given to the parser (or "<input>").
  public var file: String
  /// 1-based line and column of the offending character.
  public var position: Position
  /// What was wrong, what was found and how to fix it.
  public var message: String

  public init(file: String, position: Position, message: String) {
    self.file = file
    self.position = position
    self.message = message
  }

  public init(file: String, line: Int, column: Int, message: String) {
    self.init(file: file, position: Position(line: line, column: column), message: message)
  }

  public var description: String { "\(file):\(position.line):\(position.column): \(message)" }
}
