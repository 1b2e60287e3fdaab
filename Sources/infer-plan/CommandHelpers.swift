import ArgumentParsing
import CostModel
import Foundation
import ModelGraph
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

/// The `--input-shape NAME=DIMS` option shared by inspect, run, profile, plan and validate.
let inputShapeOption = OptionSpec(
  "input-shape", .repeated, valueName: "NAME=DIMS",
  help: "per-sample dims of an ONNX input, batch excluded (e.g. features=512); only for dims the file leaves symbolic")

/// `--input-shape` values as input name → dims.
/// - Throws: `ArgumentError` for a value that is not `NAME=D1xD2…` with sizes ≥ 1, or a name given twice.
func parseInputShapes(_ parsed: ParsedArguments) throws -> [String: [Int]] {
  var shapes: [String: [Int]] = [:]
  for value in parsed.list("input-shape") {
    let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
    let dims = parts.count == 2 ? parts[1].split(separator: "x", omittingEmptySubsequences: false).map { Int($0) } : []
    guard parts.count == 2, !parts[0].isEmpty, !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) >= 1 }) else {
      throw ArgumentError("'--input-shape \(value)': expected NAME=DIMS with sizes of 1 or more, batch excluded, e.g. image=3x224x224.")
    }
    guard shapes[parts[0]] == nil else { throw ArgumentError("'--input-shape \(parts[0])=…' is given twice.") }
    shapes[parts[0]] = dims.compactMap { $0 }
  }
  return shapes
}

/// Loads the model at `path` (`ModelLoader.load`), with `--input-shape` dims for ONNX inputs.
/// - Throws: `ArgumentError` (exit 64) for an `--input-shape` naming no input or contradicting
///   the file's dims, or given for a model that is not ONNX; the loader's errors otherwise.
func loadModel(_ path: String, inputShapes: [String: [Int]]) throws -> Graph {
  if !inputShapes.isEmpty, try ModelLoader.format(of: path) != .onnx {
    throw ArgumentError("'--input-shape' applies to ONNX models; '\(path)' fixes its input shapes.")
  }
  return try usageErrorsForInputShapes { try ModelLoader.load(path: path, inputShapes: inputShapes) }
}

/// Runs `body`, turning the lowering's `--input-shape` complaints into usage errors (exit 64).
func usageErrorsForInputShapes<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ONNXLoweringError {
    switch error {
    case .inputShapeMismatch, .unknownInput: throw ArgumentError(error.description)
    default: throw error
    }
  }
}
