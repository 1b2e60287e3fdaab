// The image kernels (CNNs), on NCHW tensors: patches for the GEMM convolution, a direct
// convolution for grouped layers, pooling, a per-channel affine map and clipping. One thread per
// output element. Window positions are computed in u32: a position left of or above the image
// wraps to a huge value, so one unsigned `< size` test rejects both sides.
extension PTXKernels {
  /// The geometry every window kernel takes, in this order, loaded into %r20 … %r32 by
  /// `loadGeometry`: channels, height, width, output height and width, kernel height and width,
  /// strides, the top and left pads, dilations.
  static let geometryParameters: [(String, String)] = [
    "channels", "height", "width", "out_height", "out_width", "kernel_h", "kernel_w", "stride_h",
    "stride_w", "pad_top", "pad_left", "dilation_h", "dilation_w",
  ].map { ("p_\($0)", "u32") }

  /// Loads `geometryParameters` into %r20 (channels) … %r32 (dilation_w).
  static let loadGeometry: String = geometryParameters.enumerated().map { index, parameter in
    "    ld.param.u32 %r\(20 + index), [\(parameter.0)];\n"
  }.joined()

  /// `im2col_T(x, cols, total, geometry…)`: for each sample, the `[C·KH·KW, OH·OW]` patch matrix
  /// of x (zeros where the window is over the padding): row `(c·KH + ky)·KW + kx`, column
  /// `oy·OW + ox`. Samples follow each other. A convolution with one group is then one GEMM per
  /// sample against the `[OC, C·KH·KW]` weight.
  static func im2col(_ type: ElementType) -> String {
    var text = header("im2col", type, [("p_x", "u64"), ("p_cols", "u64"), ("p_total", "u32")] + geometryParameters)
    text += elementGuard + loadGeometry
    // %r6 P = OH·OW, %r7 KK = KH·KW, %r8 CK = C·KK; %r9 column p, %r11 row ck, %r12 sample,
    // %r13 channel, %r15/%r16 ky/kx, %r17/%r18 oy/ox; %r33/%r34 the input row and column.
    text += """
          mul.lo.u32 %r6, %r23, %r24;
          mul.lo.u32 %r7, %r25, %r26;
          mul.lo.u32 %r8, %r20, %r7;
          rem.u32 %r9, %r4, %r6;
          div.u32 %r10, %r4, %r6;
          rem.u32 %r11, %r10, %r8;
          div.u32 %r12, %r10, %r8;
          div.u32 %r13, %r11, %r7;
          rem.u32 %r14, %r11, %r7;
          div.u32 %r15, %r14, %r26;
          rem.u32 %r16, %r14, %r26;
          div.u32 %r17, %r9, %r24;
          rem.u32 %r18, %r9, %r24;
          mul.lo.u32 %r33, %r17, %r27;
          mad.lo.s32 %r33, %r15, %r31, %r33;
          sub.u32 %r33, %r33, %r29;
          mul.lo.u32 %r34, %r18, %r28;
          mad.lo.s32 %r34, %r16, %r32, %r34;
          sub.u32 %r34, %r34, %r30;
          mov.f32 %f1, 0f00000000;
          setp.ge.u32 %p2, %r33, %r21;
          @%p2 bra STORE;
          setp.ge.u32 %p2, %r34, %r22;
          @%p2 bra STORE;
          mad.lo.s32 %r35, %r12, %r20, %r13;
          mad.lo.s32 %r35, %r35, %r21, %r33;
          mad.lo.s32 %r35, %r35, %r22, %r34;

      """
    text += pointer("p_x", "%rd1") + address(type, "%rd3", "%rd1", "%r35") + load(type, "%f1", "%rd3")
    text += "STORE:\n" + pointer("p_cols", "%rd2") + address(type, "%rd4", "%rd2", "%r4")
    return text + store(type, "%rd4", "%f1") + footer
  }

  /// `conv_direct_T(x, w, bias, y, total, out_channels, groups, geometry…)`: y[b, oc, oy, ox] =
  /// bias[oc] + Σ over the group's input channels and the window of x · w, with w
  /// `[OC, C/groups, KH, KW]` (bias may be null). For grouped layers (depthwise above all),
  /// whose per-group GEMMs would be tiny.
  static func convolutionDirect(_ type: ElementType) -> String {
    var text = header(
      "conv_direct", type,
      [("p_x", "u64"), ("p_w", "u64"), ("p_bias", "u64"), ("p_y", "u64"), ("p_total", "u32"),
       ("p_out_channels", "u32"), ("p_groups", "u32")] + geometryParameters)
    text += elementGuard + loadGeometry
    // %r8 ox, %r10 oy, %r11 oc, %r12 sample, %r13 channels per group, %r16 first input plane,
    // %r17 first filter plane, %r18/%r19 the window's top row and left column (u32, may wrap).
    text += """
          ld.param.u32 %r6, [p_out_channels];
          ld.param.u32 %r7, [p_groups];
          rem.u32 %r8, %r4, %r24;
          div.u32 %r9, %r4, %r24;
          rem.u32 %r10, %r9, %r23;
          div.u32 %r9, %r9, %r23;
          rem.u32 %r11, %r9, %r6;
          div.u32 %r12, %r9, %r6;
          div.u32 %r13, %r20, %r7;
          div.u32 %r14, %r6, %r7;
          div.u32 %r15, %r11, %r14;
          mul.lo.u32 %r16, %r15, %r13;
          mad.lo.s32 %r16, %r12, %r20, %r16;
          mul.lo.u32 %r17, %r11, %r13;
          mul.lo.u32 %r18, %r10, %r27;
          sub.u32 %r18, %r18, %r29;
          mul.lo.u32 %r19, %r8, %r28;
          sub.u32 %r19, %r19, %r30;
          ld.param.u64 %rd3, [p_bias];
          setp.eq.u64 %p3, %rd3, 0;
          cvta.to.global.u64 %rd3, %rd3;
          mov.f32 %f1, 0f00000000;

      """
    text += pointer("p_x", "%rd1") + pointer("p_w", "%rd2") + pointer("p_y", "%rd4")
    text += "    @%p3 bra NO_BIAS;\n" + address(type, "%rd5", "%rd3", "%r11") + load(type, "%f1", "%rd5")
    // %r33 channel of the group, %r36 ky, %r40 kx; %r38/%r39 the x and w row starts.
    text += """
      NO_BIAS:
          mov.u32 %r33, 0;
      CHANNEL:
          setp.ge.u32 %p2, %r33, %r13;
          @%p2 bra CHANNEL_END;
          add.u32 %r34, %r16, %r33;
          add.u32 %r35, %r17, %r33;
          mov.u32 %r36, 0;
      ROW:
          setp.ge.u32 %p2, %r36, %r25;
          @%p2 bra ROW_END;
          mad.lo.s32 %r37, %r36, %r31, %r18;
          setp.ge.u32 %p4, %r37, %r21;
          @%p4 bra ROW_NEXT;
          mad.lo.s32 %r38, %r34, %r21, %r37;
          mul.lo.u32 %r38, %r38, %r22;
          mad.lo.s32 %r39, %r35, %r25, %r36;
          mul.lo.u32 %r39, %r39, %r26;
          mov.u32 %r40, 0;
      COLUMN:
          setp.ge.u32 %p2, %r40, %r26;
          @%p2 bra ROW_NEXT;
          mad.lo.s32 %r41, %r40, %r32, %r19;
          setp.ge.u32 %p4, %r41, %r22;
          @%p4 bra COLUMN_NEXT;
          add.u32 %r42, %r38, %r41;
          add.u32 %r43, %r39, %r40;

      """
    text += address(type, "%rd6", "%rd1", "%r42") + load(type, "%f2", "%rd6")
    text += address(type, "%rd7", "%rd2", "%r43") + load(type, "%f3", "%rd7")
    text += """
          fma.rn.f32 %f1, %f2, %f3, %f1;
      COLUMN_NEXT:
          add.u32 %r40, %r40, 1;
          bra COLUMN;
      ROW_NEXT:
          add.u32 %r36, %r36, 1;
          bra ROW;
      ROW_END:
          add.u32 %r33, %r33, 1;
          bra CHANNEL;
      CHANNEL_END:

      """
    return text + storeAndReturn(type, "%f1", base: "%rd4", index: "%r4", via: "%rd8")
  }

  /// `pool_T(x, y, total, kind, limit_h, limit_w, geometry…)`: one output of each plane's
  /// window. kind 0: max (−∞ for a window wholly over the padding); 1: average of the positions
  /// inside the image; 2: average that also counts the pad positions (ONNX `count_include_pad`),
  /// those above `limit_h` = H + bottom pad and left of `limit_w` = W + right pad, not the ones
  /// past the pads. An empty average is 0. The geometry's channel count is not read.
  static func pool(_ type: ElementType) -> String {
    var text = header(
      "pool", type,
      [("p_x", "u64"), ("p_y", "u64"), ("p_total", "u32"), ("p_kind", "u32"), ("p_limit_h", "u32"),
       ("p_limit_w", "u32")] + geometryParameters)
    text += elementGuard + loadGeometry
    // %r9 ox, %r11 oy, %r12 plane; %r13/%r14 window top row and left column; %r15 plane·H.
    // %f1 max, %f2 sum, %f3 count.
    text += """
          ld.param.u32 %r6, [p_kind];
          ld.param.u32 %r7, [p_limit_h];
          ld.param.u32 %r8, [p_limit_w];
          rem.u32 %r9, %r4, %r24;
          div.u32 %r10, %r4, %r24;
          rem.u32 %r11, %r10, %r23;
          div.u32 %r12, %r10, %r23;
          mul.lo.u32 %r13, %r11, %r27;
          sub.u32 %r13, %r13, %r29;
          mul.lo.u32 %r14, %r9, %r28;
          sub.u32 %r14, %r14, %r30;
          mul.lo.u32 %r15, %r12, %r21;
          mov.f32 %f1, \(constant(-Float.infinity));
          mov.f32 %f2, 0f00000000;
          mov.f32 %f3, 0f00000000;
          setp.eq.u32 %p5, %r6, 2;

      """
    text += pointer("p_x", "%rd1") + pointer("p_y", "%rd2")
    // %r16 ky, %r17 row (%p3 inside, %p4 within the padded extent), %r19 kx, %r33 column.
    text += """
          mov.u32 %r16, 0;
      ROW:
          setp.ge.u32 %p2, %r16, %r25;
          @%p2 bra ROW_END;
          mad.lo.s32 %r17, %r16, %r31, %r13;
          setp.lt.u32 %p3, %r17, %r21;
          setp.lt.s32 %p4, %r17, %r7;
          add.u32 %r18, %r15, %r17;
          mul.lo.u32 %r18, %r18, %r22;
          mov.u32 %r19, 0;
      COLUMN:
          setp.ge.u32 %p2, %r19, %r26;
          @%p2 bra ROW_NEXT;
          mad.lo.s32 %r33, %r19, %r32, %r14;
          setp.lt.u32 %p6, %r33, %r22;
          and.pred %p6, %p6, %p3;
          @%p6 bra INSIDE;
          @!%p5 bra COLUMN_NEXT;
          setp.lt.s32 %p7, %r33, %r8;
          and.pred %p7, %p7, %p4;
          @%p7 add.f32 %f3, %f3, 0f3F800000;
          bra COLUMN_NEXT;
      INSIDE:
          add.u32 %r34, %r18, %r33;

      """
    text += address(type, "%rd3", "%rd1", "%r34") + load(type, "%f4", "%rd3")
    text += """
          max.f32 %f1, %f1, %f4;
          add.f32 %f2, %f2, %f4;
          add.f32 %f3, %f3, 0f3F800000;
      COLUMN_NEXT:
          add.u32 %r19, %r19, 1;
          bra COLUMN;
      ROW_NEXT:
          add.u32 %r16, %r16, 1;
          bra ROW;
      ROW_END:
          setp.eq.u32 %p2, %r6, 0;
          @%p2 bra STORE;
          mov.f32 %f1, 0f00000000;
          setp.gt.f32 %p3, %f3, 0f00000000;
          @%p3 div.rn.f32 %f1, %f2, %f3;
      STORE:

      """
    return text + storeAndReturn(type, "%f1", base: "%rd2", index: "%r4", via: "%rd4")
  }

  /// `channel_affine_T(x, scale, shift, y, total, plane, channels)`: y = x · scale[c] + shift[c]
  /// with c = (i / plane) mod channels; a null scale is 1, a null shift 0 (a convolution's bias
  /// after its GEMM is this with no scale).
  static func channelAffine(_ type: ElementType) -> String {
    var text = header(
      "channel_affine", type,
      [("p_x", "u64"), ("p_scale", "u64"), ("p_shift", "u64"), ("p_y", "u64"), ("p_total", "u32"),
       ("p_plane", "u32"), ("p_channels", "u32")])
    text += elementGuard
    text += """
          ld.param.u32 %r6, [p_plane];
          ld.param.u32 %r7, [p_channels];
          div.u32 %r8, %r4, %r6;
          rem.u32 %r8, %r8, %r7;
          ld.param.u64 %rd2, [p_scale];
          setp.eq.u64 %p2, %rd2, 0;
          cvta.to.global.u64 %rd2, %rd2;
          ld.param.u64 %rd3, [p_shift];
          setp.eq.u64 %p3, %rd3, 0;
          cvta.to.global.u64 %rd3, %rd3;

      """
    text += pointer("p_x", "%rd1") + pointer("p_y", "%rd4")
    text += address(type, "%rd5", "%rd1", "%r4") + load(type, "%f1", "%rd5")
    text += "    @%p2 bra NO_SCALE;\n" + address(type, "%rd6", "%rd2", "%r8") + load(type, "%f2", "%rd6")
    text += "    mul.f32 %f1, %f1, %f2;\nNO_SCALE:\n    @%p3 bra NO_SHIFT;\n"
    text += address(type, "%rd7", "%rd3", "%r8") + load(type, "%f3", "%rd7")
    text += "    add.f32 %f1, %f1, %f3;\nNO_SHIFT:\n"
    return text + storeAndReturn(type, "%f1", base: "%rd4", index: "%r4", via: "%rd8")
  }

  /// `clip_T(x, y, total, minimum, maximum)`: y = min(max(x, minimum), maximum).
  static func clip(_ type: ElementType) -> String {
    var text = header(
      "clip", type,
      [("p_x", "u64"), ("p_y", "u64"), ("p_total", "u32"), ("p_minimum", "f32"), ("p_maximum", "f32")])
    text += elementGuard
    text += "    ld.param.f32 %f2, [p_minimum];\n    ld.param.f32 %f3, [p_maximum];\n"
    text += pointer("p_x", "%rd1") + pointer("p_y", "%rd2")
    text += address(type, "%rd3", "%rd1", "%r4") + load(type, "%f1", "%rd3")
    text += "    max.f32 %f1, %f1, %f2;\n    min.f32 %f1, %f1, %f3;\n"
    return text + storeAndReturn(type, "%f1", base: "%rd2", index: "%r4", via: "%rd4")
  }
}
