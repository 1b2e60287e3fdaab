/// A value that is not a rate, duration or amount in a unit the tool accepts. The message
/// names the option or key, the text found and the accepted forms; the command line turns it
/// into a usage error (exit 64), a profile reader into an error naming the file and key.
public struct UnitError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
