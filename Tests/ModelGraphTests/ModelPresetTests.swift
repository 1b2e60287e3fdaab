import ModelGraph
import Records
import Testing

@Suite("ModelPreset")
struct ModelPresetTests {
  static let parameterCounts: [(ModelPreset, Int)] = [
    (.small, 512 * 1024 + 1024 + 1024 * 512 + 512 + 512 * 10 + 10),  // 1,055,242
    (.mlpLarge, 3 * (1024 * 1024 + 1024) + 1024 * 10 + 10),  // 3,159,050
    (.minilm, 22_565_376),  // all-MiniLM-L6-v2's encoder, counted from the real file
    (.bertBase, 108_891_648),  // BERT-base without the pooler
    (.tinyMLP, 16 * 32 + 32 + 32 * 8 + 8),
    (.tinyBERT, 22_464),
  ]

  @Test("parameter counts", arguments: parameterCounts)
  func parameterCount(preset: ModelPreset, expected: Int) {
    // From the blueprint, so the big presets need not be generated in a debug test run.
    #expect(preset.blueprint.tensors.reduce(0) { $0 + $1.shape.reduce(1, *) } == expected)
  }

  @Test("tiny presets build valid graphs", arguments: [ModelPreset.tinyMLP, .tinyBERT, .small])
  func validGraphs(preset: ModelPreset) throws {
    let graph = preset.makeGraph(seed: 1)
    try graph.validate()
    #expect(graph.name == preset.rawValue)
  }

  @Test("weights are SplitMix64 draws, identical to an independent Python implementation")
  func weightsMatchPython() {
    // fc1.weight of `small` with seed 42: U(-1, 1) · √(3/512) from the top 24 bits of each draw,
    // computed by numpy in float32 (see docs/model-format.md, "Presets").
    let graph = ModelPreset.small.makeGraph(seed: 42)
    let first = Array(graph.weights["fc1.weight"]?.scalars.prefix(4) ?? [])
    #expect(first == [0.036981918, -0.05206538, -0.033894647, -0.023853337])
  }

  @Test("equal seeds give equal models and different seeds different ones")
  func seeds() {
    #expect(ModelPreset.tinyBERT.makeGraph(seed: 5) == ModelPreset.tinyBERT.makeGraph(seed: 5))
    #expect(ModelPreset.tinyBERT.makeGraph(seed: 5).contentHash != ModelPreset.tinyBERT.makeGraph(seed: 6).contentHash)
  }

  @Test("initial weights keep the scale their initializer promises")
  func weightScale() {
    let graph = ModelPreset.tinyMLP.makeGraph(seed: 3)
    let weights = graph.weights["fc1.weight"]?.scalars ?? []
    let bound = (3.0 / 16.0).squareRoot()
    #expect(weights.allSatisfy { Double(abs($0)) <= bound })
    let variance = weights.reduce(0.0) { $0 + Double($1 * $1) } / Double(weights.count)
    #expect(abs(variance - 1.0 / 16.0) < 0.02)  // U(-b, b) has variance b²/3 = 1/fan_in
  }
}
