import Records

/// The GPU backend's name for `Precision` (one enum: the table, the planner and the GPU agree).
public typealias CUDAPrecision = Precision

/// How each precision runs on the GPU.
///
/// - `fp32`: fp32 data, full-precision FP32 GEMMs (`CUBLAS_COMPUTE_32F`).
/// - `tf32`: fp32 data, TF32 tensor-core GEMMs (`CUBLAS_COMPUTE_32F_FAST_TF32`; Ampere and newer,
///   ignored on older GPUs), as PyTorch allows with `allow_tf32`.
/// - `fp16`, `bf16`: weights and activations stored in 16 bits (converted on the host once),
///   GEMMs on tensor cores accumulating in fp32; the PTX kernels compute in fp32. This is how
///   GPUs usually serve encoders.
extension Precision {
  /// How elements are stored on the device.
  public var elementType: PTXKernels.ElementType {
    switch self {
    case .fp32, .tf32: .f32
    case .fp16: .f16
    case .bf16: .bf16
    }
  }

  /// `cudaDataType` of the stored elements (CUDA_R_32F 0, CUDA_R_16F 2, CUDA_R_16BF 14).
  var dataType: Int32 {
    switch self {
    case .fp32, .tf32: 0
    case .fp16: 2
    case .bf16: 14
    }
  }

  /// `cublasComputeType_t`: 32F (68) everywhere except TF32 (77).
  var computeType: Int32 { self == .tf32 ? 77 : 68 }

  /// Converts fp32 values to the stored representation (raw bytes, little-endian).
  func encode(_ values: [Float]) -> [UInt8] {
    switch elementType {
    case .f32:
      return values.withUnsafeBytes { Array($0) }
    case .f16:
      let bits = values.map { Float16($0).bitPattern }
      return bits.withUnsafeBytes { Array($0) }
    case .bf16:
      let bits = values.map(Self.bfloat16Bits)
      return bits.withUnsafeBytes { Array($0) }
    }
  }

  /// Converts stored bytes back to fp32 values.
  func decode(_ bytes: [UInt8]) -> [Float] {
    switch elementType {
    case .f32:
      return bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    case .f16:
      return bytes.withUnsafeBytes { raw in
        raw.bindMemory(to: UInt16.self).map { Float(Float16(bitPattern: $0)) }
      }
    case .bf16:
      return bytes.withUnsafeBytes { raw in
        raw.bindMemory(to: UInt16.self).map { Float(bitPattern: UInt32($0) << 16) }
      }
    }
  }

  /// bf16 bits of `value`, rounded to nearest even (NaN stays NaN).
  static func bfloat16Bits(_ value: Float) -> UInt16 {
    if value.isNaN { return 0x7FC0 }
    let bits = value.bitPattern
    let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
    return UInt16(truncatingIfNeeded: rounded >> 16)
  }
}
