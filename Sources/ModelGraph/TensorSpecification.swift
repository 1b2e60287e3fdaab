/// One weight tensor a graph needs: name, shape and how a preset initializes it.
public struct TensorSpecification: Equatable, Sendable {
  public var name: String
  public var shape: [Int]
  public var initializer: WeightInitializer

  /// Creates a specification.
  public init(name: String, shape: [Int], initializer: WeightInitializer) {
    self.name = name
    self.shape = shape
    self.initializer = initializer
  }
}
