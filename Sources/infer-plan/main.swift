// The one place that reads the environment, prints to the terminal's streams and exits.
// Data flows: parse → load model → measure → plan → report (see README "How it works").
import Foundation

let context = CommandContext(environment: ProcessInfo.processInfo.environment)
let status = runCommandLine(Array(CommandLine.arguments.dropFirst()), context: context)
exit(status)
