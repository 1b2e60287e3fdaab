// The seven kernels (see PTXKernels for their contracts). Row kernels run one 32-thread block
// per row: lane c handles columns c, c+32, …, and warp butterflies combine the partial results.
extension PTXKernels {
  static func biasActivation(_ type: ElementType) -> String {
    header(
      "bias_act", type,
      [("p_x", "u64"), ("p_bias", "u64"), ("p_y", "u64"), ("p_total", "u32"),
       ("p_columns", "u32"), ("p_activation", "u32")])
      + threadIndex
      + """
          ld.param.u32 %r5, [p_total];
          ld.param.u32 %r6, [p_columns];
          ld.param.u32 %r7, [p_activation];
          setp.ge.u32 %p1, %r4, %r5;
          @%p1 bra DONE;
          ld.param.u64 %rd2, [p_bias];
          setp.eq.u64 %p2, %rd2, 0;
          cvta.to.global.u64 %rd2, %rd2;

      """
      + pointer("p_x", "%rd1") + pointer("p_y", "%rd3")
      + address(type, "%rd5", "%rd1", "%r4") + load(type, "%f1", "%rd5")
      + "    @%p2 bra NO_BIAS;\n    rem.u32 %r8, %r4, %r6;\n"
      + address(type, "%rd6", "%rd2", "%r8") + load(type, "%f2", "%rd6")
      + "    add.f32 %f1, %f1, %f2;\nNO_BIAS:\n"
      + activation
      + storeAndReturn(type, "%f1", base: "%rd3", index: "%r4", via: "%rd7")
  }

  static func add(_ type: ElementType) -> String {
    header("add", type, [("p_a", "u64"), ("p_b", "u64"), ("p_y", "u64"), ("p_total", "u32")])
      + elementGuard
      + pointer("p_a", "%rd1") + pointer("p_b", "%rd2") + pointer("p_y", "%rd3")
      + address(type, "%rd4", "%rd1", "%r4") + load(type, "%f1", "%rd4")
      + address(type, "%rd5", "%rd2", "%r4") + load(type, "%f2", "%rd5")
      + "    add.f32 %f1, %f1, %f2;\n"
      + storeAndReturn(type, "%f1", base: "%rd3", index: "%r4", via: "%rd6")
  }

  /// A loop over this lane's columns of the row: `body` sees the column in %r10 and the element
  /// index (row base %r8 + column) in %r11.
  static func rowLoop(_ label: String, _ body: String) -> String {
    "    mov.u32 %r10, %r3;\n\(label):\n    setp.ge.u32 %p2, %r10, %r6;\n    @%p2 bra \(label)_END;\n"
      + "    add.u32 %r11, %r8, %r10;\n" + body
      + "    add.u32 %r10, %r10, 32;\n    bra \(label);\n\(label)_END:\n"
  }

  static func layerNorm(_ type: ElementType) -> String {
    var text = header(
      "layer_norm", type,
      [("p_x", "u64"), ("p_gamma", "u64"), ("p_beta", "u64"), ("p_y", "u64"), ("p_rows", "u32"),
       ("p_columns", "u32"), ("p_epsilon", "f32")])
    text += threadIndex
    text += """
          ld.param.u32 %r5, [p_rows];
          ld.param.u32 %r6, [p_columns];
          ld.param.f32 %f9, [p_epsilon];
          setp.ge.u32 %p1, %r1, %r5;
          @%p1 bra DONE;
          mul.lo.u32 %r8, %r1, %r6;
          cvt.rn.f32.u32 %f8, %r6;

      """
    text += pointer("p_x", "%rd1") + pointer("p_gamma", "%rd2") + pointer("p_beta", "%rd3")
    text += pointer("p_y", "%rd4")
    // Pass 1: mean.
    text += "    mov.f32 %f1, 0f00000000;\n"
    text += rowLoop(
      "SUM", address(type, "%rd5", "%rd1", "%r11") + load(type, "%f2", "%rd5")
        + "    add.f32 %f1, %f1, %f2;\n")
    text += warpReduce("%f1") + "    div.rn.f32 %f3, %f1, %f8;\n"
    // Pass 2: biased variance.
    text += "    mov.f32 %f4, 0f00000000;\n"
    text += rowLoop(
      "VARIANCE", address(type, "%rd5", "%rd1", "%r11") + load(type, "%f2", "%rd5")
        + "    sub.f32 %f2, %f2, %f3;\n    fma.rn.f32 %f4, %f2, %f2, %f4;\n")
    text += warpReduce("%f4")
    text += "    div.rn.f32 %f4, %f4, %f8;\n    add.f32 %f4, %f4, %f9;\n"
    text += "    sqrt.rn.f32 %f4, %f4;\n    div.rn.f32 %f5, 0f3F800000, %f4;\n"
    // Pass 3: normalise, scale and shift.
    text += rowLoop(
      "NORMALISE",
      address(type, "%rd5", "%rd1", "%r11") + load(type, "%f2", "%rd5")
        + address(type, "%rd6", "%rd2", "%r10") + load(type, "%f6", "%rd6")
        + address(type, "%rd7", "%rd3", "%r10") + load(type, "%f7", "%rd7")
        + "    sub.f32 %f2, %f2, %f3;\n    mul.f32 %f2, %f2, %f5;\n    fma.rn.f32 %f2, %f2, %f6, %f7;\n"
        + address(type, "%rd8", "%rd4", "%r11") + store(type, "%rd8", "%f2"))
    return text + footer
  }

  static func softmax(_ type: ElementType) -> String {
    var text = header(
      "softmax", type,
      [("p_x", "u64"), ("p_y", "u64"), ("p_rows", "u32"), ("p_columns", "u32"),
       ("p_mask", "u64"), ("p_rows_per_mask_row", "u32"), ("p_causal", "u32")])
    text += threadIndex
    text += """
          ld.param.u32 %r5, [p_rows];
          ld.param.u32 %r6, [p_columns];
          ld.param.u32 %r7, [p_rows_per_mask_row];
          setp.ge.u32 %p1, %r1, %r5;
          @%p1 bra DONE;
          mul.lo.u32 %r8, %r1, %r6;
          ld.param.u64 %rd3, [p_mask];
          setp.eq.u64 %p4, %rd3, 0;
          cvta.to.global.u64 %rd3, %rd3;
          div.u32 %r9, %r1, %r7;
          mul.lo.u32 %r9, %r9, %r6;
          ld.param.u32 %r15, [p_causal];
          setp.eq.u32 %p6, %r15, 0;
          @%p6 bra NOT_CAUSAL;
          rem.u32 %r14, %r1, %r15;
      NOT_CAUSAL:

      """
    text += pointer("p_x", "%rd1") + pointer("p_y", "%rd2")
    // %f2 = x[row, column], or −1e9 where mask[batch, column] == 0 (%p4: no mask at all) or, in
    // a causal softmax (%p6 clear), where the column is past the row's position %r14.
    func masked(_ label: String) -> String {
      address(type, "%rd5", "%rd1", "%r11") + load(type, "%f2", "%rd5")
        + "    @%p4 bra \(label)_KEEP;\n    add.u32 %r12, %r9, %r10;\n"
        + "    mul.wide.u32 %rd61, %r12, 4;\n    add.s64 %rd62, %rd3, %rd61;\n"
        + "    ld.global.u32 %r13, [%rd62];\n    setp.eq.u32 %p5, %r13, 0;\n"
        + "    @%p5 mov.f32 %f2, \(constant(-1e9));\n\(label)_KEEP:\n"
        + "    @%p6 bra \(label)_PAST;\n    setp.gt.u32 %p7, %r10, %r14;\n"
        + "    @%p7 mov.f32 %f2, \(constant(-1e9));\n\(label)_PAST:\n"
    }
    text += "    mov.f32 %f1, \(constant(-Float.infinity));\n"
    text += rowLoop("MAX", masked("MAX") + "    max.f32 %f1, %f1, %f2;\n")
    text += warpReduce("%f1", maximum: true)
    text += "    mov.f32 %f3, 0f00000000;\n"
    text += rowLoop(
      "SUM", masked("SUM") + "    sub.f32 %f2, %f2, %f1;\n" + exponential("%f4", "%f2")
        + "    add.f32 %f3, %f3, %f4;\n")
    text += warpReduce("%f3") + "    div.rn.f32 %f5, 0f3F800000, %f3;\n"
    text += rowLoop(
      "WRITE", masked("WRITE") + "    sub.f32 %f2, %f2, %f1;\n" + exponential("%f4", "%f2")
        + "    mul.f32 %f4, %f4, %f5;\n" + address(type, "%rd6", "%rd2", "%r11")
        + store(type, "%rd6", "%f4"))
    return text + footer
  }
}
