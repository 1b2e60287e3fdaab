import ArgumentParsing
import Foundation
import ModelGraph
import Records
import Reporting

/// Options of `infer-plan export`.
let exportOptions: [OptionSpec] = [
  OptionSpec("plan", valueName: "FILE", help: "plan JSON from 'infer-plan … --json FILE'"),
  OptionSpec("format", valueName: "FORMAT", help: "triton, kubernetes or kserve"),
  OptionSpec("out", valueName: "DIR", help: "folder to write into (created if missing; may exist)"),
  OptionSpec("image", valueName: "IMAGE", help: "container image (default: a placeholder to replace)"),
  OptionSpec("model-uri", valueName: "URI", help: "where the model is stored, e.g. s3://bucket/model"),
]

/// The checked command line of `infer-plan export`.
struct ExportRequest {
  var planPath: String
  var format: ExportFormat
  var outFolder: String
  var image: String?
  var modelURI: String?

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    if let extra = parsed.positionals.first {
      throw ArgumentError("'export' takes no positional arguments; got '\(extra)'. Give the plan with --plan FILE.")
    }
    planPath = try parsed.required("plan", valueName: "FILE")
    format = try parsed.choice("format", noun: "export format")
      ?? { throw ArgumentError("missing required option '--format triton|kubernetes|kserve'.") }()
    outFolder = try parsed.required("out", valueName: "DIR")
    image = parsed.value("image")
    modelURI = parsed.value("model-uri")
    for (option, value) in [("--image", image), ("--model-uri", modelURI)] {
      if let value, value.isEmpty || value.contains(where: { $0.isNewline || $0 == " " }) {
        throw ArgumentError("'\(option) \(value)': give one value without spaces or line breaks.")
      }
    }
    guard FileManager.default.fileExists(atPath: planPath) else {
      throw CommandFileError.missing(
        option: "--plan", path: planPath, fix: "Write one with `infer-plan --model MODEL --volume RATE --budget USD --json \(planPath)`.")
    }
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: outFolder, isDirectory: &isFolder)
    if exists, !isFolder.boolValue {
      throw CommandFileError.cannotWrite(option: "--out", path: outFolder, reason: "a file is there, not a folder")
    }
    // An existing folder must take new files; a new one is created in a writable folder.
    try checkOutputPath(exists ? (outFolder as NSString).appendingPathComponent(".infer-plan-export") : outFolder, option: "--out")
  }
}

/// `infer-plan export`: the plan's recommendation as a Triton model configuration, Kubernetes
/// manifests or a KServe InferenceService under `--out`, each file written atomically; the
/// written paths on stdout.
func runExport(_ request: ExportRequest, context: CommandContext) throws -> Int32 {
  let bytes: Data
  do { bytes = try Data(contentsOf: URL(fileURLWithPath: request.planPath)) } catch {
    throw CommandFileError.missing(option: "--plan", path: request.planPath, fix: "It could not be read: \(error.localizedDescription)")
  }
  let plan = try PlanDocument.decode([UInt8](bytes), path: request.planPath)
  // The label names the exact plan file: `sha256sum plan.json | cut -c1-12` shows the same.
  let hash = String(SHA256.hexDigest(of: bytes).prefix(12))
  let bundle = try DeploymentExport.bundle(
    for: plan, path: request.planPath, format: request.format,
    settings: ExportSettings(image: request.image, modelURI: request.modelURI, planHash: hash))
  let out = request.outFolder as NSString
  do {
    try FileManager.default.createDirectory(atPath: request.outFolder, withIntermediateDirectories: true)
    for folder in bundle.folders {
      try FileManager.default.createDirectory(atPath: out.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
  } catch {
    throw CommandFileError.cannotWrite(option: "--out", path: request.outFolder, reason: error.localizedDescription)
  }
  for file in bundle.files {
    let path = out.appendingPathComponent(file.path)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try AtomicFile.write(file.text, to: path)
    context.out("Wrote \(path)\n")
  }
  return ExitStatus.success
}

/// `infer-plan export --help`.
func exportHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan export --plan FILE --format triton|kubernetes|kserve --out DIR", "  [--image IMAGE] [--model-uri URI]"],
    about: """
      Writes the deployment of a plan's recommendation. triton: DIR/<model>/config.pbtxt \
      (max_batch_size and preferred batch = the planned batch, max_queue_delay_microseconds = the \
      planned delay, instance_group of KIND_CPU or KIND_GPU) and the version folder DIR/<model>/1/. \
      kubernetes: deployment.yaml, service.yaml and hpa.yaml (replicas from the plan, HPA from the \
      average volume to the peak, CPU = the planned threads, nvidia.com/gpu for GPUs, a nodeSelector \
      on the planned instance type, the plan file's hash as a label). kserve: inferenceservice.yaml.

      A plan without a recommendation (nothing meets both limits) is refused.
      """,
    sections: [
      HelpSection(
        "Examples",
        [
          "infer-plan --model m.onnx --volume 200/s --budget 500 --json plan.json",
          "infer-plan export --plan plan.json --format triton --out models",
          "infer-plan export --plan plan.json --format kubernetes --out k8s \\",
          "  --image nvcr.io/nvidia/tritonserver:24.08-py3 --model-uri s3://b/m",
        ]),
    ])
}
