import Foundation
import ModelGraph
import Records
import Testing

@Suite("NPYFile")
struct NPYFileTests {
  static func npy(_ name: String) -> String { ModelGraphTestFiles.fixture("npy/" + name) }

  @Test("reads arrays numpy wrote")
  func readsNumpyFiles() throws {
    let floats = try NPYFile.read(path: Self.npy("float32_2x3.npy"))
    #expect(floats.shape == [2, 3])
    #expect(try floats.floatTensor().scalars == [1.5, -2, 0.25, 3, 1e-8, -0.0])
    let int32 = try NPYFile.read(path: Self.npy("int32_ids.npy"))
    #expect(int32.shape == [1, 4])
    #expect(try int32.int32Values() == [101, 2054, 102, 0])
    let int64 = try NPYFile.read(path: Self.npy("int64_ids.npy"))
    #expect(int64.dtypeName == "int64")
    #expect(try int64.int32Values() == [101, 7592, 102, 0])
    #expect(try NPYFile.read(path: Self.npy("scalar.npy")).shape == [])
    #expect(try NPYFile.read(path: Self.npy("empty_0x4.npy")).floatTensor() == Tensor(zeros: [0, 4]))
  }

  @Test("write then read gives the same tensor; the header is padded to 64 bytes",
        arguments: [[2, 3], [5], [], [1, 0, 7]])
  func roundTrip(shape: [Int]) throws {
    var generator = SplitMix64(seed: 9)
    let count = shape.reduce(1, *)
    let tensor = Tensor(shape: shape, scalars: (0..<count).map { _ in generator.nextSignedUnitFloat() })
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/out.npy"
    try NPYFile.write(tensor, to: path)
    #expect(try NPYFile.read(path: path).floatTensor() == tensor)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect((bytes.count - 4 * count) % 64 == 0)
  }

  @Test("the writer's bytes equal numpy.save's for the same array")
  func matchesNumpy() throws {
    let numpyBytes = try Data(contentsOf: URL(fileURLWithPath: Self.npy("float32_2x3.npy")))
    let tensor = Tensor(shape: [2, 3], scalars: [1.5, -2, 0.25, 3, 1e-8, -0.0])
    #expect(NPYFile.encode(tensor) == numpyBytes)
  }

  struct BadNPY: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var bytes: @Sendable () throws -> Data
    var message: String
  }

  static func fixtureBytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: npy(name))) }

  static func withHeader(_ header: String, dataBytes: Int = 0) -> Data {
    var text = header
    text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
    let length = text.utf8.count
    return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8))
      + Data(count: dataBytes)
  }

  static let badFiles: [BadNPY] = [
    BadNPY(testDescription: "not npy", bytes: { Data("hello, world".utf8) },
           message: "x.npy: not a NumPy .npy file (it does not start with \\x93NUMPY). Save arrays with numpy.save."),
    BadNPY(testDescription: "unknown version", bytes: { var d = try fixtureBytes("float32_2x3.npy"); d[6] = 9; return d },
           message: "x.npy: .npy format version 9.0 is not supported; use 1.0, 2.0 or 3.0 (numpy.save writes 1.0)."),
    BadNPY(testDescription: "truncated header", bytes: { try fixtureBytes("float32_2x3.npy").prefix(40) },
           message: "x.npy: the .npy header is cut short. The file is truncated; save it again with numpy.save."),
    BadNPY(testDescription: "truncated data", bytes: { try fixtureBytes("float32_2x3.npy").dropLast(3) },
           message: "x.npy: the shape and dtype need 24 data bytes, but the file holds 21. The file is truncated or corrupt."),
    BadNPY(testDescription: "fortran order", bytes: { try fixtureBytes("fortran.npy") },
           message: "x.npy: the array is in Fortran (column-major) order; save a C-order array: numpy.save(path, numpy.ascontiguousarray(a))."),
    BadNPY(testDescription: "big-endian", bytes: { try fixtureBytes("big_endian.npy") },
           message: "x.npy: dtype '>f4' is big-endian; save a little-endian array: a.astype(a.dtype.newbyteorder('<'))."),
    BadNPY(testDescription: "float64", bytes: { try fixtureBytes("float64.npy") },
           message: "x.npy: dtype '<f8' is not supported; use float32 ('<f4'), int32 ('<i4') or int64 ('<i8')."),
    BadNPY(testDescription: "absurd shape", bytes: { withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }") },
           message: "x.npy: the array claims (1000000, 1000000) elements, above the limit of 2147483648."),
    BadNPY(testDescription: "10^12 elements in one axis", bytes: { withHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (1000000000000,), }") },
           message: "x.npy: the array claims (1000000000000) elements, above the limit of 2147483648."),
    BadNPY(testDescription: "overflowing shape", bytes: { withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }") },
           message: "x.npy: the array claims (99999999999999999999) elements, above the limit of 2147483648."),
    BadNPY(testDescription: "negative shape", bytes: { withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }") },
           message: "x.npy: shape (-2, 3) is not a tuple of whole numbers 0 or more."),
    BadNPY(testDescription: "header without shape", bytes: { withHeader("{'descr': '<f4', 'fortran_order': False, }") },
           message: "x.npy: the .npy header is malformed (no 'shape' tuple). Save the array again with numpy.save."),
    BadNPY(testDescription: "header not a dict", bytes: { withHeader("[1, 2]") },
           message: "x.npy: the .npy header is malformed (expected '{' at character 0). Save the array again with numpy.save."),
  ]

  @Test("each bad file throws its own message", arguments: badFiles)
  func badFile(_ bad: BadNPY) throws {
    let bytes = try bad.bytes()
    do {
      _ = try NPYFile.read(bytes: bytes, path: "x.npy")
      Issue.record("expected an error")
    } catch let error as NPYError {
      #expect(error.description == bad.message)
    }
  }

  @Test("dtype conversions refuse what does not fit")
  func conversions() throws {
    #expect(throws: NPYError.valueOutOfRange(path: Self.npy("int64_too_big.npy"), index: 1, value: 1 << 40)) {
      try NPYFile.read(path: Self.npy("int64_too_big.npy")).int32Values()
    }
    #expect(throws: NPYError.wrongDType(path: Self.npy("int32_ids.npy"), expected: "float32", found: "int32")) {
      try NPYFile.read(path: Self.npy("int32_ids.npy")).floatTensor()
    }
    #expect(throws: NPYError.wrongDType(path: Self.npy("float32_2x3.npy"), expected: "int32 or int64", found: "float32")) {
      try NPYFile.read(path: Self.npy("float32_2x3.npy")).int32Values()
    }
  }
}
