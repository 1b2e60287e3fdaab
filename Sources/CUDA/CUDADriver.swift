import CUDAShim

/// The CUDA driver, loaded and initialised (`cuInit` done, at least one device seen).
///
/// Loading a driver never unloads it again (CUDA libraries must not be dlclosed), so keep one
/// per process: `CUDARuntime` caches it.
public final class CUDADriver: @unchecked Sendable {
  let handle: OpaquePointer
  /// The path or soname it was loaded from.
  public let path: String
  /// CUDA version of the driver, e.g. 13000 for 13.0.
  public let version: Int
  /// Devices visible to this process.
  public let deviceCount: Int

  init(handle: OpaquePointer) {
    self.handle = handle
    self.path = String(cString: ip_cuda_driver_path(handle))
    self.version = Int(ip_cuda_driver_version(handle))
    self.deviceCount = Int(ip_cuda_device_count(handle))
  }

  deinit { ip_cuda_driver_close(handle) }

  /// Loads `path` (nil: `libcuda.so.1`), resolves every symbol and initialises the driver.
  /// - Throws: `CUDAError` with kind `.unavailable` (no library), `.missingSymbol`,
  ///   `.stubLibrary` (cuInit → 34), `.noDevice` (cuInit → 100 or no devices) or `.driverError`.
  public static func open(path: String?) throws -> CUDADriver {
    var pointer: OpaquePointer?
    try CUDAError.check { ip_cuda_driver_open(path, &pointer, $0, $1) }
    guard let pointer else { throw CUDAError(.driverError, "the shim returned no driver") }
    return CUDADriver(handle: pointer)
  }

  /// "13.0" for 13000.
  public var versionString: String { "\(version / 1000).\(version % 1000 / 10)" }

  /// Name, memory and attributes of device `ordinal`.
  public func device(_ ordinal: Int) throws -> CUDADeviceInfo {
    var info = ip_cuda_device_info()
    try CUDAError.check { ip_cuda_device_query(handle, Int32(ordinal), &info, $0, $1) }
    let name = withUnsafeBytes(of: info.name) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    return CUDADeviceInfo(
      ordinal: ordinal, name: name, memoryBytes: Int(info.total_memory_bytes),
      multiprocessorCount: Int(info.multiprocessor_count),
      clockRateKilohertz: Int(info.clock_rate_khz),
      memoryClockRateKilohertz: Int(info.memory_clock_rate_khz),
      memoryBusWidthBits: Int(info.memory_bus_width_bits),
      l2CacheBytes: Int(info.l2_cache_bytes),
      computeCapabilityMajor: Int(info.compute_capability_major),
      computeCapabilityMinor: Int(info.compute_capability_minor))
  }
}
