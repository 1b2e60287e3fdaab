/// An array read from a NumPy `.npy` file: shape plus values in C (row-major) order.
public struct NPYArray: Equatable, Sendable {
  /// The element values, by dtype.
  public enum Values: Equatable, Sendable {
    case float32([Float])
    case int32([Int32])
    case int64([Int64])
  }

  /// Axis sizes; empty for a 0-d array.
  public var shape: [Int]
  public var values: Values
  /// The path it was read from, for error messages.
  public var path: String

  /// Creates an array (element count must match the shape).
  public init(shape: [Int], values: Values, path: String = "(array)") {
    self.shape = shape
    self.values = values
    self.path = path
  }

  /// The NumPy dtype name: "float32", "int32" or "int64".
  public var dtypeName: String {
    switch values {
    case .float32: "float32"
    case .int32: "int32"
    case .int64: "int64"
    }
  }

  /// The array as an fp32 tensor.
  /// - Throws: `NPYError.wrongDType` unless the array holds float32.
  public func floatTensor() throws -> Tensor {
    guard case let .float32(scalars) = values else {
      throw NPYError.wrongDType(path: path, expected: "float32", found: dtypeName)
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// The values as int32 (token ids, masks): int32 as is, int64 when every value fits.
  /// - Throws: `NPYError.wrongDType` for float arrays, `.valueOutOfRange` for an int64 outside int32.
  public func int32Values() throws -> [Int32] {
    switch values {
    case .float32: throw NPYError.wrongDType(path: path, expected: "int32 or int64", found: "float32")
    case let .int32(values): return values
    case let .int64(values):
      return try values.enumerated().map { index, value in
        guard let narrow = Int32(exactly: value) else {
          throw NPYError.valueOutOfRange(path: path, index: index, value: value)
        }
        return narrow
      }
    }
  }
}
