import Foundation
import CUDAShim

/// What GPU discovery found: the usable GPUs, or the reason there are none.
public struct GPUDiscovery: Sendable, Equatable {
  /// Names of usable GPUs (empty when none).
  public var gpus: [String]
  /// Why no GPU is usable, e.g. "CUDA_VISIBLE_DEVICES is empty: all GPUs hidden"; nil if some are.
  public var unavailableReason: String?

  /// Looks for GPUs. `cudaVisibleDevices` is the value of `CUDA_VISIBLE_DEVICES` (nil if unset):
  /// "" or "-1" hide every GPU, and then no CUDA library is loaded at all.
  /// `libcudaPath` overrides the driver library (`INFER_PLAN_LIBCUDA`).
  /// (First version: loads the driver only; the GPU work extends this to list devices.)
  public static func discover(cudaVisibleDevices: String?, libcudaPath: String?) -> GPUDiscovery {
    if let visible = cudaVisibleDevices?.trimmingCharacters(in: .whitespaces),
      visible.isEmpty || visible == "-1"
    {
      return GPUDiscovery(gpus: [], unavailableReason: "CUDA_VISIBLE_DEVICES='\(visible)' hides all GPUs")
    }
    var message = [CChar](repeating: 0, count: 512)
    let status = ip_cuda_probe(libcudaPath, &message, message.count)
    if status != 0 {
      return GPUDiscovery(gpus: [], unavailableReason: String(cString: message))
    }
    return GPUDiscovery(gpus: [], unavailableReason: "CUDA driver found, but device listing is not built yet")
  }
}
