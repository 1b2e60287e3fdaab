import CKernels
import ModelGraph

/// One step of the fast forward pass. Slots index the workspace's activation buffers;
/// weight numbers index `ExecutionPlan.weights` (plain) or `ExecutionPlan.packedWeights`.
enum PlanStep: Sendable {
  /// `output = act(input · Wᵀ + bias)` through `ip_sgemm_packed`.
  case dense(input: Int, output: Int, scope: RowScope, inWidth: Int, outWidth: Int, packed: Int, bias: Int?, activation: Int32)
  case activation(Activation, input: Int, output: Int, scope: RowScope, width: Int)
  case softmax(input: Int, output: Int, scope: RowScope, width: Int)
  case layerNorm(input: Int, output: Int, scope: RowScope, width: Int, gamma: Int, beta: Int, epsilon: Float)
  case add(first: Int, second: Int, output: Int, scope: RowScope, width: Int)
  case embedding(output: Int, width: Int, word: Int, position: Int?, tokenType: Int?, positionOffset: Int)
  /// `causal`: position i attends only to 0…i (`ip_attention_causal`).
  case attention(query: Int, key: Int, value: Int, output: Int, width: Int, heads: Int, causal: Bool)
  case meanPool(input: Int, output: Int, width: Int)
  /// `output = clamp(conv(input) + bias + residual, low, high)` through `ip_conv2d`: `packed`
  /// indexes `ExecutionPlan.convolutions` (the GEMM path), or else `weight` indexes
  /// `ExecutionPlan.weights` (the direct kernel reads it as it is; only one of the two is kept);
  /// bias indexes `ExecutionPlan.weights` (a batch norm after the convolution already folded into
  /// both); `residual` is the slot of a value added before the clamp (a fused Add), if any.
  case convolution(
    ip_image_shape, input: Int, output: Int, weight: Int?, packed: Int?, bias: Int?, residual: Int?, low: Float, high: Float)
  /// Max or average pooling through `ip_pool2d` (`kind` an `ip_pool_kind`).
  case pool(ip_image_shape, kind: Int32, input: Int, output: Int)
  /// A channel affine or clip (`ImageKernels.run`) on per-sample rows of `width` (the input's
  /// C·H·W); weight and bias index `ExecutionPlan.weights`.
  case image(Op, input: Int, output: Int, width: Int, weight: Int?, bias: Int?)
}
