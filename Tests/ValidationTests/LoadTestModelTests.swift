import Kernels
import ModelGraph
import Profiling
import Records
import Testing

@testable import Validation

@Suite("Load-test model")
struct LoadTestModelTests {
  static let cpu = CPUInfo(
    modelName: "Test CPU", logicalCores: 2, physicalCores: 2, sockets: 1, memoryTotalBytes: 1 << 34,
    memoryAvailableBytes: 1 << 33)

  @Test("An encoder is served at the default sequence length, capped by the model; an MLP has none")
  func sequenceLength() throws {
    let graph = ModelPreset.tinyBERT.makeGraph()
    guard case let .encoder(_, _, maxPositions) = graph.kind else { Issue.record("tiny-bert is not an encoder"); return }
    let encoder = try LoadTestModel(graph: graph, instructionSet: .scalar, threads: 1, maxBatchSize: 2, cpu: Self.cpu)
    #expect(encoder.sequenceLength == min(PlanningDefaults.sequenceLength, maxPositions))
    // The quick profile measures (and labels its rows) at the length the test serves.
    let validator = Validator(model: encoder, settings: ValidationSettings(ratePerSecond: 100, maxBatchSize: 2, maxDelaySeconds: 0, threads: 1))
    #expect(validator.quickProfileOptions.sequenceLength == encoder.sequenceLength)
    let mlp = try LoadTestModel(
      graph: ModelPreset.tinyMLP.makeGraph(), instructionSet: .scalar, threads: 1, maxBatchSize: 2, sequenceLength: 16,
      cpu: Self.cpu)
    #expect(mlp.sequenceLength == 0)
  }

  @Test("The profile measures the very passes the load test serves; other shapes are prepared apart")
  func passes() throws {
    let model = try LoadTestModel(
      graph: ModelPreset.tinyBERT.makeGraph(), instructionSet: .scalar, threads: 1, maxBatchSize: 2, sequenceLength: 8,
      cpu: Self.cpu)
    try model.run(batchSize: 1)
    try model.run(batchSize: 2)
    let own = try model.prepare(batchSize: 2, sequenceLength: 8)
    #expect(own === (try model.prepare(batchSize: 2, sequenceLength: 8)))
    let larger = try model.prepare(batchSize: 3, sequenceLength: 8)
    #expect(larger !== own)
    try larger.run()
    #expect(model.precision == .fp32 && model.threads == 1 && model.device.name == "Test CPU")
    #expect(model.memoryNeeded(batchSize: 3, sequenceLength: 8) > model.memoryNeeded(batchSize: 1, sequenceLength: 8))
  }
}
