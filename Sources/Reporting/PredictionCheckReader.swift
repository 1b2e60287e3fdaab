import Records

/// Reads the JSON that `infer-plan validate --json FILE` writes (`ValidateDocument`) into a
/// `PredictionCheck` for `--validation FILE`.
public enum PredictionCheckReader {
  /// - Throws: `PredictionCheckError` naming the file, what is wrong and how to make a good one.
  public static func read(_ path: String) throws(PredictionCheckError) -> PredictionCheck {
    do { return try PredictionCheck.read(from: path) } catch { throw PredictionCheckError(path: path, reason: error.reason) }
  }
}

/// A `--validation` file that cannot be used (exit 1).
public struct PredictionCheckError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var reason: String

  public var description: String {
    "--validation '\(path)': \(reason); write one with 'infer-plan validate --model MODEL --volume RATE --json \(path)'."
  }
}
