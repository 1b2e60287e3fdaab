import Kernels
import ModelGraph
import Records
import Testing

@testable import Profiling

@Suite("CPUBackend")
struct CPUBackendTests {
  static let cpu = CPUInfo(
    modelName: "Test CPU", logicalCores: 2, physicalCores: 2, sockets: 1, memoryTotalBytes: 1 << 34,
    memoryAvailableBytes: 1 << 33)

  @Test("prepare loads seeded inputs; memory is weights + workspace", arguments: [ModelPreset.tinyMLP, .tinyBERT])
  func prepare(preset: ModelPreset) throws {
    let graph = preset.makeGraph()
    let backend = try CPUBackend(graph: graph, instructionSet: .scalar, threads: 1, cpu: Self.cpu)
    #expect(backend.device == DeviceDescription(kind: .cpu, name: "Test CPU", instructionSet: "scalar", memoryBytes: 1 << 33))
    #expect(backend.threads == 1 && backend.precision == .fp32)
    let pass = try backend.prepare(batchSize: 3, sequenceLength: 8)
    try pass.run()
    #expect(pass.lastDeviceSeconds == nil)
    #expect(pass.peakMemoryBytes > backend.model.weightBytes)
    #expect(backend.memoryNeeded(batchSize: 3, sequenceLength: 8) > backend.model.weightBytes)
    #expect(backend.memoryNeeded(batchSize: 300, sequenceLength: 8) > backend.memoryNeeded(batchSize: 3, sequenceLength: 8))
    // Equal seeds give equal inputs, so equal outputs.
    let again = try CPUBackend(graph: graph, instructionSet: .scalar, threads: 1, cpu: Self.cpu)
    #expect(again.makeInput(batchSize: 3, sequenceLength: 8) == backend.makeInput(batchSize: 3, sequenceLength: 8))
  }

  @Test("a sweep over the real CPU model records one row per batch size")
  func sweep() throws {
    let backend = try CPUBackend(graph: ModelPreset.tinyMLP.makeGraph(), instructionSet: .scalar, threads: 1, cpu: Self.cpu)
    var options = ProfilerOptions()
    options.batchSizes = [1, 2]
    options.minRuns = 3
    options.minSeconds = 0
    options.warmupSeconds = 0
    let result = try Profiler(options: options).sweep(backend, labels: testLabels)
    #expect(result.measurements.map(\.batchSize) == [1, 2])
    #expect(result.measurements.allSatisfy { $0.runs >= 3 && $0.samplesMs.count == $0.runs && $0.instructionSet == "scalar" })
  }

  @Test("a sequence longer than the encoder allows fails with the batch size named")
  func tooLong() throws {
    let backend = try CPUBackend(graph: ModelPreset.tinyBERT.makeGraph(), instructionSet: .scalar, threads: 1, cpu: Self.cpu)
    var options = ProfilerOptions()
    options.batchSizes = [2]
    options.sequenceLength = 10_000
    #expect(performing: { try Profiler(options: options).sweep(backend, labels: testLabels) }, throws: { error in
      guard case .backendFailed(let device, let batch, _)? = error as? ProfilerError else { return false }
      return device == "cpu (Test CPU)" && batch == 2
    })
  }
}
