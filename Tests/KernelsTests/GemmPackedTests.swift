import CKernels
import Testing
import TestSupport

/// One GEMM problem: sizes, strides and data, run through the packed kernel and the reference.
private struct GemmCase {
  let m: Int, n: Int, k: Int
  let activation: Int32
  let lda: Int, ldc: Int
  let a: [Float], w: [Float], bias: [Float]?

  init(m: Int, n: Int, k: Int, activation: Int32, withBias: Bool = true, seed: UInt64) {
    self.m = m
    self.n = n
    self.k = k
    self.activation = activation
    lda = k + 3  // strided rows catch kernels that assume lda == k
    ldc = n + 2
    a = GemmTestSupport.randomFloats(m * lda, seed: seed, scale: 2)
    w = GemmTestSupport.randomFloats(n * k, seed: seed &+ 1)
    bias = withBias ? GemmTestSupport.randomFloats(n, seed: seed &+ 2) : nil
  }

  /// Sentinel in the padding columns and after the last row; NaN where the kernel must write
  /// (so a kernel that reads c before writing it turns the result into NaN).
  static let guardWord: Float = 12345.5
  static let tailGuards = 16

  func runPacked(level: Int32, pool: OpaquePointer?, keep: Float = 1) -> [Float] {
    var packed = [Float](repeating: .nan, count: max(ip_sgemm_packed_floats(level, Int32(n), Int32(k)), 1))
    ip_sgemm_pack_w(level, Int32(n), Int32(k), w, Int32(k), &packed)
    var c = [Float](repeating: Self.guardWord, count: m * ldc + Self.tailGuards)
    for i in 0..<m { for j in 0..<n { c[i * ldc + j] = .nan } }
    let biasPointer = bias
    biasPointer.withOptionalPointer { b in
      ip_sgemm_packed_keep(
        level, pool, Int32(m), Int32(n), Int32(k), a, Int32(lda), packed, b, activation, &c, Int32(ldc), keep)
    }
    return c
  }

  func runReference() -> [Float] {
    var c = [Float](repeating: 0, count: m * ldc)
    bias.withOptionalPointer { b in
      ip_sgemm_reference(Int32(m), Int32(n), Int32(k), a, Int32(lda), w, Int32(k), b, activation, &c, Int32(ldc))
    }
    return c
  }

  /// |bias_j| + Σ_p |a_ip·w_jp|: the magnitude in the tolerance derivation.
  func magnitude(_ i: Int, _ j: Int) -> Double {
    var s = Double(abs(bias?[j] ?? 0))
    for p in 0..<k { s += Double(abs(a[i * lda + p] * w[j * k + p])) }
    return s
  }

  /// Failures as text (empty when the packed result matches and the guards are intact).
  func check(level: Int32, pool: OpaquePointer?) -> [String] {
    let got = runPacked(level: level, pool: pool)
    let want = runReference()
    var failures: [String] = []
    for i in 0..<m {
      for j in 0..<ldc {
        let g = got[i * ldc + j]
        if j >= n {
          if g != Self.guardWord { failures.append("padding (\(i),\(j)) overwritten") }
          continue
        }
        let r = want[i * ldc + j]
        let tol = GemmTestSupport.tolerance(k: k, magnitude: magnitude(i, j), value: r)
        if !(abs(g - r) <= tol) { failures.append("(\(i),\(j)): \(g) vs \(r), tolerance \(tol)") }
      }
    }
    for t in 0..<Self.tailGuards where got[m * ldc + t] != Self.guardWord {
      failures.append("guard word \(t) after c overwritten")
    }
    return failures.isEmpty ? [] : ["m=\(m) n=\(n) k=\(k) act=\(activation): \(failures.count) bad, first \(failures[0])"]
  }
}

extension Optional where Wrapped == [Float] {
  func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
    switch self {
    case .some(let array): return array.withUnsafeBufferPointer { body($0.baseAddress) }
    case .none: return body(nil)
    }
  }
}

@Suite("Gemm packed kernel vs reference")
struct GemmPackedTests {
  /// Awkward shapes around every level's tiles (AVX-512 12×32 and its wide 6×64 halves over two
  /// panels, AVX2 6×16, scalar 4×16): 1, tile ± 1, primes, k = 0, k past 256, n past 1024, and
  /// 9–11-row tiles over a panel pair and a half (split 5 + 4 … 6 + 5 at AVX-512), and the column edges that
  /// AVX-512 runs on fewer vectors (≤ 16 columns: one; a wide tile of 33–48: three) or with a last half vector
  /// (8, 24, 40 or 56 columns and fewer). The shapes that cross this
  /// machine's cache blocks (which depend on its caches) are in `blockShapes`.
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (1, 384, 97), (1, 33, 13), (1, 17, 0), (2, 31, 5), (3, 15, 300),
    (4, 16, 16), (5, 17, 7), (6, 32, 1), (7, 33, 29), (11, 31, 64), (12, 97, 13),
    (13, 13, 13), (13, 65, 0), (16, 1, 97), (25, 47, 260), (37, 96, 31), (97, 5, 3),
    (250, 40, 20), (8, 1030, 9), (5, 40, 400), (9, 70, 17), (11, 80, 40), (6, 48, 21), (12, 49, 30),
    (5, 24, 19), (7, 56, 23), (10, 8, 33),
  ]

  @Test("awkward shapes × epilogues × threads", arguments: GemmTestSupport.levels, [1, 2])
  func awkwardShapes(level: Int32, threads: Int32) throws {
    let pool = try #require(ip_pool_create(threads))
    defer { ip_pool_destroy(pool) }
    var failures: [String] = []
    let activations = GemmTestSupport.activations
    for (index, shape) in Self.shapes.enumerated() {
      let activation = activations[index % activations.count]
      let problem = GemmCase(
        m: shape.m, n: shape.n, k: shape.k, activation: activation, withBias: index % 4 != 3,
        seed: UInt64(index) * 7 + UInt64(level))
      failures += problem.check(level: level, pool: pool)
    }
    #expect(failures.isEmpty, "\(ip_isa_name(level).map { String(cString: $0) } ?? "?"): \(failures)")
  }

  /// Shapes that cross this machine's blocks at `level`: MR ± 1 rows, one row past MC, one
  /// column past NC, one step past KC (two k blocks), and a prime k between two KCs.
  static func blockShapes(level: Int32) -> [(m: Int, n: Int, k: Int)] {
    var b = ip_gemm_blocking()
    ip_gemm_blocks(level, &b)
    let (mr, nr, kc, mc, nc) = (Int(b.mr), Int(b.nr), Int(b.kc), Int(b.mc), Int(b.nc))
    return [(mr - 1, nr + 1, 7), (mr + 1, nr - 1, 3), (mc + 1, nr + 3, 11), (mr + 2, nc + 1, 5),
            (mr, 2 * nr + 1, kc + 1), (3, 29, 2 * kc + 7)]
  }

  @Test("shapes crossing this machine's blocks × threads", arguments: GemmTestSupport.levels, [1, 2])
  func blockEdges(level: Int32, threads: Int32) throws {
    let pool = try #require(ip_pool_create(threads))
    defer { ip_pool_destroy(pool) }
    var failures: [String] = []
    for (index, shape) in Self.blockShapes(level: level).enumerated() {
      let activation = GemmTestSupport.activations[(index + 1) % GemmTestSupport.activations.count]
      let problem = GemmCase(m: shape.m, n: shape.n, k: shape.k, activation: activation, seed: 300 + UInt64(index))
      failures += problem.check(level: level, pool: pool)
    }
    #expect(failures.isEmpty, "\(failures)")
  }

  /// Batch 1 with part of the weights streamed (PREFETCHNTA): the same bits as keeping all.
  @Test("one row: any keep fraction gives the same result", arguments: GemmTestSupport.levels, [1, 2])
  func keepFraction(level: Int32, threads: Int32) throws {
    let pool = try #require(ip_pool_create(threads))
    defer { ip_pool_destroy(pool) }
    for (n, k) in [(1, 1), (17, 300), (97, 31), (250, 64)] {
      let problem = GemmCase(m: 1, n: n, k: k, activation: Int32(IP_ACT_RELU.rawValue), seed: UInt64(n * k))
      #expect(problem.check(level: level, pool: pool).isEmpty)
      let whole = problem.runPacked(level: level, pool: pool)
      for keep: Float in [0, 0.3, 0.5, 2] {
        let part = problem.runPacked(level: level, pool: pool, keep: keep)
        #expect(whole.elementsEqual(part) { $0.bitPattern == $1.bitPattern }, "n=\(n) k=\(k) keep=\(keep)")
      }
    }
  }

  /// With the spill threshold at 1 byte, a GEMM whose k takes several KC slices and n two NC
  /// blocks packs all of a and runs the NC blocks outside the KC slices: the same bits as the
  /// slice-outer order (which the other tests check against the reference), at 1 and 2 threads.
  @Test("whole-a loop order gives the slice order's bits", arguments: GemmTestSupport.levels)
  func wholeAOrder(level: Int32) throws {
    var blocks = ip_gemm_blocking()
    ip_gemm_blocks(level, &blocks)
    let pool = try #require(ip_pool_create(2))
    defer { ip_pool_destroy(pool) }
    let problem = GemmCase(
      m: Int(blocks.mr) + 1, n: Int(blocks.nc) + Int(blocks.nr) + 3, k: 2 * Int(blocks.kc) + 5,
      activation: Int32(IP_ACT_GELU_ERF.rawValue), seed: 41)
    let sliceOrder = problem.runPacked(level: level, pool: nil)  // c is far below any default threshold
    let previous = ip_gemm_set_c_spill_bytes(1)
    defer { ip_gemm_set_c_spill_bytes(previous) }
    for threads in [nil, pool] {
      let wholeOrder = problem.runPacked(level: level, pool: threads)
      #expect(sliceOrder.elementsEqual(wholeOrder) { $0.bitPattern == $1.bitPattern }, "pool: \(threads != nil)")
    }
  }

  @Test("every epilogue on one edge-heavy shape", arguments: GemmTestSupport.levels, GemmTestSupport.activations)
  func everyEpilogue(level: Int32, activation: Int32) throws {
    let pool = try #require(ip_pool_create(2))
    defer { ip_pool_destroy(pool) }
    let problem = GemmCase(m: 14, n: 35, k: 41, activation: activation, seed: 99)
    let failures = problem.check(level: level, pool: pool)
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test("k = 0 gives act(bias), and no pool runs serially", arguments: GemmTestSupport.levels)
  func zeroDepth(level: Int32) {
    for activation in GemmTestSupport.activations {
      let problem = GemmCase(m: 3, n: 37, k: 0, activation: activation, seed: 5)
      #expect(problem.check(level: level, pool: nil).isEmpty)
    }
  }

  @Test("results are bitwise identical run to run and across thread counts", arguments: GemmTestSupport.levels)
  func deterministic(level: Int32) throws {
    let pool = try #require(ip_pool_create(2))
    defer { ip_pool_destroy(pool) }
    // 70×200 splits the columns over the threads; 200×20 (one panel) splits the rows.
    for (m, n) in [(70, 200), (200, 20)] {
      let problem = GemmCase(m: m, n: n, k: 300, activation: Int32(IP_ACT_GELU_ERF.rawValue), seed: 11)
      try expectDeterministic(problem, level: level, pool: pool)
    }
  }

  private func expectDeterministic(_ problem: GemmCase, level: Int32, pool: OpaquePointer) throws {
    let first = problem.runPacked(level: level, pool: pool)
    let second = problem.runPacked(level: level, pool: pool)
    #expect(first.elementsEqual(second) { $0.bitPattern == $1.bitPattern })
    // Each element is summed in the same order whatever the split, so one thread agrees too.
    let serial = problem.runPacked(level: level, pool: nil)
    #expect(first.elementsEqual(serial) { $0.bitPattern == $1.bitPattern })
  }

  /// A shape too big for the element-wise oracle in a debug build: check C·x against A·(Wᵀ·x)
  /// in Double. Each (C·x)_i = Σ_j c_ij·x_j, and c_ij carries error ≤ γ(k+1)·Σ_p|a_ip·w_jp|, so
  /// |C·x − A·(Wᵀ·x)|_i ≤ (γ(k+1) + γ(n))·Σ_j Σ_p |a_ip·w_jp·x_j| (plus Double's, negligible).
  @Test("big shape: C·x equals A·(Wᵀ·x)", arguments: GemmTestSupport.levels)
  func bigShape(level: Int32) throws {
    let (m, n, k) = (130, 1100, 600)
    let pool = try #require(ip_pool_create(2))
    defer { ip_pool_destroy(pool) }
    let a = GemmTestSupport.randomFloats(m * k, seed: 21)
    let w = GemmTestSupport.randomFloats(n * k, seed: 22)
    let x = GemmTestSupport.randomFloats(n, seed: 23).map(Double.init)
    var packed = [Float](repeating: 0, count: ip_sgemm_packed_floats(level, Int32(n), Int32(k)))
    ip_sgemm_pack_w(level, Int32(n), Int32(k), w, Int32(k), &packed)
    var c = [Float](repeating: .nan, count: m * n)
    ip_sgemm_packed(level, pool, Int32(m), Int32(n), Int32(k), a, Int32(k), packed, nil, 0, &c, Int32(n))
    // Wᵀ·x and |W|ᵀ·|x| in Double.
    var wx = [Double](repeating: 0, count: k), wxAbs = [Double](repeating: 0, count: k)
    for j in 0..<n {
      for p in 0..<k {
        wx[p] += Double(w[j * k + p]) * x[j]
        wxAbs[p] += Double(abs(w[j * k + p])) * abs(x[j])
      }
    }
    let u = GemmTestSupport.unitRoundoff
    let bound = Double(k + 1) * u / (1 - Double(k + 1) * u) + Double(n) * u / (1 - Double(n) * u)
    var worst = 0.0
    for i in 0..<m {
      var cx = 0.0, axw = 0.0, scale = 0.0
      for j in 0..<n { cx += Double(c[i * n + j]) * x[j] }
      for p in 0..<k {
        axw += Double(a[i * k + p]) * wx[p]
        scale += Double(abs(a[i * k + p])) * wxAbs[p]
      }
      worst = max(worst, abs(cx - axw) / (bound * scale))
    }
    #expect(worst <= 1, "error reached \(worst)× the bound")
  }
}
