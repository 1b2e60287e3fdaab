import CKernels
import Testing

/// The cache blocks: read from this machine, and derived for other machines' caches.
@Suite("Gemm blocks from the caches")
struct GemmBlockingTests {
  static func caches(l1: Int, l2: Int, l3: Int, l3SharedBy: Int32) -> ip_cache_info {
    var info = ip_cache_info()
    info.l1d = ip_cache_level(bytes: l1, ways: 8, line_bytes: 64, shared_by: 1)
    info.l2 = ip_cache_level(bytes: l2, ways: 8, line_bytes: 64, shared_by: 1)
    info.l3 = ip_cache_level(bytes: l3, ways: 16, line_bytes: 64, shared_by: l3SharedBy)
    return info
  }

  /// (level, L1d, L2, L3, CPUs per L3) → (kc, mc, nc). AVX-512 on the Emerald Rapids host
  /// reproduces its A/B-measured KC 384 / MC 96 / NC 512; AVX2 on Zen 1 (this project's
  /// measurement of KC 384); a 32 KiB / 1 MiB AVX-512 part; and tiny caches hit the clamps.
  static let cases: [(level: Int32, l1: Int, l2: Int, l3: Int, shared: Int32, kc: Int32, mc: Int32, nc: Int32)] = [
    (2, 48 << 10, 2 << 20, 300 << 20, 2, 384, 96, 512),
    (1, 32 << 10, 512 << 10, 8 << 20, 2, 384, 168, 1360),
    (2, 32 << 10, 1 << 20, 32 << 20, 8, 256, 72, 384),
    (0, 32 << 10, 512 << 10, 8 << 20, 2, 256, 64, 256),
    (1, 1 << 10, 4 << 10, 0, 0, 64, 6, 16),
  ]

  @Test("derived blocks for known machines", arguments: cases.indices)
  func derived(index: Int) {
    let c = Self.cases[index]
    var info = Self.caches(l1: c.l1, l2: c.l2, l3: c.l3, l3SharedBy: c.shared)
    var blocks = ip_gemm_blocking()
    ip_gemm_derive_blocks(c.level, &info, &blocks)
    #expect((blocks.kc, blocks.mc, blocks.nc) == (c.kc, c.mc, c.nc))
  }

  @Test("this machine's caches and blocks are usable", arguments: GemmTestSupport.levels)
  func thisMachine(level: Int32) {
    var info = ip_cache_info()
    ip_cpu_caches(&info)
    let source = String(cString: info.source)
    #expect(["sysfs", "cpuid", "default"].contains(source))
    #expect(info.l1d.bytes >= 4096 && info.l2.bytes >= info.l1d.bytes && info.l3.bytes >= info.l2.bytes)
    var blocks = ip_gemm_blocking()
    ip_gemm_blocks(level, &blocks)
    #expect(blocks.kc % 8 == 0 && blocks.kc >= 64 && blocks.kc <= 1024)
    #expect(blocks.mc % blocks.mr == 0 && blocks.mc >= blocks.mr)
    #expect(blocks.nc % blocks.nr == 0 && blocks.nc >= blocks.nr)
    var derived = ip_gemm_blocking()
    ip_gemm_derive_blocks(level, &info, &derived)
    #expect((derived.kc, derived.mc, derived.nc) == (blocks.kc, blocks.mc, blocks.nc))
  }
}
