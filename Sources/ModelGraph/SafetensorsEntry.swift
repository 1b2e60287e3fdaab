/// One tensor described by a safetensors header, with every field already checked against the
/// file: known dtype, non-negative shape whose byte size fits, offsets inside the data section.
public struct SafetensorsEntry: Equatable, Sendable {
  /// Tensor name, the header key.
  public var name: String
  /// Safetensors dtype string ("F32", "F16", "BF16", "I64", …).
  public var dtype: String
  public var shape: [Int]
  /// Byte range in the data section (after the 8-byte length and the header).
  public var begin: Int
  public var end: Int

  /// Number of elements (`shape` product; 1 for a scalar).
  public var elementCount: Int { shape.reduce(1, *) }

  /// Bytes per element of each dtype the safetensors format defines.
  public static let elementBytes: [String: Int] = [
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2,
    "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8,
  ]

  /// Dtypes this tool converts to fp32 weights.
  public static let floatDTypes: Set<String> = ["F32", "F16", "BF16"]
}
