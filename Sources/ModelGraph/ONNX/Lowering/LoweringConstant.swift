/// An integer that a shape subgraph computes: `c·B^i·S^j`, with the batch size `B` and the
/// sequence length `S` left symbolic, so `Shape`, `Gather`, `Concat` and friends evaluate once
/// at load and still serve every planned shape.
struct SymbolicInteger: Hashable, Sendable, CustomStringConvertible {
  var coefficient: Int
  var batchPower = 0
  var sequencePower = 0

  static func fixed(_ value: Int) -> SymbolicInteger { SymbolicInteger(coefficient: value) }
  static let batch = SymbolicInteger(coefficient: 1, batchPower: 1)
  static let sequence = SymbolicInteger(coefficient: 1, sequencePower: 1)

  init(coefficient: Int, batchPower: Int = 0, sequencePower: Int = 0) {
    self.coefficient = coefficient
    self.batchPower = coefficient == 0 ? 0 : batchPower
    self.sequencePower = coefficient == 0 ? 0 : sequencePower
  }

  init(_ dimension: Dimension) {
    switch dimension {
    case .batch: self = .batch
    case .sequence: self = .sequence
    case let .fixed(size): self = .fixed(size)
    }
  }

  /// The value when it does not depend on `B` or `S`.
  var fixedValue: Int? { batchPower == 0 && sequencePower == 0 ? coefficient : nil }

  /// The graph dimension this integer names (`B`, `S` or a size), if it is one of them.
  var dimension: Dimension? {
    if let fixedValue { return fixedValue >= 0 ? .fixed(fixedValue) : nil }
    if self == .batch { return .batch }
    if self == .sequence { return .sequence }
    return nil
  }

  /// The product; nil on overflow.
  static func * (left: SymbolicInteger, right: SymbolicInteger) -> SymbolicInteger? {
    let product = left.coefficient.multipliedReportingOverflow(by: right.coefficient)
    guard !product.overflow else { return nil }
    return SymbolicInteger(
      coefficient: product.partialValue, batchPower: left.batchPower + right.batchPower,
      sequencePower: left.sequencePower + right.sequencePower)
  }

  var description: String {
    var parts: [String] = []
    if coefficient != 1 || (batchPower == 0 && sequencePower == 0) { parts.append(String(coefficient)) }
    if batchPower > 0 { parts.append(batchPower == 1 ? "batch" : "batch^\(batchPower)") }
    if sequencePower > 0 { parts.append(sequencePower == 1 ? "sequence" : "sequence^\(sequencePower)") }
    return parts.joined(separator: "·")
  }
}

/// A tensor known at load: an initializer, a `Constant`, or what constant folding made of them.
/// Floats stay fp32; integers may be symbolic (a `Shape` of a `[batch, sequence]` value).
struct LoweringConstant: Sendable {
  enum Values: Sendable {
    case floats([Float])
    case integers([SymbolicInteger])
  }

  /// Fixed dims (a constant never has a symbolic shape; those are `positions` or `filled` values).
  var shape: [Int]
  var values: Values
  /// The initializer's name, when the constant is one as stored (weights keep their names).
  var name: String?

  var count: Int { shape.reduce(1, *) }

  init(shape: [Int], values: Values) {
    self.shape = shape
    self.values = values
  }

  init(_ tensor: ONNXTensor) {
    shape = tensor.dims
    name = tensor.name.isEmpty ? nil : tensor.name
    switch tensor.values {
    case let .floats(floats): values = .floats(floats)
    case let .integers(integers): values = .integers(integers.map { .fixed(Int(clamping: $0)) })
    }
  }

  static func integers(_ values: [SymbolicInteger], shape: [Int]? = nil) -> LoweringConstant {
    LoweringConstant(shape: shape ?? [values.count], values: .integers(values))
  }

  /// Every value as a Double; nil when an integer is symbolic.
  var doubles: [Double]? {
    switch values {
    case let .floats(floats): return floats.map(Double.init)
    case let .integers(integers):
      var result: [Double] = []
      for value in integers {
        guard let fixed = value.fixedValue else { return nil }
        result.append(Double(fixed))
      }
      return result
    }
  }

  /// The integers (floats that are whole numbers included); nil otherwise.
  var integers: [SymbolicInteger]? {
    switch values {
    case let .integers(integers): return integers
    case let .floats(floats):
      guard floats.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e15 }) else { return nil }
      return floats.map { .fixed(Int($0)) }
    }
  }

  /// The single value of a one-element constant, as a Double.
  var scalar: Double? {
    guard count == 1, let values = doubles else { return nil }
    return values[0]
  }

  /// Whether every value equals `value`.
  func isAll(_ value: Double) -> Bool { doubles?.allSatisfy { $0 == value } ?? false }
}
