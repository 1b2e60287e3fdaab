/// A problem reading or writing a NumPy `.npy` file; each message says what to do.
public enum NPYError: Error, Equatable, Sendable, CustomStringConvertible {
  case unreadable(path: String, reason: String)
  case notNPY(path: String)
  case unsupportedVersion(path: String, major: Int, minor: Int)
  case truncatedHeader(path: String)
  case badHeader(path: String, detail: String)
  case fortranOrder(path: String)
  case bigEndian(path: String, descr: String)
  case unsupportedDType(path: String, descr: String)
  case badShape(path: String, shape: String)
  case tooLarge(path: String, elements: String, limit: Int)
  case dataSizeMismatch(path: String, expectedBytes: Int, foundBytes: Int)
  case wrongDType(path: String, expected: String, found: String)
  case valueOutOfRange(path: String, index: Int, value: Int64)
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case let .unreadable(path, reason):
      "\(path): cannot read the .npy file (\(reason)). Check the path."
    case let .notNPY(path):
      "\(path): not a NumPy .npy file (it does not start with \\x93NUMPY). Save arrays with numpy.save."
    case let .unsupportedVersion(path, major, minor):
      "\(path): .npy format version \(major).\(minor) is not supported; use 1.0, 2.0 or 3.0 (numpy.save writes 1.0)."
    case let .truncatedHeader(path):
      "\(path): the .npy header is cut short. The file is truncated; save it again with numpy.save."
    case let .badHeader(path, detail):
      "\(path): the .npy header is malformed (\(detail)). Save the array again with numpy.save."
    case let .fortranOrder(path):
      "\(path): the array is in Fortran (column-major) order; save a C-order array: numpy.save(path, numpy.ascontiguousarray(a))."
    case let .bigEndian(path, descr):
      "\(path): dtype '\(descr)' is big-endian; save a little-endian array: a.astype(a.dtype.newbyteorder('<'))."
    case let .unsupportedDType(path, descr):
      "\(path): dtype '\(descr)' is not supported; use float32 ('<f4'), int32 ('<i4') or int64 ('<i8')."
    case let .badShape(path, shape):
      "\(path): shape \(shape) is not a tuple of whole numbers 0 or more."
    case let .tooLarge(path, elements, limit):
      "\(path): the array claims \(elements) elements, above the limit of \(limit)."
    case let .dataSizeMismatch(path, expectedBytes, foundBytes):
      "\(path): the shape and dtype need \(expectedBytes) data bytes, but the file holds \(foundBytes). "
        + "The file is truncated or corrupt."
    case let .wrongDType(path, expected, found):
      "\(path): holds \(found) values; this input needs \(expected)."
    case let .valueOutOfRange(path, index, value):
      "\(path): element \(index) is \(value), outside the int32 range token ids and masks use."
    case let .writeFailed(path, reason):
      "\(path): cannot write the .npy file (\(reason)). Check that the folder exists and is writable."
    }
  }
}
