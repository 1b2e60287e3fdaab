import Foundation
import Records
import Testing

@Suite("Atomic file")
struct AtomicFileTests {
  func temporaryFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infer-plan-atomic-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("The file appears whole and no temporary is left; an existing file is replaced")
  func write() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/plan.csv"
    try AtomicFile.write("old", to: path)
    try AtomicFile.write("a,b\r\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\r\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["plan.csv"])
  }

  @Test("Output paths are checked up front, each problem with its own message")
  func checks() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cases: [(String, AtomicFileError, String)] = [
      ("/nonexistent/m.csv", .folderMissing(path: "/nonexistent/m.csv", folder: "/nonexistent"),
       "/nonexistent/m.csv: the folder '/nonexistent' does not exist; create it or choose another path."),
      (folder, .isFolder(path: folder), "\(folder): is a folder, not a file; give the name of a file inside it."),
    ]
    for (path, expected, message) in cases {
      #expect(throws: expected) { try AtomicFile.checkWritable(path) }
      #expect(throws: expected) { try AtomicFile.write("x", to: path) }
      #expect(expected.description == message)
    }
    #expect(AtomicFileError.folderMissing(path: "/x/m.csv", folder: "/x").reason == "folder /x does not exist")
    try AtomicFile.checkWritable(folder + "/m.csv")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  @Test("A folder that refuses writes is reported before anything is written", .enabled(if: getuid() != 0))
  func readOnlyFolder() throws {
    let folder = try temporaryFolder()
    defer {
      chmod(folder, 0o755)
      try? FileManager.default.removeItem(atPath: folder)
    }
    chmod(folder, 0o555)
    #expect(throws: AtomicFileError.folderNotWritable(path: folder + "/m.csv", folder: folder)) {
      try AtomicFile.write("x", to: folder + "/m.csv")
    }
  }
}
