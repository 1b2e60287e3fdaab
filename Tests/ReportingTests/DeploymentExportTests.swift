import Foundation
import Records
import Testing

@testable import Reporting

@Suite("export: Triton, Kubernetes and KServe from a plan")
struct DeploymentExportTests {
  static let hash = "0123456789ab"

  /// The small plan as if its model were an ONNX file.
  static func onnx() throws -> PlanDocument {
    var plan = try PageFixtures.small()
    plan.inputs.model = "models/small.onnx"
    return plan
  }

  static func bundle(_ plan: PlanDocument, _ format: ExportFormat, image: String? = nil, uri: String? = nil) throws -> ExportBundle {
    try DeploymentExport.bundle(
      for: plan, path: "plan.json", format: format, settings: ExportSettings(image: image, modelURI: uri, planHash: hash))
  }

  static let goldens: [(String, ExportFormat, Bool, String)] = [
    // plan (small, large, onnx), format, with --image/--model-uri, golden prefix
    ("small", .triton, false, "export-small-triton"), ("small", .kubernetes, false, "export-small-k8s"),
    ("small", .kserve, false, "export-small-kserve"), ("large", .kubernetes, true, "export-large-k8s"),
    ("large", .kserve, true, "export-large-kserve"), ("onnx", .triton, false, "export-onnx-triton"),
    ("onnx", .kserve, true, "export-onnx-kserve"),
  ]

  @Test("Exports of the fixed plans match their golden files", arguments: goldens)
  func golden(_ c: (String, ExportFormat, Bool, String)) throws {
    let plan = try c.0 == "small" ? PageFixtures.small() : c.0 == "large" ? PageFixtures.large() : Self.onnx()
    let bundle = try Self.bundle(
      plan, c.1, image: c.2 ? "nvcr.io/nvidia/tritonserver:24.08-py3" : nil, uri: c.2 ? "s3://models/\(c.0)" : nil)
    for file in bundle.files {
      let name = c.3 + "-" + (file.path as NSString).lastPathComponent
      try PageFixtures.expectGolden(file.text, name)
    }
  }

  @Test("Triton: planned batch, delay and instance kind; ONNX by platform, others by the python backend")
  func triton() throws {
    let small = try PageFixtures.small()
    let native = try Self.bundle(small, .triton)
    #expect(native.folders == ["small/1"] && native.files.map(\.path) == ["small/config.pbtxt"])
    let text = native.files[0].text
    let chosen = try #require(small.recommendation?.option)
    #expect(text.contains("max_batch_size: \(chosen.batch)\n") && text.contains("preferred_batch_size: [ \(chosen.batch) ]"))
    #expect(text.contains("max_queue_delay_microseconds: \(Int(((chosen.batchingDelay ?? 0) * 1e6).rounded()))\n"))
    #expect(text.contains("kind: KIND_CPU") && text.contains("backend: \"python\"") && !text.contains("platform:"))
    let onnx = try Self.bundle(Self.onnx(), .triton).files[0].text
    #expect(onnx.contains("platform: \"onnxruntime_onnx\"") && onnx.contains("intra_op_thread_count") && !onnx.contains("backend:"))
    let gpu = try Self.bundle(PageFixtures.large(), .triton).files[0].text
    #expect(gpu.contains("kind: KIND_GPU") && gpu.contains("max_batch_size: 64\n") && gpu.contains("max_queue_delay_microseconds: 5000\n"))
  }

  @Test("Kubernetes: replicas, threads as CPU, GPUs, the instance type and the plan hash from the plan")
  func kubernetes() throws {
    let large = try PageFixtures.large()
    let files = try Self.bundle(large, .kubernetes, image: "img:1").files
    #expect(files.map(\.path) == ["deployment.yaml", "service.yaml", "hpa.yaml"])
    let deployment = files[0].text
    let chosen = try #require(large.recommendation?.option)
    #expect(deployment.contains("  replicas: \(chosen.replicas ?? 0)\n"))
    #expect(deployment.contains("node.kubernetes.io/instance-type: \"\(chosen.hardware)\""))
    #expect(deployment.contains("cpu: \"\(chosen.threads)\"") && deployment.contains("nvidia.com/gpu: 1"))
    #expect(deployment.contains("image: \"img:1\"") && deployment.contains("REPLACE-WITH-MODEL-URI"))
    for file in files {
      #expect(file.text.contains("infer-plan/plan-hash: \"\(Self.hash)\""))
      // Label values: at most 63 characters (Kubernetes' limit).
      for line in file.text.split(separator: "\n") where line.contains("app.kubernetes.io/") || line.contains("plan-hash") {
        let value = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
        #expect(value.count - 2 <= 63)
      }
    }
    let cpu = try Self.bundle(PageFixtures.small(), .kubernetes).files[0].text
    #expect(!cpu.contains("nvidia.com/gpu") && cpu.contains("REPLACE-WITH-IMAGE"))
  }

  @Test("The autoscaler runs from the replicas for the average volume to those for the peak")
  func autoscaler() throws {
    var plan = try PageFixtures.large()
    plan.inputs.peakFactor = 4
    plan.inputs.peakRate = plan.inputs.volume * 4
    plan.recommendation?.option.replicas = 8
    let hpa = try Self.bundle(plan, .kubernetes).files[2].text
    #expect(hpa.contains("minReplicas: 2\n") && hpa.contains("maxReplicas: 8\n") && !hpa.contains("min = max"))
    let kserve = try Self.bundle(plan, .kserve).files[0].text
    #expect(kserve.contains("minReplicas: 2\n") && kserve.contains("maxReplicas: 8\n"))
    #expect(try Self.bundle(PageFixtures.large(), .kubernetes).files[2].text.contains("min = max"))
  }

  @Test("A plan without a recommendation is refused, saying why")
  func noRecommendation() throws {
    var plan = try PageFixtures.small()
    plan.recommendation = nil
    plan.outcome = "over_budget"
    #expect(throws: ExportError.self) { try Self.bundle(plan, .triton) }
    do { _ = try Self.bundle(plan, .kubernetes) } catch { #expect("\(error)".contains("over_budget")) }
  }

  static let names: [(String, String)] = [
    ("small", "small"), ("MiniLM-L6_v2", "minilm-l6-v2"), ("3layers", "m-3layers"), ("__", "model"),
    (String(repeating: "a", count: 80), String(repeating: "a", count: 63)), ("a--b", "a-b"),
  ]

  @Test("Model names become DNS labels", arguments: names)
  func dnsLabel(_ c: (String, String)) {
    #expect(ExportTarget.dnsLabel(c.0) == c.1)
  }
}
