import Records
import Testing

@Suite("Planning defaults")
struct PlanningDefaultsTests {
  /// (requested, model maximum) → tokens per request.
  @Test("The sequence length: as requested, else 128 capped by the model", arguments: [
    (nil, 512, 128), (nil, 64, 64), (nil, 0, 128), (300, 512, 300), (32, 0, 32),
  ] as [(Int?, Int, Int)])
  func sequenceLength(_ c: (Int?, Int, Int)) {
    #expect(PlanningDefaults.sequenceLength(requested: c.0, maxPositions: c.1) == c.2)
  }
}
