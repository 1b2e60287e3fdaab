// The PTX text of each kernel. Register legend: %r u32 scalars, %rd u64 addresses, %f f32
// values, %p predicates, %ht/%cv scratch for 16-bit conversions. Indices stay u32 (every tensor
// here has < 2³² elements: the backend checks) and become byte offsets with mul.wide.
extension PTXKernels {
  /// `0fXXXXXXXX`: the exact PTX spelling of an f32 constant.
  static func constant(_ value: Float) -> String {
    let hex = String(value.bitPattern, radix: 16, uppercase: true)
    return "0f" + String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// Loads the element at address register `address` into f32 register `destination`.
  static func load(_ type: ElementType, _ destination: String, _ address: String) -> String {
    switch type {
    case .f32:
      "    ld.global.f32 \(destination), [\(address)];\n"
    case .f16:
      "    ld.global.b16 %ht, [\(address)];\n    cvt.f32.f16 \(destination), %ht;\n"
    case .bf16:
      "    ld.global.b16 %ht, [\(address)];\n    cvt.u32.u16 %cv1, %ht;\n"
        + "    shl.b32 %cv1, %cv1, 16;\n    mov.b32 \(destination), %cv1;\n"
    }
  }

  /// Stores f32 register `value` to address register `address`, rounding to nearest even.
  static func store(_ type: ElementType, _ address: String, _ value: String) -> String {
    switch type {
    case .f32:
      "    st.global.f32 [\(address)], \(value);\n"
    case .f16:
      "    cvt.rn.f16.f32 %ht, \(value);\n    st.global.b16 [\(address)], %ht;\n"
    case .bf16:
      // bits + 0x7FFF + ((bits >> 16) & 1), then the high half (round to nearest even).
      "    mov.b32 %cv1, \(value);\n    shr.u32 %cv2, %cv1, 16;\n    and.b32 %cv2, %cv2, 1;\n"
        + "    add.u32 %cv2, %cv2, 32767;\n    add.u32 %cv1, %cv1, %cv2;\n"
        + "    shr.u32 %cv1, %cv1, 16;\n    cvt.u16.u32 %ht, %cv1;\n"
        + "    st.global.b16 [\(address)], %ht;\n"
    }
  }

  /// `address = base + index × element bytes`.
  static func address(_ type: ElementType, _ result: String, _ base: String, _ index: String)
    -> String
  {
    "    mul.wide.u32 %rd60, \(index), \(type.bytes);\n    add.s64 \(result), \(base), %rd60;\n"
  }

  /// The end of every kernel: the `DONE` label the bounds guard jumps to, and the return.
  static let footer = "DONE:\n    ret;\n}\n\n"

  /// Stores `value` (an f32 register) as element `index` of `base`, computing the address into
  /// `via`, then ends the kernel.
  static func storeAndReturn(_ type: ElementType, _ value: String, base: String, index: String, via: String)
    -> String
  {
    address(type, via, base, index) + store(type, via, value) + footer
  }

  /// Entry line, parameter list and register declarations.
  static func header(_ name: String, _ type: ElementType, _ parameters: [(String, String)])
    -> String
  {
    let list = parameters.map { ".param .\($0.1) \($0.0)" }.joined(separator: ", ")
    return """
      .visible .entry \(name)_\(type.rawValue)(\(list))
      {
          .reg .pred %p<16>;
          .reg .b16 %ht;
          .reg .b32 %cv<4>;
          .reg .b32 %r<48>;
          .reg .f32 %f<48>;
          .reg .b64 %rd<64>;

      """
  }

  /// %r4 = global thread index (blockIdx.x · blockDim.x + threadIdx.x).
  static let threadIndex = """
        mov.u32 %r1, %ctaid.x;
        mov.u32 %r2, %ntid.x;
        mov.u32 %r3, %tid.x;
        mad.lo.s32 %r4, %r1, %r2, %r3;

    """

  /// `threadIndex`, then exits threads at or past `p_total` (loaded into %r5).
  static let elementGuard =
    threadIndex + "    ld.param.u32 %r5, [p_total];\n    setp.ge.u32 %p1, %r4, %r5;\n    @%p1 bra DONE;\n"

  /// Loads a pointer parameter into `register` as a global address (0 stays 0).
  static func pointer(_ parameter: String, _ register: String) -> String {
    "    ld.param.u64 \(register), [\(parameter)];\n    cvta.to.global.u64 \(register), \(register);\n"
  }

  /// f32 `e^source` into `result` (clobbers `result` only).
  static func exponential(_ result: String, _ source: String) -> String {
    "    mul.f32 \(result), \(source), \(constant(1.442_695_04));\n    ex2.approx.f32 \(result), \(result);\n"
  }

  /// Applies activation code %r7 to %f1 in place (uses %f10–%f19).
  static let activation: String = {
    var text = """
          setp.eq.u32 %p3, %r7, 1;
          @%p3 bra RELU;
          setp.eq.u32 %p3, %r7, 2;
          @%p3 bra GELU;
          setp.eq.u32 %p3, %r7, 3;
          @%p3 bra GELU_TANH;
          setp.eq.u32 %p3, %r7, 4;
          @%p3 bra TANH;
          setp.eq.u32 %p3, %r7, 5;
          @%p3 bra SIGMOID;
          bra ACTIVATED;
      RELU:
          max.f32 %f1, %f1, 0f00000000;
          bra ACTIVATED;
      GELU:
          mul.f32 %f10, %f1, \(constant(0.707_106_78));
          abs.f32 %f11, %f10;
          fma.rn.f32 %f12, %f11, \(constant(0.327_591_1)), 0f3F800000;
          div.rn.f32 %f12, 0f3F800000, %f12;
          mov.f32 %f13, \(constant(1.061_405_429));
          fma.rn.f32 %f13, %f13, %f12, \(constant(-1.453_152_027));
          fma.rn.f32 %f13, %f13, %f12, \(constant(1.421_413_741));
          fma.rn.f32 %f13, %f13, %f12, \(constant(-0.284_496_736));
          fma.rn.f32 %f13, %f13, %f12, \(constant(0.254_829_592));
          mul.f32 %f13, %f13, %f12;
          mul.f32 %f14, %f11, %f11;
          neg.f32 %f14, %f14;

      """
    text += exponential("%f15", "%f14")
    text += """
          mul.f32 %f13, %f13, %f15;
          sub.f32 %f13, 0f3F800000, %f13;
          copysign.f32 %f13, %f10, %f13;
          add.f32 %f13, %f13, 0f3F800000;
          mul.f32 %f13, %f13, %f1;
          mul.f32 %f1, %f13, 0f3F000000;
          bra ACTIVATED;
      GELU_TANH:
          mul.f32 %f10, %f1, %f1;
          mul.f32 %f10, %f10, %f1;
          fma.rn.f32 %f10, %f10, \(constant(0.044_715)), %f1;
          mul.f32 %f10, %f10, \(constant(0.797_884_56));

      """
    text += tanh("%f11", "%f10")
    text += """
          add.f32 %f11, %f11, 0f3F800000;
          mul.f32 %f11, %f11, %f1;
          mul.f32 %f1, %f11, 0f3F000000;
          bra ACTIVATED;
      TANH:
          mov.f32 %f10, %f1;

      """
    text += tanh("%f1", "%f10")
    text += """
          bra ACTIVATED;
      SIGMOID:
          neg.f32 %f10, %f1;

      """
    text += exponential("%f11", "%f10")
    text += """
          add.f32 %f11, %f11, 0f3F800000;
          div.rn.f32 %f1, 0f3F800000, %f11;
      ACTIVATED:

      """
    return text
  }()

  /// `result = tanh(source) = 1 − 2 / (e^{2·source} + 1)` (saturates correctly at ±∞; uses %f18, %f19).
  static func tanh(_ result: String, _ source: String) -> String {
    "    add.f32 %f18, \(source), \(source);\n" + exponential("%f19", "%f18")
      + "    add.f32 %f19, %f19, 0f3F800000;\n    div.rn.f32 %f19, 0f40000000, %f19;\n"
      + "    sub.f32 \(result), 0f3F800000, %f19;\n"
  }

  /// Butterfly sum (or max) of f32 register `value` over the 32 lanes of the warp.
  static func warpReduce(_ value: String, maximum: Bool = false) -> String {
    [16, 8, 4, 2, 1].map { offset in
      "    shfl.sync.bfly.b32 %f40, \(value), \(offset), 31, -1;\n"
        + "    \(maximum ? "max" : "add").f32 \(value), \(value), %f40;\n"
    }.joined()
  }
}
