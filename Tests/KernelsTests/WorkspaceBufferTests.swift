import CKernels
import Testing

@testable import Kernels

/// `CPUWorkspace.allocate`: what the kernels assume of every buffer (64-byte aligned, zeroed),
/// and large buffers starting on a huge-page boundary so that `ip_advise_huge_pages` can back
/// them with whole huge pages.
@Suite("CPUWorkspace buffers: alignment and zeroing")
struct WorkspaceBufferTests {
  /// Element counts below, at and above the huge-page threshold (524,288 floats = 2 MiB).
  @Test("aligned and zeroed", arguments: [0, 1, 1000, 524_287, 524_288, 3_000_001])
  func alignedAndZeroed(count: Int) {
    let buffer = CPUWorkspace.allocate(Float.self, count)
    defer { buffer.deallocate() }
    let bytes = max(count, 1) * MemoryLayout<Float>.stride
    let alignment = bytes >= CPUWorkspace.hugePageThreshold ? Int(IP_HUGE_PAGE_BYTES) : 64
    #expect(Int(bitPattern: buffer) % alignment == 0, "\(count) floats at \(buffer)")
    #expect(UnsafeBufferPointer(start: buffer, count: max(count, 1)).allSatisfy { $0 == 0 })
    buffer[max(count, 1) - 1] = 1  // the whole range is ours to write
  }

  @Test("huge-page advice is harmless on any range")
  func adviceIsHarmless() {
    ip_advise_huge_pages(nil, 1 << 30)
    let small = CPUWorkspace.allocate(Float.self, 16)
    defer { small.deallocate() }
    ip_advise_huge_pages(small, 64)  // below a huge page: nothing asked
    #expect(small[0] == 0)
  }
}
