/// How this binary was compiled; measurements from a debug build are flagged because Swift
/// runs unoptimised and the C kernels are compiled at -O0 there.
public enum BuildConfiguration: String, Sendable, Codable, CaseIterable {
  case debug
  case release

  /// The configuration of the running binary (from the `DEBUG` compilation condition that
  /// `swift build` sets in debug builds only).
  public static var current: BuildConfiguration {
    #if DEBUG
      return .debug
    #else
      return .release
    #endif
  }
}
