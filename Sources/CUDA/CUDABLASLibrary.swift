import CUDAShim
import Foundation

/// cuBLASLt and cuBLAS, loaded (never unloaded) and every symbol resolved.
public final class CUDABLASLibrary: @unchecked Sendable {
  let handle: OpaquePointer
  /// cuBLASLt's version number, e.g. 130100 for 13.1.0 (0 if unknown).
  public let version: Int
  /// Where cuBLASLt and cuBLAS were found.
  public let ltPath: String
  public let path: String

  init(handle: OpaquePointer) {
    self.handle = handle
    self.version = Int(ip_cuda_blas_version(handle))
    self.ltPath = String(cString: ip_cuda_blas_lt_path(handle))
    self.path = String(cString: ip_cuda_blas_path(handle))
  }

  /// Loads cuBLASLt then cuBLAS for `driver` (cuBLAS 13 only on a 13.x driver).
  /// - Throws: `CUDAError` `.unavailable` listing every place tried, or `.missingSymbol`.
  public static func open(driver: CUDADriver, paths: CUDALibraryPaths) throws -> CUDABLASLibrary {
    var pointer: OpaquePointer?
    let directories = paths.searchDirectories
    try withCStrings(directories) { list in
      try CUDAError.check {
        ip_cuda_blas_open(
          driver.handle, paths.cublasLt, paths.cublas, list, Int32(directories.count), &pointer,
          $0, $1)
      }
    }
    guard let pointer else { throw CUDAError(.blasError, "the shim returned no cuBLAS") }
    return CUDABLASLibrary(handle: pointer)
  }

  /// "13.1.0" for 130100 (cuBLAS encodes major·10000 + minor·100 + patch).
  public var versionString: String {
    version == 0 ? "unknown" : "\(version / 10000).\(version % 10000 / 100).\(version % 100)"
  }
}

/// Calls `body` with a C array of C strings (valid only inside `body`).
func withCStrings<Result>(
  _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> Result
) rethrows -> Result {
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
  return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
}
