import Records
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
  /// First outputs for seed 0 from the reference C code (Vigna, https://prng.di.unimi.it/splitmix64.c).
  @Test("The stream matches the reference implementation")
  func reference() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test("Unit doubles are the top 53 bits scaled to [0, 1); signed floats the top 24 to [-1, 1)")
  func derived() {
    var bits = SplitMix64(seed: 7)
    var doubles = SplitMix64(seed: 7)
    var floats = SplitMix64(seed: 7)
    for _ in 0..<1000 {
      let x = bits.next()
      let unit = doubles.nextUnitDouble()
      #expect(unit == Double(x >> 11) / 9_007_199_254_740_992 && unit >= 0 && unit < 1)
      let signed = floats.nextSignedUnitFloat()
      #expect(signed == Float(x >> 40) / 8_388_608 - 1 && signed >= -1 && signed < 1)
    }
  }
}
