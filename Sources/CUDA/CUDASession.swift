import CUDAShim

/// One device session: primary context, one non-blocking stream, timing events, cuBLAS
/// handles, the PTX module. All work goes to that one stream, in order.
final class CUDASession {
  let runtime: CUDARuntime
  let handle: OpaquePointer
  let ordinal: Int

  /// cuBLASLt workspace: 32 MiB, NVIDIA's guidance for Hopper (4 MiB suffices elsewhere; the
  /// larger figure is harmless and counted in peak memory).
  static let workspaceBytes = 32 << 20

  init(runtime: CUDARuntime, ordinal: Int) throws {
    var pointer: OpaquePointer?
    try CUDAError.check {
      ip_cuda_session_create(
        runtime.driver.handle, runtime.blas.handle, Int32(ordinal), Self.workspaceBytes,
        &pointer, $0, $1)
    }
    guard let pointer else { throw CUDAError(.driverError, "the shim returned no session") }
    self.runtime = runtime
    self.handle = pointer
    self.ordinal = ordinal
    try withCStrings(PTXKernels.kernelNames) { names in
      try CUDAError.check {
        ip_cuda_load_module(
          pointer, PTXKernels.source, names, Int32(PTXKernels.kernelNames.count), $0, $1)
      }
    }
  }

  deinit { ip_cuda_session_destroy(handle) }

  func allocate(bytes: Int) throws -> UInt64 {
    var pointer: UInt64 = 0
    try CUDAError.check { ip_cuda_alloc(handle, bytes, &pointer, $0, $1) }
    return pointer
  }

  func free(_ pointer: UInt64) {
    try? CUDAError.check { ip_cuda_free(handle, pointer, $0, $1) }
  }

  func upload(_ bytes: [UInt8], to pointer: UInt64) throws {
    try bytes.withUnsafeBytes { raw in
      try CUDAError.check { ip_cuda_upload(handle, pointer, raw.baseAddress, raw.count, $0, $1) }
    }
  }

  func download(_ pointer: UInt64, bytes: Int) throws -> [UInt8] {
    var result = [UInt8](repeating: 0, count: bytes)
    try result.withUnsafeMutableBytes { raw in
      try CUDAError.check { ip_cuda_download(handle, raw.baseAddress, pointer, bytes, $0, $1) }
    }
    return result
  }

  func launch(kernel: Int, gridX: Int, gridY: Int = 1, block: Int, arguments: [UInt64]) throws {
    try arguments.withUnsafeBufferPointer { list in
      try CUDAError.check {
        ip_cuda_launch(
          handle, Int32(kernel), UInt32(gridX), UInt32(gridY), UInt32(block), list.baseAddress,
          Int32(list.count), $0, $1)
      }
    }
  }

  func recordStart() throws { try CUDAError.check { ip_cuda_record_start(handle, $0, $1) } }

  /// Records the stop event, waits for the stream and returns the device time in seconds.
  func recordStopAndWait() throws -> Double {
    var seconds = 0.0
    try CUDAError.check { ip_cuda_record_stop_and_wait(handle, &seconds, $0, $1) }
    return seconds
  }

  func synchronize() throws { try CUDAError.check { ip_cuda_synchronize(handle, $0, $1) } }
}
