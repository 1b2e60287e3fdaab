import Foundation
@testable import Records
import Testing

/// Inputs past the readers' size limits are refused with a message, before they are read whole.
@Suite("Resource limits")
struct ResourceLimitTests {
  static let header = MeasurementsTable.requiredColumns.joined(separator: ",") + "\n"
  static let row = "cpu,x,m,1,1,1,1,1,1,10\n"

  func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "limit-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Makes `path` a sparse file of `size` bytes (no disk space, written instantly).
  func makeSparse(_ path: String, size: UInt64) throws {
    #expect(FileManager.default.createFile(atPath: path, contents: Data("{".utf8)))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: size)
    try handle.close()
  }

  @Test("a table of 10^6 rows is refused after the first 100,001")
  func millionRows() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.csv"
    var text = Self.header
    text.reserveCapacity(Self.header.utf8.count + 1_000_000 * Self.row.utf8.count)
    for _ in 0..<1_000_000 { text += Self.row }
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    let started = Date()
    #expect(throws: MeasurementsTableError.tooLarge(path: path, detail: "it holds more than 100000 data rows, the limit")) {
      try MeasurementsTable.read(path: path)
    }
    #expect(Date().timeIntervalSince(started) < 20)
  }

  @Test("a table at the row limit still reads")
  func rowsAtTheLimit() throws {
    let text = Self.header + String(repeating: Self.row, count: MeasurementsTable.maximumRows)
    #expect(try MeasurementsTable.parse(text, path: "m.csv").count == MeasurementsTable.maximumRows)
  }

  @Test("a table file over 64 MiB is refused before reading")
  func hugeTableFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.csv"
    try makeSparse(path, size: 1 << 30)
    #expect(throws: MeasurementsTableError.tooLarge(
      path: path, detail: "the file is 1073741824 bytes, above the limit of 67108864 bytes (64 MiB)")) {
      try MeasurementsTable.read(path: path)
    }
  }

  @Test("a 1 GB samples sidecar is refused before it is read")
  func hugeSidecar() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.csv"
    try (Self.header + Self.row).write(toFile: path, atomically: false, encoding: .utf8)
    let sidecar = SamplesSidecar.path(for: path)
    try makeSparse(sidecar, size: 1_000_000_000)
    let started = Date()
    let error = #expect(throws: MeasurementsTableError.self) { try MeasurementsTable.read(path: path) }
    #expect(error == .badSidecar(path: sidecar, reason: "it is 1000000000 bytes, above the limit of 67108864 bytes (64 MiB)"))
    #expect(error?.description.contains("Delete it to read the table without raw samples") == true)
    #expect(Date().timeIntervalSince(started) < 1)
  }

  @Test("CSV parsing stops one record past the limit")
  func csvStopsEarly() throws {
    let records = try CSVText.parse("a\nb\nc\nd\n\"never closed", maximumRecords: 2)
    #expect(records.map(\.fields) == [["a"], ["b"], ["c"]])
  }
}
