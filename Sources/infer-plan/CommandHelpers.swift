import ArgumentParsing
import CostModel
import Foundation
import Records
import Units

// Helpers more than one command uses: option values every command reads the same way, the
// checks of paths named on the command line, and the small formatters of the text reports.

/// A file named on the command line that can't be used, found before any slow work. Exit 1,
/// not 64: the command line was well formed, the file system disagrees.
enum CommandFileError: Error, Equatable, CustomStringConvertible {
  case missing(option: String, path: String, fix: String)
  case cannotWrite(option: String, path: String, reason: String)

  var description: String {
    switch self {
    case let .missing(option, path, fix):
      "'\(option) \(path)': no such file or folder. \(fix)"
    case let .cannotWrite(option, path, reason):
      "'\(option) \(path)': cannot write there (\(reason)); choose a writable folder."
    }
  }
}

/// Checks before any slow work that `path` can be written, naming the option in the error.
/// - Throws: `CommandFileError.cannotWrite` with the reason (no folder, a folder, no permission).
func checkOutputPath(_ path: String, option: String) throws {
  do {
    try AtomicFile.checkWritable(path)
  } catch {
    throw CommandFileError.cannotWrite(option: option, path: path, reason: error.reason)
  }
}

/// Checks that the model `path` exists (a file or a Hugging Face folder) before any slow work.
/// - Throws: `CommandFileError.missing` saying how to create one.
func checkModelExists(_ path: String, option: String = "--model", preset: String = "small") throws {
  guard FileManager.default.fileExists(atPath: path) else {
    throw CommandFileError.missing(
      option: option, path: path,
      fix: "Create one with `infer-plan model create \(preset).bin --preset \(preset)`.")
  }
}

/// Hints for the device kinds (`cpu`, `cuda`): the GPU kind is named after NVIDIA's API, and
/// "gpu" is one letter from "cpu", so it is answered explicitly instead of with a guess.
let deviceKindHints = [
  "gpu": "use 'cuda' for NVIDIA GPUs", "gpus": "use 'cuda' for NVIDIA GPUs",
  "nvidia": "use 'cuda' for NVIDIA GPUs",
]

/// `--max-delay`: a duration, or `inf` for "always wait for a full batch".
func parseMaxDelay(_ text: String) throws -> Double {
  if ["inf", "infinite", "infinity", "∞"].contains(text.lowercased()) { return .infinity }
  if text.hasPrefix("-") {
    throw ArgumentError("'--max-delay \(text)': a delay can't be negative; use 0 (take what is waiting), e.g. 2ms, or inf.")
  }
  return try UnitParser.duration(text, option: "--max-delay")
}

/// `--seed`: a whole number from 0 to 2^64 − 1 (default 1).
func parseSeed(_ text: String?) throws -> UInt64 {
  guard let text else { return 1 }
  guard let seed = UInt64(text) else { throw ArgumentError("'--seed \(text)': use a whole number from 0 to 18446744073709551615.") }
  return seed
}

/// Writes a document to `path` atomically, or to stdout for "-".
func writeJSONOutput(_ document: some VersionedDocument, to path: String, context: CommandContext) throws {
  if path == "-" { context.out(document.serialized()) } else { try document.write(to: path) }
}

/// This machine's host name from `gethostname` (no DNS lookup, which could hang offline).
func localHostName() -> String {
  var buffer = [CChar](repeating: 0, count: 256)
  guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
  let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
  return String(decoding: bytes, as: UTF8.self)
}

/// Milliseconds with three significant-ish decimals ("1.234 ms").
func formatMilliseconds(_ seconds: Double) -> String {
  String(format: seconds < 0.01 ? "%.3f ms" : seconds < 1 ? "%.2f ms" : "%.0f ms", seconds * 1000)
}

extension String {
  /// The string right-aligned in `width` characters.
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
