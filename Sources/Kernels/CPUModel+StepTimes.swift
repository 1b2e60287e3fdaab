import CKernels
import Foundation
import ModelGraph

extension CPUModel {
  /// One line per step of the forward pass, in the order `run` executes them: the kind of
  /// step and its sizes, e.g. `conv 3×3/2 3→32 on 224×224 (GEMM)` or `dense 1280→1000`.
  public var stepLabels: [String] { plan.steps.map(\.label) }

  /// Runs one forward pass like `run`, timing each step on its own: seconds per step, indexed
  /// like `stepLabels`. Reading the clock between steps costs well under a microsecond, so the
  /// sum stays within noise of a plain `run`; a step's threads all finish before it returns.
  /// For finding where a pass spends its time (`infer-plan-bench --steps`), not for latency.
  /// - Throws: as `run`.
  public func timeSteps(_ workspace: CPUWorkspace) throws -> [Double] {
    try checkOwner(workspace)
    guard workspace.isLoaded else {
      throw ForwardPassError.unsupported(detail: "the workspace has no input; call load(_:into:) before timeSteps.")
    }
    lockRun()
    defer { unlockRun() }
    var seconds: [Double] = []
    seconds.reserveCapacity(plan.steps.count)
    var last = DispatchTime.now().uptimeNanoseconds
    for index in plan.steps.indices {
      execute(plan.steps[index], keep: oneRowKeep[index], workspace)
      let now = DispatchTime.now().uptimeNanoseconds
      seconds.append(Double(now - last) / 1e9)
      last = now
    }
    return seconds
  }
}

extension PlanStep {
  /// What the step computes, with its per-sample sizes.
  var label: String {
    switch self {
    case let .dense(_, _, scope, inWidth, outWidth, _, _, _):
      return "dense \(inWidth)→\(outWidth)\(scope == .token ? " per token" : "")"
    case let .activation(kind, _, _, _, width): return "activation \(kind.rawValue) ×\(width)"
    case let .softmax(_, _, _, width): return "softmax ×\(width)"
    case let .layerNorm(_, _, _, width, _, _, _): return "layer norm ×\(width)"
    case let .add(_, _, _, _, width): return "add ×\(width)"
    case let .embedding(_, width, _, _, _, _): return "embedding ×\(width)"
    case let .attention(_, _, _, _, width, heads, causal): return "attention \(heads) heads ×\(width)\(causal ? ", causal" : "")"
    case .meanPool(_, _, let width): return "mean pool ×\(width)"
    case let .convolution(s, _, _, _, packed, _, residual, _, _):
      let window = "\(s.kernel_h)×\(s.kernel_w)/\(s.stride_h)"
      let groups = s.groups == 1 ? "" : s.groups == s.channels ? " depthwise" : " groups \(s.groups)"
      return "conv \(window) \(s.channels)→\(s.out_channels) on \(s.height)×\(s.width)\(groups)"
        + (packed == nil ? " (direct)" : " (GEMM)") + (residual == nil ? "" : " + residual")
    case let .pool(s, kind, _, _):
      let name = kind == Int32(IP_POOL_MAX.rawValue) ? "max" : "average"
      return "\(name) pool \(s.kernel_h)×\(s.kernel_w)/\(s.stride_h) on \(s.channels)×\(s.height)×\(s.width)"
    case let .image(op, _, _, width, _, _):
      let name: String
      switch op {
      case .channelAffine: name = "channel affine"
      case .clip: name = "clip"
      case .convolution: name = "conv (loops)"
      case .pool: name = "pool (loops)"
      default: name = "image op"
      }
      return "\(name) ×\(width)"
    }
  }
}
