import Foundation

/// Everything a command needs from the outside world, read once in `main` and passed down.
struct CommandContext {
  /// The process environment (`INFER_PLAN_ISA`, `CUDA_VISIBLE_DEVICES`, `INFER_PLAN_PROFILES`,
  /// `INFER_PLAN_LIBCUDA`, `NO_COLOR`, …). Commands read it here, never via getenv.
  var environment: [String: String]
  /// Whether stderr is a terminal (progress lines are drawn only then).
  var stderrIsTerminal: Bool = isatty(STDERR_FILENO) == 1
  /// Whether stdout is a terminal (colour only then, and only without NO_COLOR).
  var stdoutIsTerminal: Bool = isatty(STDOUT_FILENO) == 1

  /// Writes to stdout.
  func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Writes to stderr.
  func err(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
