import CKernels
import Testing

@Suite("Gemm thread pool")
struct GemmThreadPoolTests {
  @Test("parallel_for calls each index exactly once", arguments: [1, 2, 3, 5] as [Int32], [0, 1, 2, 7, 1000] as [Int32])
  func eachIndexOnce(threads: Int32, count: Int32) throws {
    let pool = try #require(ip_pool_create(threads))
    defer { ip_pool_destroy(pool) }
    #expect(ip_pool_threads(pool) == threads)
    var counts = [Int32](repeating: 0, count: Int(max(count, 1)))
    for _ in 0..<3 {  // reuse: the workers persist between calls
      counts.withUnsafeMutableBufferPointer { buffer in
        ip_pool_parallel_for(pool, count, { context, index in
          let base = context!.assumingMemoryBound(to: Int32.self)
          base[Int(index)] += 1  // each index belongs to exactly one thread's range
        }, buffer.baseAddress)
      }
    }
    #expect(counts.prefix(Int(count)).allSatisfy { $0 == 3 })
  }

  @Test("run gives every thread its index once; a nested call runs inline")
  func runAndNested() throws {
    let pool = try #require(ip_pool_create(2))
    defer { ip_pool_destroy(pool) }
    struct Context {
      var pool: OpaquePointer
      var seen: (Int32, Int32) = (0, 0)
      var nestedThreads: (Int32, Int32) = (0, 0)
      var threads: (Int32, Int32) = (0, 0)
    }
    var context = Context(pool: pool)
    withUnsafeMutablePointer(to: &context) { pointer in
      ip_pool_run(pool, { raw, thread, threads in
        let context = raw!.assumingMemoryBound(to: Context.self)
        // Each thread reads and writes single fields through pointers to them: `context.pointee.x
        // += 1` is a modifying access to the whole struct, which ThreadSanitizer reports as a
        // Swift access race against the other thread's read of `pool`.
        let pool = context.pointer(to: \.pool)!.pointee
        // Nested use of the same pool must not deadlock: it runs on this thread as (0, 1).
        var inner: Int32 = 0
        withUnsafeMutablePointer(to: &inner) { innerPointer in
          ip_pool_run(pool, { innerRaw, t, n in
            innerRaw!.assumingMemoryBound(to: Int32.self).pointee = n * 10 + t + 1
          }, innerPointer)
        }
        let first = thread == 0
        context.pointer(to: first ? \.seen.0 : \.seen.1)!.pointee += 1
        context.pointer(to: first ? \.nestedThreads.0 : \.nestedThreads.1)!.pointee = inner
        context.pointer(to: first ? \.threads.0 : \.threads.1)!.pointee = threads
      }, pointer)
    }
    #expect(context.seen == (1, 1))
    #expect(context.threads == (2, 2))
    #expect(context.nestedThreads == (11, 11))
  }

  @Test("bad thread counts give no pool", arguments: [0, -1] as [Int32])
  func badThreadCount(threads: Int32) {
    #expect(ip_pool_create(threads) == nil)
  }

  @Test("scratch is reused once big enough and grows on demand")
  func scratch() throws {
    let pool = try #require(ip_pool_create(2))
    defer { ip_pool_destroy(pool) }
    let first = ip_pool_scratch(pool, 1, 100)
    #expect(first != nil && Int(bitPattern: first) % 64 == 0)
    #expect(ip_pool_scratch(pool, 1, 50) == first)
    #expect(ip_pool_scratch(pool, 1, 10_000) != nil)
    #expect(ip_pool_scratch(pool, 2, 10) == nil)
    #expect(ip_pool_scratch(nil, 0, 10) == nil)
  }
}
