import Records
import Testing

@Suite("Readable numbers: the one formatter for reports and messages")
struct ReadableNumberTests {
  static let readableCases: [(String, String)] = [
    (ReadableNumber.usd(15.184), "$15.18"), (ReadableNumber.usd(1234.5), "$1,235"),
    (ReadableNumber.duration(0.0016), "1.6 ms"), (ReadableNumber.duration(0.000_85), "850 µs"),
    (ReadableNumber.duration(1.25), "1.25 s"), (ReadableNumber.rate(100.0 / 60), "1.67 req/s"),
    (ReadableNumber.rate(0.5), "30 req/min"), (ReadableNumber.rate(41_000), "41k req/s"),
    (ReadableNumber.percent(0.002), "0.20%"), (ReadableNumber.percent(0.7), "70%"),
    (ReadableNumber.bytes(4_200_000), "4.2 MB"), (ReadableNumber.bytes(4_220_000), "4.2 MB"),
    (ReadableNumber.bytes(512), "512 B"), (ReadableNumber.bytes(1_500), "1.5 kB"), (ReadableNumber.bytes(134_400_000), "134.4 MB"),
    (ReadableNumber.bytes(1.5e12), "1.5 TB"), (ReadableNumber.flops(2_110_000), "2.1 MFLOP"),
    (ReadableNumber.flops(950), "950 FLOP"), (ReadableNumber.grouped(1_234_567), "1,234,567"),
    (ReadableNumber.grouped(-1_000), "-1,000"), (ReadableNumber.grouped(999), "999"),
  ]

  @Test("Readable numbers", arguments: readableCases)
  func readable(_ c: (String, String)) {
    #expect(c.0 == c.1)
  }
}
