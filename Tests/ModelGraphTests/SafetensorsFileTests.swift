import Foundation
import ModelGraph
import Testing

@Suite("SafetensorsFile")
struct SafetensorsFileTests {
  /// A safetensors file with one tensor of raw little-endian 16-bit values.
  static func file(dtype: String, halves: [UInt16]) throws -> SafetensorsFile {
    let header = "{\"t\":{\"dtype\":\"\(dtype)\",\"shape\":[\(halves.count)],\"data_offsets\":[0,\(2 * halves.count)]}}"
    var bytes = Data()
    var length = UInt64(header.utf8.count).littleEndian
    withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
    bytes.append(Data(header.utf8))
    for half in halves { bytes.append(contentsOf: [UInt8(half & 0xFF), UInt8(half >> 8)]) }
    return try SafetensorsFile(bytes: bytes, path: "half.safetensors")
  }

  @Test("F16 widens exactly: normal, negative, largest, subnormal, signed zero, infinity")
  func float16() throws {
    let tensor = try Self.file(dtype: "F16", halves: [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555])
    #expect(tensor.metadata.isEmpty)
    let values = try tensor.floatTensor(named: "t").scalars
    #expect(Array(values.prefix(4)) == [1, -2, 65504, 0x1p-24])
    #expect(values[4] == 0 && values[4].sign == .minus)
    #expect(values[5] == .infinity)
    #expect(values[6] == 0.333251953125)  // 0x3555, the half closest to 1/3
  }

  @Test("BF16 is the top half of an fp32")
  func bfloat16() throws {
    let values = try Self.file(dtype: "BF16", halves: [0x3F80, 0xC040, 0x3E80]).floatTensor(named: "t").scalars
    #expect(values == [1, -3, 0.25])
  }

  @Test("entries keep their checked shape and offsets; a missing tensor is named")
  func entries() throws {
    let file = try Self.file(dtype: "F16", halves: [0, 0, 0, 0])
    let entry = try #require(file.entries["t"])
    #expect(entry.dtype == "F16" && entry.shape == [4] && entry.begin == 0 && entry.end == 8)
    #expect(throws: ModelFileError.tensorMissing(path: "half.safetensors", tensor: "u")) {
      try file.floatTensor(named: "u")
    }
  }
}
