/// A problem reading or writing a measurements table or its samples sidecar.
public enum MeasurementsTableError: Error, Equatable, CustomStringConvertible {
  case cannotRead(path: String, reason: String)
  case empty(path: String)
  case malformed(path: String, line: Int, reason: String)
  case missingColumn(path: String, column: String)
  case duplicateColumn(path: String, column: String)
  case wrongFieldCount(path: String, line: Int, found: Int, expected: Int)
  case badValue(path: String, line: Int, column: String, value: String, expected: String)
  case newerSchema(path: String, line: Int, schema: Int, supported: Int)
  case badSidecar(path: String, reason: String)
  /// The table is past a size limit: `detail` says which and by how much.
  case tooLarge(path: String, detail: String)

  public var description: String {
    switch self {
    case let .cannotRead(path, reason):
      "\(path): cannot read the measurements table (\(reason)). Create one with `infer-plan profile --model MODEL --out \(path)`."
    case let .empty(path):
      "\(path): the measurements table is empty (no header row). Create one with `infer-plan profile --model MODEL --out \(path)`."
    case let .malformed(path, line, reason):
      "\(path):\(line): not valid CSV: \(reason)."
    case let .missingColumn(path, column):
      "\(path): the header has no '\(column)' column, which every measurements table needs; was it written by `infer-plan profile`?"
    case let .duplicateColumn(path, column):
      "\(path): the header names column '\(column)' twice; keep one."
    case let .wrongFieldCount(path, line, found, expected):
      "\(path):\(line): row has \(found) fields but the header has \(expected); quote fields that contain commas."
    case let .badValue(path, line, column, value, expected):
      "\(path):\(line): column '\(column)' is '\(value)'; expected \(expected)."
    case let .newerSchema(path, line, schema, supported):
      "\(path):\(line): schema \(schema) is newer than this infer-plan reads (up to \(supported)); update infer-plan or re-run `infer-plan profile`."
    case let .tooLarge(path, detail):
      "\(path): \(detail). Tables from `infer-plan profile` hold tens of rows; check that this is a measurements "
        + "table, or split it into several files and pass each with --measurements."
    case let .badSidecar(path, reason):
      "\(path): bad samples sidecar: \(reason). Delete it to read the table without raw samples, or re-run `infer-plan profile`."
    }
  }
}
