import ModelGraph
import TestSupport
import Testing

@testable import CUDA

/// The roofline charges a launch overhead per GPU kernel launch, counted by the shared graph
/// analysis; the GPU backend's plan decides what it really enqueues. The two must agree on every
/// model the backend runs, or a calibration fitted to one model carries over wrongly to another.
@Suite("GPU launches: the analysis counts what the plan enqueues")
struct CUDALaunchCountTests {
  static func check(_ graph: Graph) throws {
    let analysis = try GraphAnalysis(graph)
    for (batch, sequence) in [(1, 16), (3, 7)] {
      let plan = try CUDAForwardPlan(analysis: analysis, batchSize: batch, sequenceLength: sequence, precision: .fp16)
      let counted = plan.costs.reduce(0) { $0 + $1.launches }
      #expect(counted == plan.launches, "\(graph.name) batch \(batch): analysis \(counted), plan \(plan.launches)")
    }
  }

  @Test("presets", arguments: [ModelPreset.small, .mlpLarge, .minilm, .tinyMLP, .tinyBERT])
  func presets(preset: ModelPreset) throws {
    try Self.check(preset.zeroWeightGraph)
  }

  @Test(
    "ONNX exports of every family",
    arguments: ["mlp/ts14", "mlp/dynamo20", "bert/ts17", "bert/dynamo20", "gpt2/ts20", "gpt2/dynamo20", "cnn/ts14", "cnn/dynamo20"])
  func onnx(file: String) throws {
    try Self.check(ONNXLowering.lower(ONNXModel(path: "\(ONNXFixtures.folder)/\(file).onnx")).graph)
  }

  @Test("gpu-check's single-op graphs")
  func singleOps() throws {
    for (_, graph, _) in CUDACheck.kernelGraphs() { try Self.check(graph) }
  }

  @Test("the test graphs cover every way a layer's launches are counted")
  func coverage() throws {
    var sawPointwise = false, sawGrouped = false, sawUnbiased = false, sawEpilogue = false, sawKernelAfterGEMM = false
    var graphs = try ["mlp/ts14", "bert/ts17", "gpt2/ts20", "cnn/ts14"].map { file in
      try ONNXLowering.lower(ONNXModel(path: "\(ONNXFixtures.folder)/\(file).onnx")).graph
    }
    graphs += CUDACheck.kernelGraphs().map(\.1)
    for graph in graphs {
      for node in graph.nodes {
        if case let .convolution(_, bias, spec) = node.op {
          sawPointwise = sawPointwise || (spec.groups == 1 && spec.isPointwise)
          sawGrouped = sawGrouped || spec.groups > 1
          sawUnbiased = sawUnbiased || bias == nil
        }
      }
      for activation in graph.denseActivationFusions.values {
        if activation.hasGEMMEpilogue { sawEpilogue = true } else { sawKernelAfterGEMM = true }
      }
    }
    #expect(sawPointwise && sawGrouped && sawUnbiased && sawEpilogue && sawKernelAfterGEMM)
  }
}
