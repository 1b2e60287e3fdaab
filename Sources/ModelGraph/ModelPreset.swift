/// Synthetic models with seeded random weights, for `infer-plan model create PATH --preset NAME`.
public enum ModelPreset: String, CaseIterable, Sendable {
  /// MLP 512 → 1024 → 512 → 10 with ReLU (1,055,242 parameters): the README's example.
  case small
  /// MLP 1024 → 1024 → 1024 → 1024 → 10 with ReLU (4 dense layers, 3,159,050 parameters).
  case mlpLarge = "mlp-large"
  /// BERT encoder shaped like all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536,
  /// vocab 30522, 512 positions, 2 token types, GELU (erf), epsilon 1e-12.
  case minilm
  /// BERT-base shape: 12 layers, hidden 768, 12 heads, FFN 3072, vocab 30522, 512 positions.
  case bertBase = "bert-base"
  /// MLP 16 → 32 → 8 with ReLU, for tests.
  case tinyMLP = "tiny-mlp"
  /// BERT encoder with 2 layers, hidden 32, 4 heads, FFN 64, vocab 100, 64 positions, for tests.
  case tinyBERT = "tiny-bert"

  /// The default `--seed`.
  public static let defaultSeed: UInt64 = 42

  /// One line for `--help` and error messages.
  public var summary: String {
    switch self {
    case .small: "MLP 512→1024→512→10, ReLU (~1.05M parameters)"
    case .mlpLarge: "MLP 1024→1024→1024→1024→10, ReLU (~3.16M parameters)"
    case .minilm: "BERT 6 layers, hidden 384, 12 heads, FFN 1536, vocab 30522 (all-MiniLM-L6-v2 shape, ~22.7M)"
    case .bertBase: "BERT 12 layers, hidden 768, 12 heads, FFN 3072, vocab 30522 (~109M parameters)"
    case .tinyMLP: "MLP 16→32→8, ReLU (for tests)"
    case .tinyBERT: "BERT 2 layers, hidden 32, 4 heads, FFN 64, vocab 100 (for tests)"
    }
  }

  /// The nodes and tensor shapes of the preset.
  public var blueprint: GraphBlueprint {
    switch self {
    case .small: .mlp(widths: [512, 1024, 512, 10])
    case .mlpLarge: .mlp(widths: [1024, 1024, 1024, 1024, 10])
    case .tinyMLP: .mlp(widths: [16, 32, 8])
    case .minilm, .bertBase, .tinyBERT: .encoder(encoderConfiguration ?? Self.tinyEncoder, names: .bert(prefix: ""))
    }
  }

  /// The encoder shape for encoder presets, nil for MLPs.
  public var encoderConfiguration: EncoderConfiguration? {
    switch self {
    case .small, .mlpLarge, .tinyMLP: nil
    case .minilm:
      EncoderConfiguration(layers: 6, hiddenSize: 384, heads: 12, intermediateSize: 1536, vocabularySize: 30522, maxPositions: 512)
    case .bertBase:
      EncoderConfiguration(layers: 12, hiddenSize: 768, heads: 12, intermediateSize: 3072, vocabularySize: 30522, maxPositions: 512)
    case .tinyBERT: Self.tinyEncoder
    }
  }

  private static let tinyEncoder = EncoderConfiguration(
    layers: 2, hiddenSize: 32, heads: 4, intermediateSize: 64, vocabularySize: 100, maxPositions: 64)

  /// The architecture label: "mlp" or "bert".
  public var architecture: String { encoderConfiguration == nil ? "mlp" : "bert" }

  /// Builds the preset's graph with weights drawn from `SplitMix64(seed:)`; equal seeds give
  /// bit-identical weights on every machine.
  public func makeGraph(seed: UInt64 = defaultSeed) -> Graph {
    blueprint.makeRandomGraph(name: rawValue, architecture: architecture, seed: seed)
  }
}
