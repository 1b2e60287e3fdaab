// Kernels that gather or rearrange: embedding lookup, head permutation, masked mean pooling.
extension PTXKernels {
  static func embedding(_ type: ElementType) -> String {
    var text = header(
      "embedding", type,
      [("p_ids", "u64"), ("p_types", "u64"), ("p_word", "u64"), ("p_position", "u64"),
       ("p_type_table", "u64"), ("p_y", "u64"), ("p_total", "u32"), ("p_sequence", "u32"),
       ("p_hidden", "u32"), ("p_offset", "u32")])
    text += threadIndex
    text += """
          ld.param.u32 %r5, [p_total];
          ld.param.u32 %r6, [p_sequence];
          ld.param.u32 %r7, [p_hidden];
          ld.param.u32 %r8, [p_offset];
          setp.ge.u32 %p1, %r4, %r5;
          @%p1 bra DONE;
          div.u32 %r9, %r4, %r7;
          mul.lo.u32 %r10, %r9, %r7;
          sub.u32 %r10, %r4, %r10;
          rem.u32 %r11, %r9, %r6;
          ld.param.u64 %rd2, [p_types];
          setp.eq.u64 %p2, %rd2, 0;
          cvta.to.global.u64 %rd2, %rd2;
          ld.param.u64 %rd4, [p_position];
          setp.eq.u64 %p3, %rd4, 0;
          cvta.to.global.u64 %rd4, %rd4;
          ld.param.u64 %rd5, [p_type_table];
          setp.eq.u64 %p4, %rd5, 0;
          cvta.to.global.u64 %rd5, %rd5;

      """
    // %r9 token, %r10 hidden index, %r11 position in the sequence.
    text += pointer("p_ids", "%rd1") + pointer("p_word", "%rd3") + pointer("p_y", "%rd6")
    text += "    mul.wide.u32 %rd7, %r9, 4;\n    add.s64 %rd8, %rd1, %rd7;\n"
    text += "    ld.global.u32 %r12, [%rd8];\n    mad.lo.s32 %r13, %r12, %r7, %r10;\n"
    text += address(type, "%rd9", "%rd3", "%r13") + load(type, "%f1", "%rd9")
    text += "    @%p3 bra NO_POSITION;\n    add.u32 %r14, %r11, %r8;\n"
    text += "    mad.lo.s32 %r14, %r14, %r7, %r10;\n"
    text += address(type, "%rd10", "%rd4", "%r14") + load(type, "%f2", "%rd10")
    text += "    add.f32 %f1, %f1, %f2;\nNO_POSITION:\n    @%p4 bra NO_TYPE;\n"
    text += "    mov.u32 %r15, 0;\n    @%p2 bra TYPE_ZERO;\n    add.s64 %rd11, %rd2, %rd7;\n"
    text += "    ld.global.u32 %r15, [%rd11];\nTYPE_ZERO:\n    mad.lo.s32 %r15, %r15, %r7, %r10;\n"
    text += address(type, "%rd12", "%rd5", "%r15") + load(type, "%f2", "%rd12")
    text += "    add.f32 %f1, %f1, %f2;\nNO_TYPE:\n"
    return text + storeAndReturn(type, "%f1", base: "%rd6", index: "%r4", via: "%rd13")
  }

  static func permute(_ type: ElementType) -> String {
    var text = header(
      "permute", type,
      [("p_x", "u64"), ("p_y", "u64"), ("p_total", "u32"), ("p_X", "u32"), ("p_Y", "u32"),
       ("p_d", "u32")])
    text += threadIndex
    // Output index i = ((b·Y + y)·X + x)·d + e reads input ((b·X + x)·Y + y)·d + e.
    text += """
          ld.param.u32 %r5, [p_total];
          ld.param.u32 %r6, [p_X];
          ld.param.u32 %r7, [p_Y];
          ld.param.u32 %r8, [p_d];
          setp.ge.u32 %p1, %r4, %r5;
          @%p1 bra DONE;
          rem.u32 %r9, %r4, %r8;
          div.u32 %r10, %r4, %r8;
          rem.u32 %r11, %r10, %r6;
          div.u32 %r12, %r10, %r6;
          rem.u32 %r13, %r12, %r7;
          div.u32 %r14, %r12, %r7;
          mad.lo.s32 %r15, %r14, %r6, %r11;
          mad.lo.s32 %r15, %r15, %r7, %r13;
          mad.lo.s32 %r15, %r15, %r8, %r9;

      """
    text += pointer("p_x", "%rd1") + pointer("p_y", "%rd2")
    text += address(type, "%rd3", "%rd1", "%r15") + load(type, "%f1", "%rd3")
    return text + storeAndReturn(type, "%f1", base: "%rd2", index: "%r4", via: "%rd4")
  }

  static func meanPool(_ type: ElementType) -> String {
    var text = header(
      "mean_pool", type,
      [("p_x", "u64"), ("p_mask", "u64"), ("p_y", "u64"), ("p_total", "u32"),
       ("p_sequence", "u32"), ("p_hidden", "u32")])
    text += threadIndex
    // %r9 batch row b, %r10 hidden index h; loop s in %r11 over mask[b, s]·x[b, s, h].
    text += """
          ld.param.u32 %r5, [p_total];
          ld.param.u32 %r6, [p_sequence];
          ld.param.u32 %r7, [p_hidden];
          setp.ge.u32 %p1, %r4, %r5;
          @%p1 bra DONE;
          div.u32 %r9, %r4, %r7;
          mul.lo.u32 %r10, %r9, %r7;
          sub.u32 %r10, %r4, %r10;
          mul.lo.u32 %r12, %r9, %r6;
          mov.f32 %f1, 0f00000000;
          mov.f32 %f2, 0f00000000;
          mov.u32 %r11, 0;

      """
    text += pointer("p_x", "%rd1") + pointer("p_mask", "%rd2") + pointer("p_y", "%rd3")
    text += "POOL:\n    setp.ge.u32 %p2, %r11, %r6;\n    @%p2 bra POOL_END;\n"
    text += "    add.u32 %r13, %r12, %r11;\n    mul.wide.u32 %rd4, %r13, 4;\n"
    text += "    add.s64 %rd5, %rd2, %rd4;\n    ld.global.u32 %r14, [%rd5];\n"
    text += "    cvt.rn.f32.s32 %f3, %r14;\n    mad.lo.s32 %r15, %r13, %r7, %r10;\n"
    text += address(type, "%rd6", "%rd1", "%r15") + load(type, "%f4", "%rd6")
    text += "    fma.rn.f32 %f1, %f3, %f4, %f1;\n    add.f32 %f2, %f2, %f3;\n"
    text += "    add.u32 %r11, %r11, 1;\n    bra POOL;\nPOOL_END:\n"
    // Sentence-transformers clamps the count at 1e-9, so an all-padding row pools to 0.
    text += "    max.f32 %f2, %f2, \(constant(1e-9));\n    div.rn.f32 %f1, %f1, %f2;\n"
    return text + storeAndReturn(type, "%f1", base: "%rd3", index: "%r4", via: "%rd7")
  }
}
