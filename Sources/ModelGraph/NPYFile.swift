import Foundation

/// Reads and writes NumPy `.npy` files.
///
/// Format (numpy.lib.format): magic `\x93NUMPY`, major and minor version bytes, a little-endian
/// header length (`u16` for 1.0, `u32` for 2.0/3.0), then an ASCII Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces and `\n` so
/// the data starts at a multiple of 64 bytes, then the raw data. Reads little-endian float32,
/// int32 and int64 in C order; writes float32, version 1.0.
public enum NPYFile {
  /// Largest element count accepted: 2^31 (8 GiB of float32), so a corrupt shape is an error,
  /// not an allocation.
  public static let maximumElements = 1 << 31

  /// Reads the `.npy` file at `path`.
  /// - Throws: `NPYError` (unreadable, not .npy, unsupported dtype/order, bad shape, truncated).
  public static func read(path: String) throws -> NPYArray {
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw NPYError.unreadable(path: path, reason: FileAccess.reason(for: error, path: path))
    }
    return try read(bytes: bytes, path: path)
  }

  /// Parses the bytes of a whole `.npy` file; `path` is used in error messages.
  public static func read(bytes: Data, path: String) throws -> NPYArray {
    let data = Array(bytes.prefix(12))
    guard data.count >= 8, data[0] == 0x93, Array(data[1..<6]) == Array("NUMPY".utf8) else {
      throw NPYError.notNPY(path: path)
    }
    let (major, minor) = (Int(data[6]), Int(data[7]))
    guard [1, 2, 3].contains(major), minor == 0 else { throw NPYError.unsupportedVersion(path: path, major: major, minor: minor) }
    let lengthBytes = major == 1 ? 2 : 4
    guard data.count >= 8 + lengthBytes else { throw NPYError.truncatedHeader(path: path) }
    var headerLength = 0
    for index in 0..<lengthBytes { headerLength |= Int(data[8 + index]) << (8 * index) }
    let headerStart = 8 + lengthBytes
    guard headerLength <= bytes.count - headerStart else { throw NPYError.truncatedHeader(path: path) }
    let base = bytes.startIndex
    let headerText = String(decoding: bytes[(base + headerStart)..<(base + headerStart + headerLength)], as: UTF8.self)
    let header = try NPYHeader(text: headerText, path: path)
    let itemBytes = header.descr == "<f4" || header.descr == "<i4" ? 4 : 8
    let dataStart = headerStart + headerLength
    let expected = header.elementCount * itemBytes
    guard bytes.count - dataStart == expected else {
      throw NPYError.dataSizeMismatch(path: path, expectedBytes: expected, foundBytes: bytes.count - dataStart)
    }
    let count = header.elementCount
    let values: NPYArray.Values = bytes.withUnsafeBytes { raw in
      let source = UnsafeRawBufferPointer(rebasing: raw[dataStart..<(dataStart + expected)])
      switch header.descr {
      case "<f4": return .float32((0..<count).map { Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) })
      case "<i4": return .int32((0..<count).map { Int32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) })
      default: return .int64((0..<count).map { Int64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) })
      }
    }
    return NPYArray(shape: header.shape, values: values, path: path)
  }

  /// The bytes of a version 1.0 `.npy` file holding `tensor` as little-endian float32, C order.
  public static func encode(_ tensor: Tensor) -> Data {
    let shapeText = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
    // Pad so magic (6) + version (2) + length (2) + header + "\n" is a multiple of 64.
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var result = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    let length = UInt16(header.utf8.count)
    result.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    result.append(contentsOf: Array(header.utf8))
    for value in tensor.scalars {
      let bits = value.bitPattern.littleEndian
      withUnsafeBytes(of: bits) { result.append(contentsOf: $0) }
    }
    return result
  }

  /// Writes `tensor` as float32 to `path` atomically (temporary file, then rename).
  /// - Throws: `NPYError.writeFailed`.
  public static func write(_ tensor: Tensor, to path: String) throws {
    if let problem = FileAccess.writeProblem(at: path) { throw NPYError.writeFailed(path: path, reason: problem) }
    if let problem = FileAccess.writeAtomically(encode(tensor), to: path) {
      throw NPYError.writeFailed(path: path, reason: problem)
    }
  }

  /// Checks before slow work that `path` can be written.
  /// - Throws: `NPYError.writeFailed` with the reason.
  public static func checkWritable(_ path: String) throws {
    if let problem = FileAccess.writeProblem(at: path) { throw NPYError.writeFailed(path: path, reason: problem) }
  }
}
