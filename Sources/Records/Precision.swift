/// Numeric precision of a forward pass: how weights and activations are stored and which GEMM
/// path runs. One enum for the measurements table, the planner and the GPU backend (whose
/// device-side details extend it in the CUDA module).
///
/// - `fp32`: fp32 data and GEMMs.
/// - `tf32`: fp32 data, TF32 tensor-core GEMMs (Ampere and newer): stored like fp32, so sized at
///   4 bytes per element.
/// - `fp16`, `bf16`: weights and activations stored in 16 bits, tensor-core GEMMs accumulating
///   in fp32.
public enum Precision: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
  case fp32
  case tf32
  case fp16
  case bf16

  /// Bytes per stored element: 4 for fp32 and tf32, 2 for fp16 and bf16.
  public var bytesPerElement: Int {
    switch self {
    case .fp32, .tf32: 4
    case .fp16, .bf16: 2
    }
  }

  /// Whether weights and activations are stored in 16 bits (fp16, bf16).
  public var isHalfWidth: Bool { bytesPerElement == 2 }

  /// `fp32`, `tf32`, `fp16` or `bf16`.
  public var description: String { rawValue }
}
