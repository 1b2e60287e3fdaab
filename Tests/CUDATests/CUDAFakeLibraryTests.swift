import CUDA
import Foundation
import Testing

@testable import CUDA

/// The FakeCUDA library (libFakeCUDA.so, built by SwiftPM next to the test bundle) and its
/// knobs, reached through dlsym so that it is never linked into the test binary.
struct CUDAFakeLibrary: @unchecked Sendable {
  let path: String
  private let handle: UnsafeMutableRawPointer

  /// Finds and loads the fake; nil (with the places tried) when it was not built.
  static let shared: Result<CUDAFakeLibrary, CUDAError> = {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var candidates: [String] = []
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent("libFakeCUDA.so").path)
      folder = folder.deletingLastPathComponent()
    }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates += ["debug", "release"].map { source.appendingPathComponent(".build/\($0)/libFakeCUDA.so").path }
    for path in candidates where FileManager.default.fileExists(atPath: path) {
      if let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) {
        return .success(CUDAFakeLibrary(path: path, handle: handle))
      }
    }
    return .failure(CUDAError(.unavailable, "libFakeCUDA.so not found (tried \(candidates))"))
  }()

  static func load() throws -> CUDAFakeLibrary { try shared.get() }

  /// Library paths that point the driver and both cuBLAS libraries at the fake.
  var paths: CUDALibraryPaths { CUDALibraryPaths(libcuda: path, cublasLt: path, cublas: path) }

  private func symbol<T>(_ name: String, as type: T.Type) -> T {
    guard let pointer = dlsym(handle, name) else {
      fatalError("invariant: libFakeCUDA.so exports \(name)")
    }
    return unsafeBitCast(pointer, to: type)
  }

  func reset() { symbol("fake_cuda_reset", as: (@convention(c) () -> Void).self)() }

  func fail(_ function: String, result: Int32, afterCalls: Int32 = 0) {
    symbol("fake_cuda_fail", as: (@convention(c) (UnsafePointer<CChar>, Int32, Int32) -> Void).self)(
      function, result, afterCalls)
  }

  func setDeviceCount(_ count: Int32) {
    symbol("fake_cuda_set_device_count", as: (@convention(c) (Int32) -> Void).self)(count)
  }

  func setDriverVersion(_ version: Int32) {
    symbol("fake_cuda_set_driver_version", as: (@convention(c) (Int32) -> Void).self)(version)
  }

  func setMemoryBytes(_ bytes: Int) {
    symbol("fake_cuda_set_memory_bytes", as: (@convention(c) (Int) -> Void).self)(bytes)
  }

  func setLtAlgorithms(_ count: Int32) {
    symbol("fake_cuda_set_lt_algorithms", as: (@convention(c) (Int32) -> Void).self)(count)
  }

  var allocatedBytes: Int { symbol("fake_cuda_allocated_bytes", as: (@convention(c) () -> Int).self)() }

  /// The calls made since the last reset, in order.
  var calls: [String] {
    let log = symbol("fake_cuda_call_log", as: (@convention(c) (UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
    var buffer = [CChar](repeating: 0, count: 1 << 20)
    _ = log(&buffer, buffer.count)
    return cudaText(buffer).split(separator: "\n").map(String.init)
  }

  /// Whether the fake exports `name`.
  func exports(_ name: String) -> Bool { dlsym(handle, name) != nil }
}

extension CUDAError {
  /// (kind, message) for table comparisons.
  var pair: String { "\(kind): \(message)" }
}

/// The text of a NUL-terminated C buffer.
func cudaText(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
