import ArgumentParsing
import Foundation
import Units
import Records

/// The tool's version, printed by `--version` and stored in every measurement and report.
let toolVersion = "0.1.0"

/// Subcommands and their one-line summaries (for help and "Did you mean").
let subcommands: [(name: String, summary: String)] = [
  ("plan", "measure the model and recommend a serving setup (the default command)"),
  ("profile", "measure forward-pass latency per device and batch size"),
  ("devices", "list the CPU and GPUs this machine can measure on"),
  ("model", "create, inspect or run a model file (model create|inspect|run)"),
  ("simulate", "simulate a serving setup (replicas, batching) from measured service times"),
  ("validate", "load-test the planned setup for real and compare with the prediction"),
  ("gpu-check", "check the CUDA backend against the CPU reference (needs a GPU)"),
]

/// Runs one command line and returns the exit status: 0 ok, 1 runtime error, 64 usage error.
func runCommandLine(_ arguments: [String], context: CommandContext) -> Int32 {
  var arguments = arguments
  let command: String
  if let first = arguments.first, !first.hasPrefix("-") {
    command = first
    arguments.removeFirst()
  } else {
    command = "plan"
  }
  do {
    switch command {
    case "plan": return try runPlanCommand(arguments, context: context)
    case "profile": return try runProfileCommand(arguments, context: context)
    case "devices": return try runDevicesCommand(arguments, context: context)
    case "model": return try runModelCommand(arguments, context: context)
    case "simulate": return try runSimulateCommand(arguments, context: context)
    case "validate": return try runValidateCommand(arguments, context: context)
    case "gpu-check": return try runGPUCheckCommand(arguments, context: context)
    case "help": 
      context.out(mainHelpText())
      return 0
    default:
      var message = "unknown command '\(command)'."
      if let guess = closestMatch(to: command, in: subcommands.map(\.name)) {
        message += " Did you mean '\(guess)'?"
      }
      throw ArgumentError(message)
    }
  } catch let error as ArgumentError {
    return usageFailure(error.message, command: command, context: context)
  } catch let error as UnitError {
    return usageFailure(error.message, command: command, context: context)
  } catch {
    context.err("Error: \(error)\n")
    return 1
  }
}

/// Prints a usage error (the message, the command's usage line, a pointer to its help) and
/// returns 64 (EX_USAGE).
private func usageFailure(_ message: String, command: String, context: CommandContext) -> Int32 {
  // An unknown command has no usage line of its own: point at the top-level help.
  let known = subcommands.contains { $0.name == command }
  let prefix = command == "plan" || !known ? "" : command + " "
  context.err("Error: \(message)\n")
  context.err(known ? "Usage: infer-plan \(prefix)[options]\n" : "Usage: infer-plan <command> [options]\n")
  context.err("See 'infer-plan \(prefix)--help'.\n")
  return 64
}
