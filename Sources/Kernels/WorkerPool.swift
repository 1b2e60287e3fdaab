import CKernels

/// The model's persistent thread pool (`ip_pool`), used by GEMM, attention and every other op,
/// so one thread count governs the whole forward pass.
final class WorkerPool: @unchecked Sendable {
  let pool: OpaquePointer
  let threads: Int

  /// - Parameter spinMicroseconds: An idle worker's spin before it sleeps (`PoolSpin`); nil
  ///   for the process default.
  /// - Throws: `ForwardPassError.unsupported` if the pool can't start.
  init(threads: Int, spinMicroseconds: Int? = nil) throws {
    let spin = Int32(clamping: spinMicroseconds.map { max(0, $0) } ?? -1)
    guard threads >= 1, threads <= 1024, let pool = ip_pool_create_spinning(Int32(threads), spin) else {
      throw ForwardPassError.unsupported(detail: "could not start a pool of \(threads) threads; use 1 to 1024 threads.")
    }
    self.pool = pool
    self.threads = threads
  }

  deinit { ip_pool_destroy(pool) }

  /// What the C callback needs: the job and how 0..<total is cut into `parts` ranges.
  private struct Split {
    var job: RangeJob
    var total: Int
    var parts: Int
  }

  /// Runs `job` over 0..<total cut into at most `threads` contiguous ranges of at least `grain`
  /// items (fixed for a given thread count), in parallel; returns when all are done.
  func run(_ job: RangeJob, total: Int, grain: Int) {
    guard total > 0 else { return }
    let parts = max(1, min(threads, total / max(grain, 1)))
    guard parts > 1 else {
      job.run(0..<total)
      return
    }
    var split = Split(job: job, total: total, parts: parts)
    withUnsafeMutablePointer(to: &split) { pointer in
      ip_pool_parallel_for(
        pool, Int32(parts),
        { context, part in
          guard let split = context?.assumingMemoryBound(to: Split.self) else { return }
          let (total, parts, index) = (split.pointee.total, split.pointee.parts, Int(part))
          split.pointee.job.run((total * index / parts)..<(total * (index + 1) / parts))
        }, pointer)
    }
  }
}
