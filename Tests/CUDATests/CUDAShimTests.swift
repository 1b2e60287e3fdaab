import CUDA
import CUDAShim
import Foundation
import Testing

@testable import CUDA

/// Every test that touches the fake driver's global state runs inside this serialized suite.
@Suite("CUDA through the fake driver", .serialized)
struct CUDAFakeDriverTests {}

extension CUDAFakeDriverTests {
  @Suite("Loading the driver")
  struct Loading {
    @Test("opens the fake driver and reads device attributes and peaks")
    func opensFakeDriver() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let driver = try CUDADriver.open(path: fake.path)
      #expect(driver.version == 13000)
      #expect(driver.versionString == "13.0")
      #expect(driver.deviceCount == 1)
      let info = try driver.device(0)
      #expect(info.name == "Fake GPU 0")
      #expect(info.multiprocessorCount == 10)
      #expect(info.computeCapability == "8.6")
      #expect(info.instructionSet == "sm_86")
      // 10 SMs × 128 lanes × 2 × 1.5 GHz; 2 × 1 GHz × 256 bit / 8.
      #expect(info.peakFP32FlopsPerSecond == 3.84e12)
      #expect(info.peakBandwidthBytesPerSecond == 64e9)
      #expect(throws: CUDAError(.invalidArgument, "GPU 3 does not exist (the driver sees 1)")) {
        try driver.device(3)
      }
    }

    static let initFailures: [(function: String, result: Int32, kind: CUDAError.Kind, message: String)] = [
      ("cuInit", 34, .stubLibrary, "<path> is the CUDA toolkit's stub library (CUDA_ERROR_STUB_LIBRARY, 34), not a driver: install the NVIDIA driver, or remove the toolkit's lib64/stubs folder from LD_LIBRARY_PATH"),
      ("cuInit", 100, .noDevice, "the CUDA driver sees no GPU (cuInit: CUDA_ERROR_NO_DEVICE, 100; check CUDA_VISIBLE_DEVICES and that the container was started with GPUs)"),
      ("cuInit", 999, .driverError, "cuInit failed: CUDA error (999) (driver and kernel module mismatch?)"),
      ("cuDriverGetVersion", 3, .driverError, "querying the driver failed: CUDA_ERROR_NOT_INITIALIZED (3)"),
    ]

    @Test("maps cuInit and query failures to their own errors", arguments: initFailures)
    func initFailure(function: String, result: Int32, kind: CUDAError.Kind, message: String) throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      fake.fail(function, result: result)
      let expected = message.replacingOccurrences(of: "<path>", with: fake.path)
      #expect(throws: CUDAError(kind, expected)) { try CUDADriver.open(path: fake.path) }
      fake.reset()
    }

    @Test("a driver that sees zero devices is 'no GPU'")
    func zeroDevices() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      fake.setDeviceCount(0)
      #expect(throws: CUDAError(.noDevice, "the CUDA driver sees no GPU (device count 0)")) {
        try CUDADriver.open(path: fake.path)
      }
      fake.reset()
    }

    @Test("discovery lists the fake GPU with driver and cuBLAS versions")
    func discoveryWithFake() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let found = GPUDiscovery.discover(cudaVisibleDevices: nil, libcudaPath: fake.path, libraries: fake.paths)
      #expect(found.unavailableReason == nil)
      #expect(found.gpus == ["Fake GPU 0"])
      #expect(found.driverVersion == "13.0")
      #expect(found.cublasVersion == "13.1.0")
      #expect(found.cublasPath == fake.path)
      #expect(found.devices.map(\.multiprocessorCount) == [10])
    }

    @Test("discovery with a GPU but no cuBLAS says so and lists the GPU")
    func discoveryWithoutCUBLAS() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let missing = CUDALibraryPaths(cublasLt: "/nonexistent/libcublasLt.so.13")
      let found = GPUDiscovery.discover(cudaVisibleDevices: "0", libcudaPath: fake.path, libraries: missing)
      #expect(found.gpus.isEmpty)
      #expect(found.devices.map(\.name) == ["Fake GPU 0"])
      let reason = found.unavailableReason ?? ""
      #expect(reason.hasPrefix("1 GPU found, but cuBLASLt not found (tried /nonexistent/libcublasLt.so.13 ("))
      #expect(reason.hasSuffix("set INFER_PLAN_CUBLASLT and INFER_PLAN_CUBLAS to the libraries' paths"))
    }

    @Test("a CUDA 12 driver never tries cuBLAS 13")
    func cuda12Driver() throws {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      fake.setDriverVersion(12040)
      let driver = try CUDADriver.open(path: fake.path)
      #expect(driver.versionString == "12.4")
      let paths = CUDALibraryPaths(searchDirectories: ["/nonexistent/b"])
      #expect(throws: CUDAError(.unavailable, "cuBLASLt not found (tried libcublasLt.so.12, /nonexistent/b/libcublasLt.so.12)")) {
        try CUDABLASLibrary.open(driver: driver, paths: paths)
      }
      fake.reset()
    }

    @Test("cuBLAS not found lists every place tried")
    func cublasSearch() throws {
      // A driver older than 13.0 must not try the .13 sonames; the fake is 13.0 so both appear.
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      let driver = try CUDADriver.open(path: fake.path)
      let paths = CUDALibraryPaths(searchDirectories: ["/nonexistent/a"])
      #expect(throws: CUDAError(.unavailable, "cuBLASLt not found (tried libcublasLt.so.13, /nonexistent/a/libcublasLt.so.13, libcublasLt.so.12, /nonexistent/a/libcublasLt.so.12)")) {
        try CUDABLASLibrary.open(driver: driver, paths: paths)
      }
    }
  }
}

@Suite("CUDA shim without any driver")
struct CUDAShimTests {
  @Test("a missing driver library is 'unavailable' and names the file")
  func missingLibrary() {
    #expect(throws: CUDAError.self) { try CUDADriver.open(path: "/nonexistent/libcuda.so.1") }
    do {
      _ = try CUDADriver.open(path: "/nonexistent/libcuda.so.1")
    } catch let error as CUDAError {
      #expect(error.kind == .unavailable)
      #expect(error.message.hasPrefix("/nonexistent/libcuda.so.1 not found: no NVIDIA driver installed, or not on the loader path"))
      #expect(error.message.components(separatedBy: "libcuda.so.1").count == 2, "the name once: \(error.message)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test("a library that is not libcuda names its first missing symbol")
  func notLibcuda() throws {
    let libm = ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6"]
      .first { FileManager.default.fileExists(atPath: $0) }
    let path = try #require(libm)
    #expect(throws: CUDAError(.missingSymbol, "\(path) lacks the symbol cuInit: it is not the CUDA library this needs (too old, or another library under that name)")) {
      try CUDADriver.open(path: path)
    }
  }

  static let driverSymbols: [String] = (0..<ip_cuda_driver_symbol_count()).compactMap {
    ip_cuda_driver_symbol_name($0).map { String(cString: $0) }
  }

  @Test("resolution names whichever driver symbol is missing", arguments: driverSymbols)
  func missingSymbol(name: String) {
    var api = ip_cuda_driver_api()
    var message = [CChar](repeating: 0, count: 512)
    let status = name.withCString { missing in
      ip_cuda_resolve_driver(
        { context, symbol in
          // Every symbol resolves (to a dummy address) except the one named in `context`.
          let missing = context!.assumingMemoryBound(to: CChar.self)
          guard let symbol, strcmp(missing, symbol) != 0 else { return nil }
          return UnsafeMutableRawPointer(bitPattern: 0x10)
        }, UnsafeMutableRawPointer(mutating: missing), "libcuda.so.1", &api, &message, message.count)
    }
    let expected = "libcuda.so.1 lacks the symbol \(name): it is not the CUDA library this needs (too old, or another library under that name)"
    if name == "cuEventElapsedTime_v2" {
      // Drivers before CUDA 13 export only cuEventElapsedTime, the fallback name.
      #expect(status == 0)
    } else {
      #expect(status == 2)
      #expect(cudaText(message) == expected)
    }
  }

  @Test("the versioned names are the ones resolved")
  func versionedNames() {
    for name in ["cuMemAlloc_v2", "cuMemFree_v2", "cuDeviceTotalMem_v2", "cuStreamDestroy_v2",
      "cuEventDestroy_v2", "cuDevicePrimaryCtxRelease_v2", "cuMemcpyHtoDAsync_v2", "cuEventElapsedTime_v2"] {
      #expect(Self.driverSymbols.contains(name))
    }
  }

  static let hidingValues: [String] = ["", "-1", " -1 ", "-1,0", ","]

  @Test("CUDA_VISIBLE_DEVICES that hides every GPU loads nothing", arguments: hidingValues)
  func hiddenLoadsNothing(value: String) {
    var opened = false
    let found = GPUDiscovery.discover(
      cudaVisibleDevices: value, libcudaPath: nil,
      openDriver: { _ in
        opened = true
        throw CUDAError(.unavailable, "must not be called")
      })
    #expect(!opened)
    #expect(found.gpus.isEmpty)
    #expect(found.unavailableReason == "CUDA_VISIBLE_DEVICES='\(value)' hides all GPUs (unset it, or list device indices, to measure on a GPU)")
  }

  static let visibleValues: [String?] = [nil, "0", "1,0", "GPU-1234"]

  @Test("other CUDA_VISIBLE_DEVICES values try the driver", arguments: visibleValues)
  func visibleTriesDriver(value: String?) {
    var opened: [String?] = []
    let found = GPUDiscovery.discover(
      cudaVisibleDevices: value, libcudaPath: "/x/libcuda.so.1",
      openDriver: { path in
        opened.append(path)
        throw CUDAError(.unavailable, "/x/libcuda.so.1 not found")
      })
    #expect(opened == ["/x/libcuda.so.1"])
    #expect(found.unavailableReason == "/x/libcuda.so.1 not found")
  }
}
