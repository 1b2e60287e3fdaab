import Foundation

/// What GPU discovery found: the usable GPUs, or exactly why there are none.
public struct GPUDiscovery: Sendable, Equatable {
  /// Names of usable GPUs (empty when none).
  public var gpus: [String]
  /// Why no GPU is usable, e.g. "CUDA_VISIBLE_DEVICES='' hides all GPUs"; nil if some are.
  public var unavailableReason: String?
  /// Every GPU the driver reported, with attributes and peaks (also when cuBLAS is missing,
  /// so `devices` can say "GPU found, cuBLAS not found").
  public var devices: [CUDADeviceInfo] = []
  /// Driver CUDA version ("13.0") and where it was loaded from; nil when no driver loaded.
  public var driverVersion: String?
  public var driverPath: String?
  /// cuBLAS version ("13.1.0") and where cuBLASLt was loaded from; nil when not found.
  public var cublasVersion: String?
  public var cublasPath: String?

  public init(
    gpus: [String], unavailableReason: String?, devices: [CUDADeviceInfo] = [],
    driverVersion: String? = nil, driverPath: String? = nil, cublasVersion: String? = nil,
    cublasPath: String? = nil
  ) {
    self.gpus = gpus
    self.unavailableReason = unavailableReason
    self.devices = devices
    self.driverVersion = driverVersion
    self.driverPath = driverPath
    self.cublasVersion = cublasVersion
    self.cublasPath = cublasPath
  }

  /// Whether `CUDA_VISIBLE_DEVICES` hides every GPU: empty, or starting with an invalid index
  /// such as -1 (CUDA stops enumerating at the first invalid entry).
  public static func hidesAllDevices(_ cudaVisibleDevices: String?) -> Bool {
    guard let value = cudaVisibleDevices?.trimmingCharacters(in: .whitespaces) else {
      return false
    }
    let first = value.split(separator: ",", omittingEmptySubsequences: false).first
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    return first.isEmpty || (Int(first).map { $0 < 0 } ?? false)
  }

  /// Looks for GPUs.
  ///
  /// - Parameters:
  ///   - cudaVisibleDevices: `CUDA_VISIBLE_DEVICES` (nil if unset). When it hides every GPU
  ///     ("" or "-1"), nothing CUDA-related is loaded at all: `openDriver` is never called.
  ///   - libcudaPath: the driver library (`INFER_PLAN_LIBCUDA`); nil means `libcuda.so.1`.
  ///   - libraries: cuBLAS(Lt) paths and search folders; pass
  ///     `CUDALibraryPaths.standard(environment:)` with the process environment so that
  ///     `INFER_PLAN_CUBLASLT`/`INFER_PLAN_CUBLAS`/`CUDA_HOME` count. The default searches the
  ///     usual folders and pip wheels without environment overrides. Its `libcuda` is replaced
  ///     by `libcudaPath`.
  ///   - openDriver: loads the driver (injected by tests; default `CUDADriver.open`).
  ///   - openBLAS: loads cuBLAS (injected by tests; default `CUDABLASLibrary.open`).
  public static func discover(
    cudaVisibleDevices: String?, libcudaPath: String?,
    libraries: CUDALibraryPaths = .standard(environment: [:]),
    openDriver: (String?) throws -> CUDADriver = CUDADriver.open(path:),
    openBLAS: (CUDADriver, CUDALibraryPaths) throws -> CUDABLASLibrary = CUDABLASLibrary.open
  ) -> GPUDiscovery {
    if hidesAllDevices(cudaVisibleDevices) {
      return GPUDiscovery(
        gpus: [],
        unavailableReason: "CUDA_VISIBLE_DEVICES='\(cudaVisibleDevices ?? "")' hides all GPUs "
          + "(unset it, or list device indices, to measure on a GPU)")
    }
    let driver: CUDADriver
    do {
      driver = try openDriver(libcudaPath)
    } catch {
      return GPUDiscovery(gpus: [], unavailableReason: Self.reason(error))
    }
    var result = GPUDiscovery(
      gpus: [], unavailableReason: nil, driverVersion: driver.versionString,
      driverPath: driver.path)
    do {
      for ordinal in 0..<driver.deviceCount {
        result.devices.append(try driver.device(ordinal))
      }
    } catch {
      result.unavailableReason = Self.reason(error)
      return result
    }
    var paths = libraries
    paths.libcuda = libcudaPath
    do {
      let blas = try openBLAS(driver, paths)
      result.cublasVersion = blas.versionString
      result.cublasPath = blas.ltPath
      result.gpus = result.devices.map(\.name)
    } catch {
      let count = result.devices.count
      result.unavailableReason =
        "\(count) GPU\(count == 1 ? "" : "s") found, but \(Self.reason(error)); install the "
        + "nvidia-cublas wheel (pip install nvidia-cublas) or the CUDA toolkit, or set "
        + "INFER_PLAN_CUBLASLT and INFER_PLAN_CUBLAS to the libraries' paths"
    }
    return result
  }

  private static func reason(_ error: any Error) -> String {
    (error as? CUDAError)?.message ?? "\(error)"
  }
}
