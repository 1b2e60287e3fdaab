import CKernels
import ModelGraph

/// The compiled form of a graph: steps in order, activation buffers ("slots") shared between
/// values whose lifetimes don't overlap, and the weights the steps use.
///
/// Built once per `CPUModel`. Two rewrites happen here:
/// - **Fusion**: a dense whose output is read only by one activation node (and is not the
///   graph output) runs that activation in the GEMM epilogue; the activation node disappears.
///   A convolution likewise absorbs a channel affine (an inference batch norm: folded into its
///   weight and bias here, so each pass skips it) and then a ReLU or clip (its store's clamp).
/// - **Buffer reuse**: a slot is freed after its value's last reader; element-wise and row-wise
///   ops (activation, add, softmax, layer norm) write in place over an input that dies there.
///   Graph inputs keep their own slot, so `run` can be repeated after one `load`.
struct ExecutionPlan: Sendable {
  var steps: [PlanStep] = []
  /// The value shapes each slot holds at some point; its size is the largest of them.
  var slotShapes: [[BufferShape]] = []
  /// Slot of the `features` input (MLP), nil for encoders.
  var featuresSlot: Int?
  /// Slot and shape of the graph output.
  var outputSlot = 0
  var outputShape = BufferShape(scope: .sample, width: 0)
  /// Slot and shape of each value kept beside the output (`keeping`): never reused, never fused
  /// away, readable after a pass like the output.
  var keptSlots: [String: (slot: Int, shape: BufferShape)] = [:]
  /// Names of weights used as they are (biases, layer norm, embeddings).
  var weights: [String] = []
  /// Dense weights to pack once: name and (n, k) = (out, in).
  var packedWeights: [(name: String, n: Int, k: Int)] = []
  /// Convolution weights to pack once for `ip_conv2d`: weight name (in `weights`) and shape.
  var convolutions: [(weight: String, shape: ip_image_shape)] = []
  /// Weights made by the plan (a batch norm folded into a convolution), by name; `weights` and
  /// `convolutions` name them like the graph's own.
  var derivedWeights: [String: Tensor] = [:]
  /// A shape the C image kernels refuse (`ip_image_shape_check`): node name and why.
  var unsupportedImage: (node: String, reason: String)?

  init(graph: Graph, analysis: GraphAnalysis, keeping kept: Set<String> = []) {
    var builder = ExecutionPlanBuilder(graph: graph, analysis: analysis, keeping: kept)
    builder.build()
    self = builder.plan
  }

  /// An empty plan, filled in by `ExecutionPlanBuilder`.
  init() {}

  static func epilogue(_ activation: Activation) -> Int32 {
    let value: ip_activation =
      switch activation {
      case .relu: IP_ACT_RELU
      case .gelu: IP_ACT_GELU_ERF
      case .geluTanh: IP_ACT_GELU_TANH
      case .tanh: IP_ACT_TANH
      case .sigmoid: IP_ACT_SIGMOID
      }
    return Int32(value.rawValue)
  }
}
