/// A problem with the command line. `main` prints it, the usage line and a pointer to
/// `--help`, and exits 64 (EX_USAGE).
public struct ArgumentError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
