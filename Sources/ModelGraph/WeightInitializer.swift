/// How a preset fills one weight tensor with seeded random values.
public enum WeightInitializer: Equatable, Sendable {
  /// `U(-1, 1) · √(3 / fanIn)`: variance `1 / fanIn`, so a dense layer keeps activations near
  /// unit scale (LeCun-style), and deep presets neither explode nor vanish.
  case fanIn(Int)
  /// `U(-1, 1) · scale`: biases (0.1) and embedding tables (1; a layer norm follows them).
  case uniform(scale: Float)
  /// `1 + 0.1 · U(-1, 1)`: layer norm gammas near one, so tests see non-trivial scales.
  case nearOne
}
