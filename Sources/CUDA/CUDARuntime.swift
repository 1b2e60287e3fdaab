import Foundation

/// The process-wide CUDA driver and cuBLAS, opened once per set of library paths.
///
/// `cuInit` and loading cuBLASLt (hundreds of MB) are slow and a loaded CUDA library is never
/// unloaded, so backends share one runtime rather than each opening its own.
public final class CUDARuntime: @unchecked Sendable {
  public let driver: CUDADriver
  public let blas: CUDABLASLibrary

  init(driver: CUDADriver, blas: CUDABLASLibrary) {
    self.driver = driver
    self.blas = blas
  }

  nonisolated(unsafe) private static var cache: [CUDALibraryPaths: CUDARuntime] = [:]
  private static let lock = NSLock()

  /// The runtime for `paths`, opening the driver and cuBLAS the first time.
  /// - Throws: `CUDAError` from `CUDADriver.open` or `CUDABLASLibrary.open`.
  public static func shared(paths: CUDALibraryPaths) throws -> CUDARuntime {
    lock.lock()
    defer { lock.unlock() }
    if let runtime = cache[paths] { return runtime }
    let driver = try CUDADriver.open(path: paths.libcuda)
    let blas = try CUDABLASLibrary.open(driver: driver, paths: paths)
    let runtime = CUDARuntime(driver: driver, blas: blas)
    cache[paths] = runtime
    return runtime
  }
}
