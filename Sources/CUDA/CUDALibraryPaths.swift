import Foundation

/// Where to look for the CUDA driver and cuBLAS: explicit paths from the environment
/// (`INFER_PLAN_LIBCUDA`, `INFER_PLAN_CUBLASLT`, `INFER_PLAN_CUBLAS`, read in `main` and passed
/// down) and the folders tried after the bare sonames fail.
public struct CUDALibraryPaths: Sendable, Equatable, Hashable {
  /// The driver library (nil: `libcuda.so.1` through the loader path; never the bare
  /// `libcuda.so`, which is usually the toolkit's stub).
  public var libcuda: String?
  /// cuBLASLt (nil: `libcublasLt.so.13`/`.12` bare, then in `searchDirectories`).
  public var cublasLt: String?
  /// cuBLAS (nil: `libcublas.so.13`/`.12`, first beside cuBLASLt, then the same search).
  public var cublas: String?
  /// Folders tried for cuBLAS(Lt) after the bare sonames, in order.
  public var searchDirectories: [String]

  public init(
    libcuda: String? = nil, cublasLt: String? = nil, cublas: String? = nil,
    searchDirectories: [String] = []
  ) {
    self.libcuda = libcuda
    self.cublasLt = cublasLt
    self.cublas = cublas
    self.searchDirectories = searchDirectories
  }

  /// The paths `environment` asks for, plus the usual install folders: `$CUDA_HOME/lib64`,
  /// `/usr/local/cuda/lib64`, `/usr/local/cuda/targets/x86_64-linux/lib`, and the pip wheels'
  /// `nvidia/cu13/lib` (CUDA 13 `nvidia-cublas`) and `nvidia/cublas/lib` (`nvidia-cublas-cu12`)
  /// under every `site-packages`/`dist-packages` of `$VIRTUAL_ENV`, `$CONDA_PREFIX`, `~/.local`,
  /// `/usr/local/lib` and `/usr/lib` (PyTorch installs them there).
  public static func standard(environment: [String: String]) -> CUDALibraryPaths {
    func value(_ name: String) -> String? {
      guard let text = environment[name], !text.isEmpty else { return nil }
      return text
    }
    var directories: [String] = []
    if let home = value("CUDA_HOME") ?? value("CUDA_PATH") { directories.append(home + "/lib64") }
    directories += ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"]
    var prefixes: [String] = []
    if let environmentPrefix = value("VIRTUAL_ENV") { prefixes.append(environmentPrefix + "/lib") }
    if let conda = value("CONDA_PREFIX") { prefixes.append(conda + "/lib") }
    if let home = value("HOME") { prefixes.append(home + "/.local/lib") }
    prefixes += ["/usr/local/lib", "/usr/lib", "/opt/conda/lib"]
    let files = FileManager.default
    for prefix in prefixes {
      let pythons = ((try? files.contentsOfDirectory(atPath: prefix)) ?? [])
        .filter { $0.hasPrefix("python3") }.sorted()
      for python in pythons {
        for packages in ["site-packages", "dist-packages"] {
          for wheel in ["nvidia/cu13/lib", "nvidia/cublas/lib"] {
            let folder = "\(prefix)/\(python)/\(packages)/\(wheel)"
            if files.fileExists(atPath: folder) { directories.append(folder) }
          }
        }
      }
    }
    return CUDALibraryPaths(
      libcuda: value("INFER_PLAN_LIBCUDA"), cublasLt: value("INFER_PLAN_CUBLASLT"),
      cublas: value("INFER_PLAN_CUBLAS"), searchDirectories: directories)
  }
}
