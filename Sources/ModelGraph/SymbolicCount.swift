/// A count that depends on the batch size `B` and the sequence length `S`: a sum of terms
/// `c·Bⁱ·Sʲ`.
///
/// Element counts, FLOPs and bytes of every op are such sums (attention's scores grow with
/// `S²`), so the graph analysis states each formula once and evaluates it at any shape. With
/// whole-number coefficients every value below 2⁵³ is exact in `Double`, so the sum does not
/// depend on the order of its terms.
public struct SymbolicCount: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
  /// One term `coefficient · B^batchPower · S^sequencePower`.
  struct Term: Hashable, Sendable {
    var batchPower: Int
    var sequencePower: Int
    var coefficient: Double
  }

  /// Terms sorted by powers, one per pair of powers, none with a zero coefficient.
  private(set) var terms: [Term]

  private init(terms: [Term]) {
    var merged: [[Int]: Double] = [:]
    for term in terms { merged[[term.batchPower, term.sequencePower], default: 0] += term.coefficient }
    self.terms = merged.filter { $0.value != 0 }.map { Term(batchPower: $0.key[0], sequencePower: $0.key[1], coefficient: $0.value) }
      .sorted { ($0.batchPower, $0.sequencePower) < ($1.batchPower, $1.sequencePower) }
  }

  /// A count that is the same at every shape.
  public init(_ constant: Double) {
    self.init(terms: [Term(batchPower: 0, sequencePower: 0, coefficient: constant)])
  }

  /// A constant count written as a whole number (`2 * rows`).
  public init(integerLiteral value: Int) { self.init(Double(value)) }

  /// Zero.
  public static let zero = SymbolicCount(0)
  /// The batch size `B`.
  public static let batch = SymbolicCount(terms: [Term(batchPower: 1, sequencePower: 0, coefficient: 1)])
  /// The sequence length `S`.
  public static let sequence = SymbolicCount(terms: [Term(batchPower: 0, sequencePower: 1, coefficient: 1)])

  /// The sum, term by term.
  public static func + (left: SymbolicCount, right: SymbolicCount) -> SymbolicCount {
    SymbolicCount(terms: left.terms + right.terms)
  }

  /// The product (`B·S` times `S` is `B·S²`).
  public static func * (left: SymbolicCount, right: SymbolicCount) -> SymbolicCount {
    SymbolicCount(terms: left.terms.flatMap { a in
      right.terms.map { b in
        Term(batchPower: a.batchPower + b.batchPower, sequencePower: a.sequencePower + b.sequencePower,
             coefficient: a.coefficient * b.coefficient)
      }
    })
  }

  /// Every coefficient scaled by `left`.
  public static func * (left: Double, right: SymbolicCount) -> SymbolicCount { SymbolicCount(left) * right }

  /// Every coefficient scaled by `right`.
  public static func * (left: SymbolicCount, right: Double) -> SymbolicCount { left * SymbolicCount(right) }

  /// The count at `batchSize` rows of `sequenceLength` tokens.
  public func value(batchSize: Int, sequenceLength: Int) -> Double {
    terms.reduce(0) { sum, term in
      var product = term.coefficient
      for _ in 0..<term.batchPower { product *= Double(batchSize) }
      for _ in 0..<term.sequencePower { product *= Double(sequenceLength) }
      return sum + product
    }
  }

  /// E.g. "2·B·S^2 + 8·B·S − 4".
  public var description: String {
    guard !terms.isEmpty else { return "0" }
    var text = ""
    for (index, term) in terms.reversed().enumerated() {
      let magnitude = abs(term.coefficient)
      var factors: [String] = []
      if magnitude != 1 || (term.batchPower == 0 && term.sequencePower == 0) {
        factors.append(magnitude.rounded() == magnitude && magnitude < 1e15 ? String(Int(magnitude)) : String(magnitude))
      }
      if term.batchPower > 0 { factors.append(term.batchPower == 1 ? "B" : "B^\(term.batchPower)") }
      if term.sequencePower > 0 { factors.append(term.sequencePower == 1 ? "S" : "S^\(term.sequencePower)") }
      let sign = term.coefficient < 0 ? (index == 0 ? "−" : " − ") : (index == 0 ? "" : " + ")
      text += sign + factors.joined(separator: "·")
    }
    return text
  }
}
