import CUDA
import Foundation
import ModelGraph
import Testing

@testable import CUDA

@Suite("PTX kernels, precisions and calibration")
struct CUDAKernelTests {
  /// Parameter types per kernel (p = .u64 pointer, u = .u32, f = .f32): the contract between
  /// the PTX, the planner's argument lists and FakeCUDA's emulation (fake_kernels.c).
  static let signatures: [(PTXKernels.Operation, String)] = [
    (.biasActivation, "pppuuu"), (.add, "pppu"), (.layerNorm, "ppppuuf"), (.softmax, "ppuupuu"),
    (.embedding, "ppppppuuuu"), (.permute, "ppuuuu"), (.meanPool, "pppuuu"),
    (.im2col, "pp" + String(repeating: "u", count: 14)), (.convolutionDirect, "pppp" + String(repeating: "u", count: 16)),
    (.pool, "pp" + String(repeating: "u", count: 17)), (.channelAffine, "ppppuuu"), (.clip, "ppuff"),
  ]

  @Test("the committed scripts/cuda_kernels.ptx is what the generator produces")
  func snapshot() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let committed = try String(contentsOf: root.appendingPathComponent("scripts/cuda_kernels.ptx"), encoding: .utf8)
    #expect(committed == PTXKernels.source, "run scripts/check-ptx.sh to regenerate the snapshot")
  }

  @Test("one module, PTX ISA 7.0 for sm_70, so every GPU from Volta and T4 on can JIT it")
  func header() {
    let lines = PTXKernels.source.split(separator: "\n").map(String.init)
    #expect(Array(lines[1...3]) == [".version 7.0", ".target sm_70", ".address_size 64"])
    #expect(!PTXKernels.source.contains("tanh.approx"))  // sm_75+ only
    #expect(!PTXKernels.source.contains(".bf16"))  // cvt with bf16 needs sm_80
  }

  @Test("kernel names and launch indices agree", arguments: PTXKernels.Operation.allCases)
  func names(operation: PTXKernels.Operation) {
    for type in PTXKernels.ElementType.allCases {
      let name = "\(operation.rawValue)_\(type.rawValue)"
      #expect(PTXKernels.kernelNames[PTXKernels.index(of: operation, type)] == name)
      #expect(PTXKernels.source.contains(".visible .entry \(name)("))
    }
    #expect(PTXKernels.kernelNames.count == 36)
  }

  @Test("each kernel's PTX parameters match the signature table", arguments: signatures)
  func parameters(operation: PTXKernels.Operation, signature: String) throws {
    for type in PTXKernels.ElementType.allCases {
      let name = "\(operation.rawValue)_\(type.rawValue)"
      let entry = try #require(PTXKernels.source.split(separator: "\n").first { $0.hasPrefix(".visible .entry \(name)(") })
      let types = entry.split(separator: ",").map { part -> Character in
        part.contains(".u64") ? "p" : part.contains(".f32") ? "f" : "u"
      }
      #expect(String(types) == signature)
    }
  }

  @Test("every planned launch passes exactly its kernel's parameters")
  func plannedArguments() throws {
    let encoder = CUDATestGraphs.encoder(name: "e", layers: 1, hidden: 8, heads: 2, intermediate: 12, vocabulary: 20, maxPositions: 8, pooled: true)
    let mlp = CUDATestGraphs.mlp(name: "m", sizes: [4, 6, 2], activation: .sigmoid)
    let signatures = Dictionary(uniqueKeysWithValues: Self.signatures.map { ($0.0, $0.1) })
    var launched = Set<PTXKernels.Operation>()
    // The gpu-check graphs add the causal softmax and the image kernels.
    let checks = CUDACheck.kernelGraphs().map { ($0.1, $0.1.kind == .mlp(inputFeatures: 48) ? 0 : 7) }
    for (graph, sequence) in [(encoder, 5), (mlp, 0)] + checks {
      let plan = try CUDAForwardPlan(analysis: GraphAnalysis(graph), batchSize: 3, sequenceLength: sequence, precision: .fp16)
      for case .kernel(let operation, _, _, let arguments) in plan.steps {
        #expect(arguments.count == signatures[operation]?.count)
        launched.insert(operation)
      }
    }
    // The gpu-check graphs' activation checks plan bias_act; the fake-driver tests cover its
    // packing after a dense step too.
    #expect(launched == Set(PTXKernels.Operation.allCases))
  }

  @Test("f32 constants are spelled exactly")
  func constants() {
    #expect(PTXKernels.constant(1) == "0f3F800000")
    #expect(PTXKernels.constant(-1e9) == "0fCE6E6B28")
    #expect(PTXKernels.constant(0.5) == "0f3F000000")
  }

  static let bfloat16Cases: [(Float, Float)] = [
    (1, 1), (1.00390625, 1),  // halfway between 1 and 1 + 2⁻⁷: to even (1)
    (1.01171875, 1.015625),  // halfway between 1 + 2⁻⁷ and 1 + 2⁻⁶: to even (1 + 2⁻⁶)
    (-3.5, -3.5), (0, 0),
  ]

  @Test("bf16 rounds to nearest even", arguments: bfloat16Cases)
  func bfloat16(value: Float, expected: Float) {
    #expect(CUDAPrecision.bf16.decode(CUDAPrecision.bf16.encode([value])) == [expected])
  }

  @Test("fp16 and fp32 round-trip representable values", arguments: [CUDAPrecision.fp32, .tf32, .fp16])
  func roundTrip(precision: CUDAPrecision) {
    let values: [Float] = [0, 1.5, -2.25, 1024, 0.000_061_035_156]
    #expect(precision.decode(precision.encode(values)) == values)
    #expect(precision.encode(values).count == values.count * precision.bytesPerElement)
  }

  @Test("calibration recovers efficiencies and launch overhead from synthetic points")
  func calibration() throws {
    // Three separable terms: compute growing with batch², memory with batch, and launches
    // that differ between the two "models" (10 and 40 per pass).
    let peakFlops = 100e12, peakBytes = 2e12
    let (trueCompute, trueMemory, trueLaunch) = (0.5, 0.7, 5e-6)
    let shapes = [(1, 10), (8, 10), (64, 10), (512, 10), (1, 40), (16, 40), (256, 40)]
    let points = shapes.map { (batch, launches) -> CUDACalibrationPoint in
      let b = Double(batch)
      let costs = [
        OpCost(name: "compute", flops: 2e6 * b * b, bytes: 1e3 * b, launches: 0),
        OpCost(name: "memory", flops: 1e3 * b, bytes: 4e6 * b, launches: 0),
      ]
      let seconds = costs[0].flops / (peakFlops * trueCompute) + costs[1].bytes / (peakBytes * trueMemory)
        + Double(launches) * trueLaunch
      return CUDACalibrationPoint(measuredSeconds: seconds, costs: costs, launches: launches)
    }
    let fit = try #require(CUDACalibration.fit(points, peakFlopsPerSecond: peakFlops, peakBytesPerSecond: peakBytes))
    // The grid steps by a factor 2000^(1/63) ≈ 1.128, so each efficiency is within ~7%.
    #expect(abs(fit.computeEfficiency / trueCompute - 1) < 0.07)
    #expect(abs(fit.memoryEfficiency / trueMemory - 1) < 0.07)
    #expect(fit.relativeError < 0.05)
    #expect(abs(fit.launchOverheadSeconds - trueLaunch) < 3e-6)
    let predicted = fit.predictedSeconds(costs: points[2].costs, launches: 10)
    #expect(abs(predicted / points[2].measuredSeconds - 1) < 0.1)
    #expect(CUDACalibration.fit([], peakFlopsPerSecond: 1, peakBytesPerSecond: 1) == nil)
  }

  @Test("peaks per precision follow the compute capability")
  func peaks() {
    let h100 = CUDADeviceInfo(
      ordinal: 0, name: "H100", memoryBytes: 80 << 30, multiprocessorCount: 132,
      clockRateKilohertz: 1_980_000, memoryClockRateKilohertz: 2_619_000, memoryBusWidthBits: 5120,
      l2CacheBytes: 50 << 20, computeCapabilityMajor: 9, computeCapabilityMinor: 0)
    #expect(abs(h100.peakFP32FlopsPerSecond / 66.9e12 - 1) < 0.001)
    #expect(abs(h100.peakBandwidthBytesPerSecond / 3.352e12 - 1) < 0.001)
    #expect(h100.peakFlopsPerSecond(for: .tf32) == h100.peakFlopsPerSecond(for: .fp16) / 2)
    var t4 = h100
    (t4.computeCapabilityMajor, t4.computeCapabilityMinor, t4.multiprocessorCount, t4.clockRateKilohertz) = (7, 5, 40, 1_590_000)
    #expect(abs(t4.peakFP32FlopsPerSecond / 8.1e12 - 1) < 0.01)
    #expect(t4.peakFlopsPerSecond(for: .bf16) == t4.peakFP32FlopsPerSecond)  // no bf16 tensor cores
    #expect(abs(t4.peakFlopsPerSecond(for: .fp16) / 65e12 - 1) < 0.01)
  }

  @Test("CUDA_VISIBLE_DEVICES parsing", arguments: [("", true), ("-1", true), ("0", false), ("1,0", false), ("-1,0", true), ("GPU-ab12", false)])
  func hiding(value: String, hides: Bool) {
    #expect(GPUDiscovery.hidesAllDevices(value) == hides)
    #expect(!GPUDiscovery.hidesAllDevices(nil))
  }
}
