import CUDA
import Foundation
import Kernels
import ModelGraph
import Records
import TestSupport
import Testing

@testable import CUDA

extension CUDAFakeDriverTests {
  /// Forward passes through the fake driver, whose kernels and GEMMs run on the CPU from the
  /// arguments the backend packs: a wrong stride, layout or argument order shows up as a wrong
  /// output against the scalar `ReferenceForward` (module Kernels).
  @Suite("GPU backend")
  struct Backend {
    static let tinyMLP = CUDATestGraphs.mlp(name: "tiny", sizes: [8, 16, 12, 3])
    static let tinyEncoder = CUDATestGraphs.encoder(
      name: "tiny-bert", layers: 2, hidden: 16, heads: 4, intermediate: 24, vocabulary: 50,
      maxPositions: 16)

    /// Two sequences of 6 tokens; the second has 2 padding positions (mask 0).
    static let tokens = TokenBatch(
      batchSize: 2, sequenceLength: 6, ids: [3, 7, 11, 2, 9, 40, 5, 1, 33, 8, 0, 0],
      mask: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0], tokenTypes: [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])

    static func backend(_ graph: Graph, _ precision: CUDAPrecision = .fp32) throws -> (CUDAFakeLibrary, CUDABackend) {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      return (fake, try CUDABackend(graph: graph, precision: precision, libraries: fake.paths))
    }

    // Tolerances: fp32 paths differ from the reference only in summation order (k ≤ 24 terms
    // of O(1) values, ~1e-6); fp16 keeps 11 significant bits (2⁻¹¹ ≈ 5e-4 relative per
    // rounding of O(1) values through ~20 roundings), bf16 8 bits (2⁻⁸ ≈ 4e-3).
    static let precisions: [(CUDAPrecision, Float)] = [(.fp32, 1e-4), (.tf32, 1e-4), (.fp16, 2e-2), (.bf16, 8e-2)]

    @Test("MLP output equals the reference", arguments: precisions)
    func mlpMatchesReference(precision: CUDAPrecision, tolerance: Float) throws {
      let (_, backend) = try Self.backend(Self.tinyMLP, precision)
      let input = CUDABackend.seededInput(for: Self.tinyMLP, batchSize: 5, sequenceLength: 0)
      let pass = try backend.prepare(input: input)
      try pass.run()
      let output = try pass.outputs()
      let expected = try ReferenceForward.run(Self.tinyMLP, input: input)
      #expect(output.shape == [5, 3])
      #expect(maxAbsDifference(output.scalars, expected.scalars) <= tolerance)
      #expect(pass.lastDeviceSeconds.map { $0 >= 0 } == true)
    }

    @Test("encoder output (padded batch) equals the reference", arguments: precisions)
    func encoderMatchesReference(precision: CUDAPrecision, tolerance: Float) throws {
      let (_, backend) = try Self.backend(Self.tinyEncoder, precision)
      let pass = try backend.prepare(input: .tokens(Self.tokens))
      try pass.run()
      let output = try pass.outputs()
      let expected = try ReferenceForward.run(Self.tinyEncoder, input: .tokens(Self.tokens))
      #expect(output.shape == [2, 6, 16])
      #expect(maxAbsDifference(output.scalars, expected.scalars) <= tolerance)
    }

    @Test("pooled encoder output equals the reference")
    func pooledMatchesReference() throws {
      let graph = CUDATestGraphs.encoder(
        name: "pooled", layers: 1, hidden: 8, heads: 2, intermediate: 12, vocabulary: 50,
        maxPositions: 8, pooled: true)
      let (_, backend) = try Self.backend(graph)
      let pass = try backend.prepare(input: .tokens(Self.tokens))
      try pass.run()
      let output = try pass.outputs()
      let expected = try ReferenceForward.run(graph, input: .tokens(Self.tokens))
      #expect(output.shape == [2, 8])
      #expect(maxAbsDifference(output.scalars, expected.scalars) <= 1e-4)
    }

    @Test("every activation, fused in the epilogue or as a kernel, equals the reference", arguments: Activation.allCases)
    func activations(activation: Activation) throws {
      let graph = CUDATestGraphs.mlp(name: "act", sizes: [6, 10, 4], activation: activation)
      let (_, backend) = try Self.backend(graph)
      let input = CUDABackend.seededInput(for: graph, batchSize: 3, sequenceLength: 0)
      let pass = try backend.prepare(input: input)
      try pass.run()
      let expected = try ReferenceForward.run(graph, input: input)
      #expect(maxAbsDifference(try pass.outputs().scalars, expected.scalars) <= 1e-4)
    }

    @Test("without a cuBLASLt algorithm, dense layers fall back to GemmEx + bias kernel")
    func ltFallback() throws {
      let (fake, backend) = try Self.backend(Self.tinyEncoder)
      fake.setLtAlgorithms(0)
      let pass = try backend.prepare(input: .tokens(Self.tokens))
      #expect(pass.ltFallbacks == 12)  // 2 layers × 6 dense (q, k, v, o, ffn1, ffn2)
      try pass.run()
      let expected = try ReferenceForward.run(Self.tinyEncoder, input: .tokens(Self.tokens))
      #expect(maxAbsDifference(try pass.outputs().scalars, expected.scalars) <= 1e-4)
      #expect(fake.calls.contains("cublasGemmEx"))
      #expect(!fake.calls.contains("cublasLtMatmul"))
    }

    @Test("one pass is exactly: context, start event, the layers, stop event, waits")
    func callSequence() throws {
      let (fake, backend) = try Self.backend(Self.tinyMLP)
      let pass = try backend.prepareSeeded(batchSize: 4, sequenceLength: 0)
      fake.reset()
      try pass.run()
      let layer = ["cuCtxSetCurrent", "cublasLtMatmul"]
      let expected = ["cuCtxSetCurrent", "cuEventRecord"] + layer + layer + layer
        + ["cuCtxSetCurrent", "cuEventRecord", "cuEventSynchronize", "cuStreamSynchronize", "cuEventElapsedTime_v2"]
      #expect(fake.calls == expected)
    }

    @Test("an encoder pass launches the planned kernels and batched GEMMs")
    func encoderCalls() throws {
      let (fake, backend) = try Self.backend(Self.tinyEncoder)
      let pass = try backend.prepare(input: .tokens(Self.tokens))
      fake.reset()
      try pass.run()
      let calls = fake.calls
      // Per layer: 4 permutes + softmax + 2 adds + 2 layer norms + GELU-erf after its GEMM;
      // plus the embedding and its layer norm.
      #expect(calls.filter { $0 == "cuLaunchKernel" }.count == 2 * 10 + 2)
      #expect(calls.filter { $0 == "cublasGemmStridedBatchedEx" }.count == 2 * 2)
      #expect(calls.filter { $0 == "cublasLtMatmul" }.count == 2 * 6)
      #expect(pass.launches == 2 * 10 + 2 + 2 * 2 + 2 * 6)
    }

    @Test("memoryNeeded equals what prepare allocates, and every buffer is freed")
    func memoryAccounting() throws {
      let (fake, backend) = try Self.backend(Self.tinyEncoder)
      let before = fake.allocatedBytes
      do {
        let pass = try backend.prepare(input: .tokens(Self.tokens))
        #expect(pass.peakMemoryBytes == backend.memoryNeeded(batchSize: 2, sequenceLength: 6))
        #expect(fake.allocatedBytes == pass.peakMemoryBytes)
        #expect(before == backend.weightBytes + CUDASession.workspaceBytes)
      }
      #expect(fake.allocatedBytes == before)
      #expect(backend.memoryNeeded(batchSize: 2, sequenceLength: 17) == Int.max)
      #expect(backend.memoryNeeded(batchSize: 1 << 24, sequenceLength: 16) == Int.max)
    }

    @Test("out of memory while preparing is a clear error and frees what it took")
    func outOfMemory() throws {
      let (fake, backend) = try Self.backend(Self.tinyMLP)
      let before = fake.allocatedBytes
      fake.setMemoryBytes(before + 100)
      #expect(throws: CUDAError(.outOfMemory, "cuMemAlloc_v2 of 160 bytes failed: CUDA_ERROR_OUT_OF_MEMORY (2)")) {
        try backend.prepareSeeded(batchSize: 5, sequenceLength: 0)
      }
      #expect(fake.allocatedBytes == before)
      fake.reset()
    }

    static let setupFailures: [(function: String, result: Int32, kind: CUDAError.Kind, message: String)] = [
      ("cuModuleLoadDataEx", 218, .ptxError, "the driver rejected the PTX kernels: CUDA_ERROR_INVALID_PTX (218); JIT log: ptxas fatal: fake JIT rejected the module"),
      ("cuModuleGetFunction", 500, .ptxError, "kernel bias_act_f32 not found in the PTX module: CUDA_ERROR_NOT_FOUND (500)"),
      ("cuStreamCreate", 999, .driverError, "cuStreamCreate failed: CUDA error (999)"),
      ("cublasCreate_v2", 3, .blasError, "cublasCreate_v2 failed: CUBLAS_STATUS_ALLOC_FAILED (3)"),
      ("cuMemAlloc_v2", 2, .outOfMemory, "cuMemAlloc_v2 (cuBLASLt workspace) failed: CUDA_ERROR_OUT_OF_MEMORY (2)"),
    ]

    @Test("session setup failures name the call", arguments: setupFailures)
    func setupFailure(function: String, result: Int32, kind: CUDAError.Kind, message: String) throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      _ = try CUDARuntime.shared(paths: fake.paths)
      fake.fail(function, result: result)
      #expect(throws: CUDAError(kind, message)) {
        try CUDABackend(graph: Self.tinyMLP, libraries: fake.paths)
      }
      fake.reset()
    }

    static let runFailures: [(function: String, result: Int32, kind: CUDAError.Kind, message: String)] = [
      ("cuLaunchKernel", 719, .driverError, "cuLaunchKernel (kernel 0, grid 1×1, block 256) failed: CUDA_ERROR_LAUNCH_FAILED (719)"),
      ("cublasLtMatmul", 13, .blasError, "cublasLtMatmul failed: cuBLAS status 13"),
      ("cuEventSynchronize", 700, .driverError, "cuEventSynchronize failed: CUDA error (700)"),
    ]

    @Test("failures during a pass name the call", arguments: runFailures)
    func runFailure(function: String, result: Int32, kind: CUDAError.Kind, message: String) throws {
      let graph = CUDATestGraphs.mlp(name: "gelu", sizes: [4, 6, 2], activation: .gelu)
      let (fake, backend) = try Self.backend(graph)
      let pass = try backend.prepareSeeded(batchSize: 1, sequenceLength: 0)
      fake.fail(function, result: result)
      #expect(throws: CUDAError(kind, message)) { try pass.run() }
      fake.reset()
    }

    @Test("bad shapes and inputs are errors, not crashes")
    func badInputs() throws {
      let (_, backend) = try Self.backend(Self.tinyEncoder)
      #expect(throws: CUDAError(.unsupported, "sequence length 17 is outside 1…16 for tiny-bert")) {
        try backend.prepareSeeded(batchSize: 1, sequenceLength: 17)
      }
      let bad = TokenBatch(batchSize: 1, sequenceLength: 2, ids: [1, 50])
      #expect(throws: CUDAError(.unsupported, "token id 50 is outside the vocabulary 0..<50")) {
        try backend.prepare(input: .tokens(bad))
      }
      #expect(throws: CUDAError(.unsupported, "precision 'fp8' is not one of fp32, tf32, fp16, bf16")) {
        try CUDABackend(graph: Self.tinyMLP, precision: "fp8")
      }
    }

    @Test("a bad graph is refused with the shared analysis's error before any GPU work")
    func badGraph() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let before = fake.allocatedBytes
      var graph = Self.tinyMLP
      graph.nodes[1].inputs = ["h"]
      let error = #expect(throws: GraphError.self) { try CUDABackend(graph: graph, libraries: fake.paths) }
      #expect(error == .undefinedValue(node: "act1", op: "relu", value: "h", suggestion: nil))
      #expect(fake.allocatedBytes == before)
    }

    @Test("a pass's costs are the graph analysis's, bytes at the precision's element size", arguments: [CUDAPrecision.fp32, .fp16])
    func passCosts(precision: CUDAPrecision) throws {
      let (_, backend) = try Self.backend(Self.tinyEncoder, precision)
      let pass = try backend.prepare(input: .tokens(Self.tokens))
      let expected = try GraphAnalysis(Self.tinyEncoder).costs(batchSize: 2, sequenceLength: 6)
      #expect(pass.costs.map(\.name) == expected.map(\.name))
      #expect(pass.costs.map(\.flops) == expected.map(\.flops))
      #expect(pass.costs.map(\.bytes) == expected.map { $0.bytes * Double(precision.bytesPerElement) / 4 })
      #expect(backend.work(batchSize: 2, sequenceLength: 6)?.costs == pass.costs)
    }

    static func row(_ kind: DeviceKind, batch: Int, medianMs: Double) -> Records.Measurement {
      let stats = LatencyStats(minMs: medianMs, medianMs: medianMs, meanMs: medianMs, p90Ms: medianMs, p99Ms: medianMs, maxMs: medianMs, stddevMs: 0, cv: 0)
      return Records.Measurement(
        toolVersion: "test", timestamp: "2026-11-26T12:00:00Z", hostName: "h", hardware: "local",
        deviceKind: kind, deviceName: "Fake GPU 0", instructionSet: "sm_86", precision: .fp32, threads: 1,
        modelName: "tiny", modelHash: "0", batchSize: batch, sequenceLength: 0, mode: .backToBack,
        idleGapSeconds: 0, stats: stats, throughput: 1, peakMemoryBytes: 0, buildConfiguration: "debug",
        runs: 10, warnings: [])
    }

    @Test("calibrated(rows) fills the GPU rows of its precision and leaves the others alone")
    func calibratesRows() throws {
      let (_, backend) = try Self.backend(Self.tinyMLP)
      _ = try backend.prepareSeeded(batchSize: 4, sequenceLength: 0)
      let rows = [Self.row(.cuda, batch: 1, medianMs: 0.05), Self.row(.cuda, batch: 4, medianMs: 0.06),
        Self.row(.cuda, batch: 64, medianMs: 0.2), Self.row(.cpu, batch: 4, medianMs: 1)]
      let (calibrated, calibration) = backend.calibrated(rows)
      let fit = try #require(calibration)
      for row in calibrated.prefix(3) {
        #expect(row.computeEfficiency == fit.computeEfficiency)
        #expect(row.memoryEfficiency == fit.memoryEfficiency)
        #expect(row.launchOverheadSeconds == fit.launchOverheadSeconds)
      }
      #expect(calibrated[3] == rows[3])
      #expect(fit.peakFlopsPerSecond == backend.info.peakFP32FlopsPerSecond)
    }

    @Test("the model presets run and equal the reference", arguments: [ModelPreset.tinyMLP, .tinyBERT])
    func presets(preset: ModelPreset) throws {
      let graph = preset.makeGraph()
      let (_, backend) = try Self.backend(graph)
      let input: ModelInput = graph.isEncoderGraph
        ? .tokens(Self.tokens) : CUDABackend.seededInput(for: graph, batchSize: 3, sequenceLength: 0)
      let pass = try backend.prepare(input: input)
      try pass.run()
      let expected = try ReferenceForward.run(graph, input: input)
      #expect(maxAbsDifference(try pass.outputs().scalars, expected.scalars) <= 1e-4)
    }

    @Test("dropping a backend frees its memory and cuBLAS handles but keeps the primary context")
    func teardown() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let before = fake.allocatedBytes
      do {
        let backend = try CUDABackend(graph: Self.tinyMLP, libraries: fake.paths)
        _ = try backend.prepareSeeded(batchSize: 2, sequenceLength: 0)
        #expect(fake.allocatedBytes > before)
      }
      let calls = fake.calls
      #expect(fake.allocatedBytes == before)
      #expect(calls.contains("cublasDestroy_v2"))
      #expect(calls.contains("cublasLtDestroy"))
      #expect(calls.contains("cuStreamDestroy_v2"))
      #expect(!calls.contains("cuDevicePrimaryCtxRelease_v2"))
    }

    @Test("the single-op kernel checks pass through the fake in every precision", arguments: CUDAPrecision.allCases)
    func kernelChecks(precision: CUDAPrecision) throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let runtime = try CUDARuntime.shared(paths: fake.paths)
      let results = try CUDACheck.kernelChecks(runtime: runtime, deviceOrdinal: 0, precision: precision)
      #expect(results.count == 26)
      #expect(results.filter { !$0.passed }.map(\.name) == [])
    }

    @Test("a failing launch is recorded per kernel check, not thrown")
    func kernelCheckFailure() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let runtime = try CUDARuntime.shared(paths: fake.paths)
      fake.fail("cuLaunchKernel", result: 719)
      let results = try CUDACheck.kernelChecks(runtime: runtime, deviceOrdinal: 0, precision: .fp32)
      fake.reset()
      #expect(results.first?.passed == true)  // dense alone launches no kernel
      let softmax = try #require(results.first { $0.name == "softmax" })
      #expect(!softmax.passed)
      #expect(softmax.error == "cuLaunchKernel (kernel 9, grid 5×1, block 32) failed: CUDA_ERROR_LAUNCH_FAILED (719)")
    }
  }
}
