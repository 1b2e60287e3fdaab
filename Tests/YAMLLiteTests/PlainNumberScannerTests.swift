import Testing

@testable import YAMLLite

/// The hand scanner must accept exactly what the documented regular expressions accept.
@Suite struct PlainNumberScannerTests {
  static let tricky = [
    "", "+", "-", ".", "0", "00", "01", "-0", "+0", "10", "-123", "1_000", "0x1F", "1:30",
    "1.", "-1.", ".5", "-.5", "+.5", "1.5", "1.5e3", "1.5e+3", "1.5E-3", "1.e+3", ".5e-1",
    "1.5e", "1.5e+", "1.5e+3x", "1e-3", "1.2.3", "٣", "1.5 ", " 1", "..5", "-", "+-1", "1-",
  ]

  @Test(arguments: tricky)
  func agreesWithTheExpressions(text: String) {
    #expect(PlainNumberScanner.isInteger(text) == (text.wholeMatch(of: ScalarResolver.integer) != nil))
    #expect(PlainNumberScanner.isDecimal(text) == (text.wholeMatch(of: ScalarResolver.decimal) != nil))
  }

  @Test func agreesOnRandomStrings() {
    let alphabet = Array("0123456789+-.eE_x :")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    for _ in 0..<3000 {
      let text = String((0..<(next() % 8)).map { _ in alphabet[next() % alphabet.count] })
      #expect(PlainNumberScanner.isInteger(text) == (text.wholeMatch(of: ScalarResolver.integer) != nil), "\(text)")
      #expect(PlainNumberScanner.isDecimal(text) == (text.wholeMatch(of: ScalarResolver.decimal) != nil), "\(text)")
    }
  }
}
