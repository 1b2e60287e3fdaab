// Shared by every fuzz target (compiled into each; see scripts/fuzz.sh).
import Foundation

/// A folder of this process's own, for targets whose entry point reads a file by path (the way
/// the CLI does); removed at exit.
let scratchFolder: String = {
  let folder = NSTemporaryDirectory() + "infer-plan-fuzz-\(getpid())"
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  atexit { try? FileManager.default.removeItem(atPath: scratchFolder) }
  return folder
}()

/// Writes `bytes` to `name` in the scratch folder and returns its path.
func scratchFile(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
  let path = scratchFolder + "/" + name
  writeFile(path, Data(buffer: bytes))
  return path
}

/// Writes `data` to `path`; a failure stops the run (the target could not test anything).
func writeFile(_ path: String, _ data: Data) {
  guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("fuzz support: can't write \(path)") }
}

/// Runs `body`, which may throw: any error is an accepted outcome (bad input refused). Its
/// message is rendered too, since a crash while describing an error is a crash all the same.
func refusing(_ body: () throws -> Void) {
  do { try body() } catch { _ = String(describing: error) }
}

/// The input as a buffer.
func buffer(_ data: UnsafePointer<UInt8>, _ size: Int) -> UnsafeBufferPointer<UInt8> {
  UnsafeBufferPointer(start: data, count: size)
}
