/// A tensor read from an ONNX file (an initializer or an attribute's value), its values
/// converted: FLOAT, FLOAT16, BFLOAT16 and DOUBLE to fp32; the integer types and BOOL to
/// 64-bit integers, as shape arithmetic needs them.
public struct ONNXTensor: Sendable, Equatable {
  /// The tensor's values, converted.
  public enum Values: Sendable, Equatable {
    /// fp32 values: FLOAT as stored, FLOAT16 and BFLOAT16 widened exactly, DOUBLE rounded.
    case floats([Float])
    /// Integer values: INT8 to INT64, UINT8 to UINT64 (at most Int64.max) and BOOL (0 or 1).
    case integers([Int64])
  }

  /// The tensor's name (empty for most attribute tensors).
  public var name: String
  /// The element type stored in the file.
  public var dataType: ONNXDataType
  /// The dims, each 0 or more; `[]` is a scalar.
  public var dims: [Int]
  public var values: Values
  /// The external data file the values were read from, relative to the model's folder; nil
  /// when they were stored in the model file.
  public var externalFile: String?

  /// Creates a tensor; `values` must hold one value per element of `dims`.
  public init(name: String, dataType: ONNXDataType, dims: [Int], values: Values, externalFile: String? = nil) {
    self.name = name
    self.dataType = dataType
    self.dims = dims
    self.values = values
    self.externalFile = externalFile
  }

  /// The number of elements: the product of `dims` (1 for a scalar).
  public var elementCount: Int { dims.reduce(1, *) }

  /// The fp32 values, or nil for an integer tensor.
  public var floats: [Float]? {
    if case let .floats(values) = values { return values }
    return nil
  }

  /// The integer values, or nil for a floating-point tensor.
  public var integers: [Int64]? {
    if case let .integers(values) = values { return values }
    return nil
  }
}
