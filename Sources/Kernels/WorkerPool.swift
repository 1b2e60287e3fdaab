import CKernels

/// The model's persistent thread pool (`ip_pool`), used by GEMM and by every other op, so one
/// thread count governs the whole forward pass.
final class WorkerPool: @unchecked Sendable {
  let pool: OpaquePointer
  let threads: Int

  /// - Throws: `ForwardPassError.unsupported` if the pool can't start.
  init(threads: Int) throws {
    guard threads >= 1, threads <= 1024, let pool = ip_pool_create(Int32(threads)) else {
      throw ForwardPassError.unsupported(detail: "could not start a pool of \(threads) threads; use 1 to 1024 threads.")
    }
    self.pool = pool
    self.threads = threads
  }

  deinit { ip_pool_destroy(pool) }

  /// Calls `body(i)` for i in 0..<count on the pool (contiguous ranges per thread, fixed for a
  /// given thread count) and returns when all calls are done.
  func forEach(_ count: Int, _ body: (Int) -> Void) {
    guard count > 0 else { return }
    if count == 1 || threads == 1 {
      for index in 0..<count { body(index) }
      return
    }
    withoutActuallyEscaping(body) { escapable in
      withUnsafePointer(to: escapable) { pointer in
        ip_pool_parallel_for(
          pool, Int32(count),
          { context, index in
            guard let context else { return }
            context.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(index))
          }, UnsafeMutableRawPointer(mutating: pointer))
      }
    }
  }

  /// Splits 0..<total into at most `threads` contiguous ranges of at least `grain` items and
  /// calls `body(part, range)` for each, in parallel. `part` < `threads` numbers per-part
  /// scratch space.
  func forEachRange(_ total: Int, grain: Int = 1, _ body: (_ part: Int, _ range: Range<Int>) -> Void) {
    guard total > 0 else { return }
    let parts = max(1, min(threads, total / max(grain, 1)))
    forEach(parts) { part in
      body(part, (total * part / parts)..<(total * (part + 1) / parts))
    }
  }
}
