/// An ONNX element type: `TensorProto.DataType` in onnx.proto (onnx 1.23, which defines codes
/// 0 to 28). A code outside that list is an error when read.
public enum ONNXDataType: Int32, Sendable, CaseIterable, CustomStringConvertible {
  case undefined = 0, float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7
  case string = 8, bool = 9, float16 = 10, double = 11, uint32 = 12, uint64 = 13
  case complex64 = 14, complex128 = 15, bfloat16 = 16
  case float8e4m3fn = 17, float8e4m3fnuz = 18, float8e5m2 = 19, float8e5m2fnuz = 20
  case uint4 = 21, int4 = 22, float4e2m1 = 23, float8e8m0 = 24, uint2 = 25, int2 = 26
  case float6e2m3 = 27, float6e3m2 = 28

  /// The name onnx.proto gives it: `FLOAT`, `INT64`, `BFLOAT16`, …
  public var description: String { Self.names[Int(rawValue)] }

  private static let names = [
    "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE",
    "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
    "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1", "FLOAT8E8M0", "UINT2", "INT2", "FLOAT6E2M3", "FLOAT6E3M2",
  ]

  /// Bytes per element in `raw_data` and external data, for the types whose values this reader
  /// converts; nil for the others (strings, complex numbers, sub-byte and 8-bit floats).
  public var elementBytes: Int? {
    switch self {
    case .int8, .uint8, .bool: 1
    case .float16, .bfloat16, .int16, .uint16: 2
    case .float, .int32, .uint32: 4
    case .double, .int64, .uint64: 8
    default: nil
    }
  }

  /// Whether values of this type are read as fp32 (`FLOAT`, `FLOAT16`, `BFLOAT16`, `DOUBLE`);
  /// the other readable types are read as 64-bit integers.
  public var isFloatingPoint: Bool { [.float, .float16, .bfloat16, .double].contains(self) }

  /// The readable types, in code order, for error messages.
  static var readable: [ONNXDataType] { allCases.filter { $0.elementBytes != nil } }
}
