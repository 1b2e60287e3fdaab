import ArgumentParsing
import Foundation
import Kernels
import Records
import Units

/// The tool's version, printed by `--version` and stored in every measurement and report.
let toolVersion = "0.1.0"

/// The one table of commands: dispatch, every `--help` command list and "Did you mean" read it.
/// `plan` comes first: it is the default when the first argument is an option.
let subcommands: [Subcommand] = [
  Subcommand(
    "plan", summary: "measure the model and recommend a serving setup (default)", options: planOptions,
    help: planHelpPage, validate: PlanInputs.init, run: runPlan),
  Subcommand(
    "profile", summary: "measure forward-pass latency per device and batch size", options: profileOptions,
    help: profileHelpPage, validate: ProfileRequest.init, run: runProfile),
  Subcommand(
    "devices", summary: "list the CPU and GPUs this machine can measure on", options: devicesOptions,
    help: devicesHelpPage, validate: DevicesRequest.init, run: runDevices),
  Subcommand(
    "model", summary: "create, inspect or run a model file", help: modelHelpPage,
    children: [
      Subcommand(
        "create", summary: "write a synthetic model with seeded random weights", options: modelCreateOptions,
        help: modelCreateHelpPage, validate: ModelCreateRequest.init, run: runModelCreate),
      Subcommand(
        "inspect", summary: "print layers, parameters, FLOPs and activation memory", options: modelInspectOptions,
        help: modelInspectHelpPage, validate: ModelInspectRequest.init, run: runModelInspect),
      Subcommand(
        "run", summary: "run one forward pass on the CPU, .npy in and out", options: modelRunOptions,
        help: modelRunHelpPage, validate: ModelRunRequest.init, run: runModelRun),
    ]),
  Subcommand(
    "simulate", summary: "simulate serving (replicas, batching) from service times", options: simulateOptions,
    help: simulateHelpPage, validate: SimulateRequest.init, run: runSimulate),
  Subcommand(
    "validate", summary: "load-test a setup for real and compare with the prediction",
    options: validateOptions, help: validateHelpPage, validate: ValidateRequest.init, run: runValidate),
  Subcommand(
    "gpu-check", summary: "check the CUDA backend against the CPU reference (needs a GPU)",
    options: gpuCheckOptions, help: gpuCheckHelpPage, validate: GPUCheckRunner.init, run: runGPUCheck),
  Subcommand(
    "export", summary: "write Triton, Kubernetes or KServe configs for a plan", options: exportOptions,
    help: exportHelpPage, validate: ExportRequest.init, run: runExport),
  Subcommand(
    "diff", summary: "show what changed between two plan JSON files", options: diffOptions, help: diffHelpPage,
    validate: DiffRequest.init, run: runDiff),
  Subcommand(
    "completion", summary: "print a bash, zsh or fish completion script", options: completionOptions,
    help: completionHelpPage, validate: CompletionRequest.init, run: runCompletion),
]

/// Exit statuses: 0 ok, 1 runtime error, 2 `--fail-on` policy miss (`policyMiss`, in
/// PlanCommand+Pages.swift), 64 usage error (EX_USAGE in BSD's sysexits.h).
enum ExitStatus {
  static let success: Int32 = 0
  static let failure: Int32 = 1
  static let usage: Int32 = 64
}

/// Runs one command line and returns the exit status.
///
/// The first word picks the command from `subcommands` (`plan` when it is an option or absent),
/// and further words pick a subcommand (`model create`). `help [COMMAND…]` prints that help.
func runCommandLine(_ arguments: [String], context: CommandContext) -> Int32 {
  var words: [String] = []
  var command: Subcommand?
  do {
    var rest = arguments
    let wantsHelp = rest.first == "help"
    if wantsHelp { rest.removeFirst() }
    if !wantsHelp, rest.first?.hasPrefix("-") ?? true { command = subcommands[0] }
    var level = command == nil ? subcommands : []
    while !level.isEmpty {
      guard let word = rest.first, !word.hasPrefix("-") else {
        // No command word left: `help`, `--help` or `model --help` show this level's page.
        if wantsHelp || rest.first == "--help" || rest.first == "-h" {
          context.out((command ?? subcommands[0]).helpText)
          return ExitStatus.success
        }
        throw ArgumentError("'\(words.joined(separator: " "))' needs a subcommand: \(choiceList(level.map(\.name))).")
      }
      guard let next = level.first(where: { $0.name == word }) else {
        let kind = words.isEmpty ? "command" : "subcommand"
        var message = "unknown \(kind) '\((words + [word]).joined(separator: " "))'."
        if let guess = closestMatch(to: word, in: level.map(\.name)) { message += " Did you mean '\(guess)'?" }
        throw ArgumentError(message)
      }
      rest.removeFirst()
      words.append(word)
      command = next
      level = next.children
    }
    guard let command else { preconditionFailure("a command is chosen: the default, or the loop ends on a leaf") }
    if wantsHelp {
      context.out(command.helpText)
      return ExitStatus.success
    }
    return try command.run(rest, context: context)
  } catch let error as ArgumentError {
    return usageFailure(error.message, command: command, words: words, context: context)
  } catch let error as UnitError {
    return usageFailure(error.message, command: command, words: words, context: context)
  } catch {
    context.error("Error: \(error)\n")
    return ExitStatus.failure
  }
}

/// Prints a usage error (the message, the command's usage, a pointer to its help) and returns
/// 64. An unknown command has no usage of its own: the generic line and the top-level help.
private func usageFailure(_ message: String, command: Subcommand?, words: [String], context: CommandContext) -> Int32 {
  context.error("Error: \(message)\n")
  context.error((command?.help().usageText ?? "Usage: infer-plan <command> [options]") + "\n")
  context.error("See 'infer-plan \(words.map { $0 + " " }.joined())--help'.\n")
  return ExitStatus.usage
}
