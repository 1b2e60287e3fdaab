import Foundation
import Records

/// A safetensors file held in memory (memory-mapped when read): the parsed, checked header and
/// the raw bytes. Converts tensors to fp32 on demand, so unused entries (such as Hugging Face's
/// int64 `position_ids`) are never converted.
///
/// Layout: 8-byte little-endian `u64` header length `N`, `N` bytes of JSON header, then the data
/// section. Header: `{"__metadata__": {string: string}, "<name>": {"dtype", "shape",
/// "data_offsets": [begin, end]}, …}` with offsets relative to the data section.
public struct SafetensorsFile: Sendable {
  /// Largest header accepted: 100 MB. Real headers are kilobytes (BERT-base: ~20 KB); the cap
  /// stops a corrupt length field from causing a huge allocation or parse.
  public static let maximumHeaderBytes = 100_000_000
  /// Largest total element count accepted: 2^31 (8 GiB of fp32), far above any model this tool
  /// measures, and small enough that counts never overflow an `Int`.
  public static let maximumParameters = 1 << 31

  /// The path used in error messages.
  public var path: String
  /// `__metadata__` (string to string), empty when absent.
  public var metadata: [String: String]
  /// Entries by name.
  public var entries: [String: SafetensorsEntry]
  /// The whole file.
  let bytes: Data
  /// Offset of the data section in `bytes`.
  let dataStart: Int

  /// Reads and checks the file at `path`.
  /// - Throws: `ModelFileError` for any unreadable, truncated or inconsistent file.
  public static func read(path: String) throws -> SafetensorsFile {
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw ModelFileError.unreadable(path: path, reason: FileAccess.reason(for: error, path: path))
    }
    return try SafetensorsFile(bytes: bytes, path: path)
  }

  /// Parses and checks `bytes` (a whole file); `path` is used in error messages.
  public init(bytes: Data, path: String) throws {
    self.path = path
    self.bytes = bytes
    guard bytes.count >= 8 else { throw ModelFileError.tooShort(path: path, size: bytes.count, needed: 8) }
    var length: UInt64 = 0
    for index in 0..<8 { length |= UInt64(bytes[bytes.startIndex + index]) << UInt64(8 * index) }
    guard length <= UInt64(Self.maximumHeaderBytes) else {
      throw ModelFileError.headerTooLarge(path: path, length: length, limit: Self.maximumHeaderBytes)
    }
    guard length <= UInt64(bytes.count - 8) else {
      throw ModelFileError.headerPastEnd(path: path, length: length, fileSize: bytes.count)
    }
    dataStart = 8 + Int(length)
    let headerBytes = bytes.subdata(in: (bytes.startIndex + 8)..<(bytes.startIndex + dataStart))
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: headerBytes)
    } catch {
      throw ModelFileError.headerNotJSON(path: path, detail: "the bytes after the length field do not parse")
    }
    guard let header = object as? [String: Any] else {
      throw ModelFileError.headerNotJSON(path: path, detail: "the top level is not an object")
    }
    metadata = [:]
    if let rawMetadata = header["__metadata__"] {
      guard let dictionary = rawMetadata as? [String: Any] else {
        throw ModelFileError.badTensorEntry(path: path, tensor: "__metadata__", problem: "must be an object of strings")
      }
      for (key, value) in dictionary {
        guard let text = value as? String else {
          throw ModelFileError.badTensorEntry(
            path: path, tensor: "__metadata__", problem: "value of '\(key)' must be a string")
        }
        metadata[key] = text
      }
    }
    let dataBytes = bytes.count - dataStart
    var entries: [String: SafetensorsEntry] = [:]
    var totalParameters = 0
    for name in header.keys.sorted() where name != "__metadata__" {
      let entry = try Self.checkedEntry(name: name, value: header[name] as Any, dataBytes: dataBytes, path: path)
      totalParameters += entry.elementCount
      guard totalParameters <= Self.maximumParameters else {
        throw ModelFileError.tooManyParameters(
          path: path, count: String(totalParameters), limit: Self.maximumParameters)
      }
      entries[name] = entry
    }
    self.entries = entries
    try Self.checkLayout(entries.values.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) },
                         dataBytes: dataBytes, path: path)
  }

  /// Checks one header entry: dtype, shape, element count limit, offsets and byte size.
  static func checkedEntry(name: String, value: Any, dataBytes: Int, path: String) throws -> SafetensorsEntry {
    guard let fields = value as? [String: Any] else {
      throw ModelFileError.badTensorEntry(path: path, tensor: name, problem: "entry must be an object with dtype, shape and data_offsets")
    }
    guard let dtype = fields["dtype"] as? String else {
      throw ModelFileError.badTensorEntry(path: path, tensor: name, problem: "missing string 'dtype'")
    }
    guard let elementBytes = SafetensorsEntry.elementBytes[dtype] else {
      throw ModelFileError.unsupportedDType(path: path, tensor: name, dtype: dtype)
    }
    guard let rawShape = fields["shape"] as? [Any] else {
      throw ModelFileError.badTensorEntry(path: path, tensor: name, problem: "missing list 'shape'")
    }
    let shapeText = UntrustedJSON.listText(rawShape)
    var shape: [Int] = []
    var count = 1
    for dimension in rawShape {
      guard let size = UntrustedJSON.integer(dimension), size >= 0 else {
        throw ModelFileError.negativeDimension(path: path, tensor: name, shape: shapeText)
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow else { throw ModelFileError.shapeOverflow(path: path, tensor: name, shape: shapeText) }
      shape.append(size)
      count = product
    }
    guard count <= maximumParameters else {
      throw ModelFileError.tooManyParameters(path: path, count: String(count), limit: maximumParameters)
    }
    guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2,
      let begin = UntrustedJSON.integer(offsets[0]), let end = UntrustedJSON.integer(offsets[1])
    else {
      throw ModelFileError.badTensorEntry(path: path, tensor: name, problem: "'data_offsets' must be two whole numbers [begin, end]")
    }
    guard begin >= 0, begin <= end, end <= dataBytes else {
      throw ModelFileError.offsetsOutOfRange(path: path, tensor: name, begin: begin, end: end, dataBytes: dataBytes)
    }
    guard end - begin == count * elementBytes else {
      throw ModelFileError.sizeMismatch(
        path: path, tensor: name, shape: shape, dtype: dtype, expectedBytes: count * elementBytes,
        foundBytes: end - begin)
    }
    return SafetensorsEntry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
  }

  /// Tensors must tile the data section exactly: sorted by offset, each starts where the last ended.
  static func checkLayout(_ sorted: [SafetensorsEntry], dataBytes: Int, path: String) throws {
    var position = 0
    var previous: SafetensorsEntry?
    for entry in sorted {
      if entry.begin < position, let previous {
        throw ModelFileError.overlappingTensors(path: path, first: previous.name, second: entry.name)
      }
      if entry.begin > position {
        throw ModelFileError.gapInData(
          path: path, after: previous?.name ?? "(start of data)", expectedBegin: position, foundBegin: entry.begin)
      }
      position = entry.end
      previous = entry
    }
    guard position == dataBytes else {
      throw ModelFileError.trailingData(path: path, usedBytes: position, dataBytes: dataBytes)
    }
  }

  /// The named tensor converted to fp32.
  /// - Throws: `ModelFileError.tensorMissing` or `.unsupportedDType` (only F32, F16, BF16 convert).
  public func floatTensor(named name: String) throws -> Tensor {
    guard let entry = entries[name] else { throw ModelFileError.tensorMissing(path: path, tensor: name) }
    guard SafetensorsEntry.floatDTypes.contains(entry.dtype) else {
      throw ModelFileError.unsupportedDType(path: path, tensor: name, dtype: entry.dtype)
    }
    let count = entry.elementCount
    let start = bytes.startIndex + dataStart + entry.begin
    let scalars = bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Float] in
      let source = UnsafeRawBufferPointer(rebasing: raw[(start - bytes.startIndex)..<(start - bytes.startIndex + entry.end - entry.begin)])
      return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        switch entry.dtype {
        case "F32":
          // Safetensors is little-endian; so are x86-64 and AArch64, the hosts this tool targets.
          if count > 0, let base = buffer.baseAddress, let from = source.baseAddress {
            UnsafeMutableRawPointer(base).copyMemory(from: from, byteCount: count * 4)
          }
        case "F16":
          for index in 0..<count {
            buffer[index] = HalfPrecision.float(fromHalf: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
          }
        default:  // BF16: the top 16 bits of an fp32.
          for index in 0..<count {
            let bits = UInt32(source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)) << 16
            buffer[index] = Float(bitPattern: bits)
          }
        }
        initialized = count
      }
    }
    return Tensor(shape: entry.shape, scalars: scalars)
  }

  /// Encodes fp32 `tensors` (laid out in the given order) and `metadata` as safetensors bytes.
  /// The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
  public static func encode(tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) throws -> Data {
    var header: [String: Any] = ["__metadata__": metadata]
    var offset = 0
    for (name, tensor) in tensors {
      header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + 4 * tensor.count]]
      offset += 4 * tensor.count
    }
    var headerBytes = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
    headerBytes.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8))
    var result = Data(capacity: 8 + headerBytes.count + offset)
    var length = UInt64(headerBytes.count).littleEndian
    withUnsafeBytes(of: &length) { result.append(contentsOf: $0) }
    result.append(headerBytes)
    for (_, tensor) in tensors {
      tensor.scalars.withUnsafeBytes { result.append(contentsOf: $0) }
    }
    return result
  }
}
