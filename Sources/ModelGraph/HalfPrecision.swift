/// IEEE 754 binary16 → binary32 conversion, done by hand because `Float16` is not available
/// on every platform Swift targets (e.g. x86-64 macOS).
enum HalfPrecision {
  /// The fp32 value of the half-precision bit pattern `bits` (exact: every half is a float).
  static func float(fromHalf bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x03FF)
    switch exponent {
    case 0:
      // Zero or subnormal: mantissa · 2^-24.
      let magnitude = Float(mantissa) * 0x1p-24
      return sign == 0 ? magnitude : -magnitude
    case 0x1F:
      return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))  // inf or NaN
    default:
      return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }
  }
}
