import Foundation

/// Runs the built `infer-plan` (a sibling of the test bundle) with `arguments`, in `folder` when
/// given. The variables that change its behaviour (`CUDA_VISIBLE_DEVICES`, `INFER_PLAN_ISA`,
/// `INFER_PLAN_PROFILES`, `NO_COLOR`) are unset unless `environment` sets them.
func runInferPlan(_ arguments: [String], environment: [String: String] = [:], in folder: String? = nil) throws -> (
  status: Int32, out: String, err: String
) {
  let process = Process()
  process.executableURL = inferPlanExecutable
  process.arguments = arguments
  process.environment = inferPlanEnvironment(environment)
  if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The built `infer-plan`, a sibling of the test bundle.
let inferPlanExecutable = URL(
  fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
).deletingLastPathComponent().appendingPathComponent("infer-plan")

/// This process's environment without the variables that change `infer-plan`'s behaviour, plus
/// `environment`.
func inferPlanEnvironment(_ environment: [String: String] = [:]) -> [String: String] {
  var env = ProcessInfo.processInfo.environment
  for key in ["CUDA_VISIBLE_DEVICES", "INFER_PLAN_ISA", "INFER_PLAN_PROFILES", "NO_COLOR"] { env[key] = nil }
  for (key, value) in environment { env[key] = value }
  return env
}

/// The package's Profiles folder (this file is Tests/EndToEndTests/InferPlanTool.swift).
let profilesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Profiles").path

/// A new empty folder under the system's temporary folder; the caller removes it.
func makeTemporaryFolder(_ prefix: String = "infer-plan-e2e") throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  return folder
}
