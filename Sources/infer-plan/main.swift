// The one place that reads the environment, prints to the terminal's streams and exits.
// Data flows: parse → load model → measure → plan → report (see README "How it works").
import Foundation
import Kernels
import Records

// SIGINT and SIGTERM wait for a file being written to be whole (or not started) before exiting.
TerminationGuard.install()
let context = CommandContext(environment: ProcessInfo.processInfo.environment)
var status: Int32 = 1
do {
  // The kernels' thread pools spin this long when idle (INFER_PLAN_SPIN_US, µs) before they sleep.
  try PoolSpin.setProcessDefault(environmentValue: context.poolSpinMicroseconds)
  status = runCommandLine(Array(CommandLine.arguments.dropFirst()), context: context)
} catch {
  context.error("Error: \(error)\n")
}
exit(status)
