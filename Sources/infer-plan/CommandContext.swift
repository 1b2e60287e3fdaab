import CUDA
import Foundation
import Kernels

/// Everything a command needs from the outside world, read once in `main` and passed down:
/// commands and the modules below them never read the environment or the process themselves.
struct CommandContext {
  /// The process environment. Commands read it only through the accessors below.
  var environment: [String: String]
  /// The folder the tool was started in.
  var currentDirectory: String = FileManager.default.currentDirectoryPath
  /// The executable's path as started (the `Profiles` folder may sit next to or above it).
  var executablePath: String? =
    CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil } ?? Bundle.main.executablePath
  /// Whether stderr is a terminal (progress lines are drawn only then).
  var stderrIsTerminal: Bool = isatty(STDERR_FILENO) == 1
  /// Whether stdout is a terminal (colour only then, and only without NO_COLOR).
  var stdoutIsTerminal: Bool = isatty(STDOUT_FILENO) == 1
  /// `--quiet`: stderr carries errors only (no progress, notes or warnings); stdout is unchanged.
  var quiet = false

  /// Writes to stdout.
  func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Writes a progress line, note or warning to stderr; nothing under `--quiet`.
  func diagnostic(_ text: String) {
    if !quiet { FileHandle.standardError.write(Data(text.utf8)) }
  }

  /// Writes an error to stderr, even under `--quiet`.
  func error(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}

extension CommandContext {
  /// `INFER_PLAN_ISA` (scalar, avx2, avx512), or nil when unset.
  var requestedInstructionSet: String? { environment["INFER_PLAN_ISA"] }

  /// The instruction set the kernels run at: `INFER_PLAN_ISA`'s level, else the best this CPU has.
  /// - Throws: `InstructionSetError` for an unknown level or one this CPU lacks (exit 1).
  func instructionSet() throws -> InstructionSet {
    try InstructionSet.resolve(requested: requestedInstructionSet)
  }

  /// `$INFER_PLAN_PROFILES`, or nil when unset.
  var profilesFolder: String? { environment["INFER_PLAN_PROFILES"] }

  /// `INFER_PLAN_SPIN_US`: how long idle kernel-pool workers spin before they sleep (µs).
  var poolSpinMicroseconds: String? { environment["INFER_PLAN_SPIN_US"] }

  /// Colour on stdout: only on a terminal, and never with `NO_COLOR` set (https://no-color.org).
  var useColor: Bool { stdoutIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty }

  /// `CUDA_VISIBLE_DEVICES`, or nil when unset.
  var cudaVisibleDevices: String? { environment["CUDA_VISIBLE_DEVICES"] }

  /// `CUDA_LAUNCH_BLOCKING=1`: every launch synchronous, so wall times include it.
  var cudaLaunchBlocking: Bool { environment["CUDA_LAUNCH_BLOCKING"] == "1" }

  /// Where to load the CUDA driver and cuBLAS from (`INFER_PLAN_LIBCUDA`, `INFER_PLAN_CUBLAS`,
  /// `INFER_PLAN_CUBLASLT`, `CUDA_HOME`, `VIRTUAL_ENV`, then the usual folders).
  var cudaLibraryPaths: CUDALibraryPaths { .standard(environment: environment) }

  /// The GPUs this process may use, or why there are none (`CUDA_VISIBLE_DEVICES` empty or -1
  /// hides them all without loading any CUDA library).
  func discoverGPUs() -> GPUDiscovery {
    let paths = cudaLibraryPaths
    return GPUDiscovery.discover(cudaVisibleDevices: cudaVisibleDevices, libcudaPath: paths.libcuda, libraries: paths)
  }
}
