#!/usr/bin/env python3
"""Runs the GPU backend's PTX kernels on the CPU, one thread at a time, and checks each against
a NumPy version of its contract (PTXKernels*.swift), in f32, f16 and bf16.

    python3 scripts/ptx_emulate.py [--ptx scripts/cuda_kernels.ptx] [--kernel NAME]

No GPU needed: a small interpreter for the PTX subset the generator emits (integer and f32
arithmetic, predicates and branches, global loads and stores, 16-bit conversions, warp
butterfly shuffles). It checks what the text computes, not how fast or how a real GPU
schedules it: a kernel that passes here can still fail on hardware (a driver bug, a resource
limit), which `infer-plan gpu-check` on a real GPU catches. `scripts/check-ptx.sh` checks the
same text assembles with NVIDIA's ptxas. Exit 1 on any mismatch.
"""
import argparse
import math
import re
import struct
import sys

import numpy as np

MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF


def f32(bits):
    return struct.unpack("<f", struct.pack("<I", bits & MASK32))[0]


def bits32(value):
    return struct.unpack("<I", struct.pack("<f", np.float32(value)))[0]


def signed32(value):
    value &= MASK32
    return value - (1 << 32) if value & 0x80000000 else value


class Kernel:
    """One `.entry`: its parameter names and types, instructions and label positions."""

    def __init__(self, name, parameters, body):
        self.name = name
        self.parameters = parameters  # [(name, type)]
        self.instructions = []  # (predicate, negate, opcode, operands)
        self.labels = {}
        for raw in body.split("\n"):
            line = raw.split("//")[0].strip()
            if not line or line.startswith(".reg") or line in ("{", "}"):
                continue
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*:", line):
                self.labels[line[:-1]] = len(self.instructions)
                continue
            predicate, negate = None, False
            match = re.match(r"@(!?)(%p\d+)\s+(.*)", line)
            if match:
                negate, predicate, line = match.group(1) == "!", match.group(2), match.group(3)
            line = line.rstrip(";")
            opcode, _, rest = line.partition(" ")
            operands = [o.strip() for o in rest.split(",")] if rest.strip() else []
            self.instructions.append((predicate, negate, opcode, operands))


def parse_module(text):
    kernels = {}
    pattern = re.compile(r"\.visible \.entry (\w+)\(([^)]*)\)\s*\{(.*?)\n\}", re.S)
    for match in pattern.finditer(text):
        parameters = []
        for part in match.group(2).split(","):
            words = part.split()
            parameters.append((words[2], words[1].lstrip(".")))
        kernels[match.group(1)] = Kernel(match.group(1), parameters, match.group(3))
    return kernels


class Memory:
    """Device buffers at distinct addresses; loads and stores check their bounds."""

    def __init__(self):
        self.buffers = {}
        self.next = 0x1000_0000

    def allocate(self, data):
        base = self.next
        self.buffers[base] = bytearray(data)
        self.next += (len(data) + 0xFFFF) // 0x10000 * 0x10000 + 0x10000
        return base

    def locate(self, address, size):
        for base, buffer in self.buffers.items():
            if base <= address and address + size <= base + len(buffer):
                return buffer, address - base
        raise IndexError(f"access of {size} bytes at {address:#x} outside every buffer")

    def load(self, address, size):
        buffer, offset = self.locate(address, size)
        return int.from_bytes(buffer[offset : offset + size], "little")

    def store(self, address, size, value):
        buffer, offset = self.locate(address, size)
        buffer[offset : offset + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


class Shuffle:
    """What a thread waits on at a `shfl.sync.bfly`: its value and lane mask."""

    def __init__(self, value, offset):
        self.value, self.offset = value, offset
        self.result = None


def thread(kernel, parameters, memory, block, threads_per_block, lane_in_block):
    """A generator that runs one thread; it yields a Shuffle at each warp shuffle."""
    registers = {
        "%ctaid.x": block,
        "%ntid.x": threads_per_block,
        "%tid.x": lane_in_block,
    }
    predicates = {}

    def read(operand):
        if operand in registers:
            return registers[operand]
        if operand.startswith("0f"):
            return int(operand[2:], 16)
        if operand.startswith("%"):
            raise KeyError(f"{kernel.name}: register {operand} read before it was written")
        return int(operand, 0) & MASK64

    def fl(operand):
        return np.float32(f32(read(operand)))

    def setf(register, value):
        registers[register] = bits32(value)

    pc = 0
    steps = 0
    while True:
        steps += 1
        if steps > 10_000_000:
            raise RuntimeError(f"{kernel.name}: runaway thread")
        predicate, negate, opcode, ops = kernel.instructions[pc]
        pc += 1
        if predicate is not None and predicates[predicate] == negate:
            continue
        parts = opcode.split(".")
        op = parts[0]
        if op == "ret":
            return
        if op == "bra":
            pc = kernel.labels[ops[0]]
            continue
        if op == "ld" and parts[1] == "param":
            name = ops[1].strip("[]")
            registers[ops[0]] = parameters[name]
            continue
        if op == "cvta":
            registers[ops[0]] = read(ops[1])
            continue
        if op == "ld" and parts[1] == "global":
            size = {"f32": 4, "u32": 4, "b16": 2}[parts[2]]
            registers[ops[0]] = memory.load(read(ops[1].strip("[]")), size)
            continue
        if op == "st":
            size = {"f32": 4, "b16": 2}[parts[2]]
            memory.store(read(ops[0].strip("[]")), size, read(ops[1]))
            continue
        if op == "mov":
            registers[ops[0]] = read(ops[1])
            continue
        if op == "setp":
            comparison, kind = parts[1], parts[2]
            a, b = read(ops[1]), read(ops[2])
            if kind == "f32":
                a, b = f32(a), f32(b)
            elif kind == "s32":
                a, b = signed32(a), signed32(b)
            result = {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[comparison]
            predicates[ops[0]] = bool(result)
            continue
        if op == "and" and parts[1] == "pred":
            predicates[ops[0]] = predicates[ops[1]] and predicates[ops[2]]
            continue
        if op == "shfl":
            request = Shuffle(read(ops[1]), read(ops[2]))
            yield request
            registers[ops[0]] = request.result
            continue
        if op == "cvt":
            target, source = parts[-2], parts[-1]
            value = read(ops[1])
            if target == "f32" and source == "f16":
                setf(ops[0], np.frombuffer(struct.pack("<H", value & 0xFFFF), dtype=np.float16)[0])
            elif target == "f16" and source == "f32":
                registers[ops[0]] = struct.unpack("<H", np.float16(f32(value)).tobytes())[0]
            elif target == "f32" and source == "u32":
                setf(ops[0], float(value & MASK32))
            elif target == "f32" and source == "s32":
                setf(ops[0], float(signed32(value)))
            elif target == "u32" and source == "u16":
                registers[ops[0]] = value & 0xFFFF
            elif target == "u16" and source == "u32":
                registers[ops[0]] = value & 0xFFFF
            else:
                raise NotImplementedError(opcode)
            continue
        kind = parts[-1]
        if kind == "f32":
            a = fl(ops[1])
            if op == "add":
                setf(ops[0], a + fl(ops[2]))
            elif op == "sub":
                setf(ops[0], a - fl(ops[2]))
            elif op == "mul":
                setf(ops[0], a * fl(ops[2]))
            elif op == "div":
                with np.errstate(divide="ignore", invalid="ignore"):
                    setf(ops[0], a / fl(ops[2]))
            elif op == "fma":
                setf(ops[0], float(a) * float(fl(ops[2])) + float(fl(ops[3])))
            elif op == "max":
                setf(ops[0], max(a, fl(ops[2])))
            elif op == "min":
                setf(ops[0], min(a, fl(ops[2])))
            elif op == "abs":
                setf(ops[0], abs(a))
            elif op == "neg":
                setf(ops[0], -a)
            elif op == "sqrt":
                setf(ops[0], math.sqrt(a))
            elif op == "ex2":
                setf(ops[0], 2.0 ** float(a) if a < 128 else math.inf)
            elif op == "copysign":
                # copysign.f32 d, a, b: b's magnitude with a's sign.
                setf(ops[0], math.copysign(float(fl(ops[2])), float(a)))
            else:
                raise NotImplementedError(opcode)
            continue
        a, b = read(ops[1]), (read(ops[2]) if len(ops) > 2 else 0)
        if op == "add" and kind == "s64":
            registers[ops[0]] = (a + b) & MASK64
        elif op == "mul" and parts[1] == "wide":
            registers[ops[0]] = ((a & MASK32) * (b & MASK32)) & MASK64
        elif op == "mul" and parts[1] == "lo":
            registers[ops[0]] = (a * b) & MASK32
        elif op == "mad" and parts[1] == "lo":
            registers[ops[0]] = (a * b + read(ops[3])) & MASK32
        elif op == "add":
            registers[ops[0]] = (a + b) & MASK32
        elif op == "sub":
            registers[ops[0]] = (a - b) & MASK32
        elif op == "div":
            registers[ops[0]] = (a & MASK32) // (b & MASK32)
        elif op == "rem":
            registers[ops[0]] = (a & MASK32) % (b & MASK32)
        elif op == "shl":
            registers[ops[0]] = (a << b) & MASK32
        elif op == "shr":
            registers[ops[0]] = (a & MASK32) >> b
        elif op == "and":
            registers[ops[0]] = a & b & MASK32
        else:
            raise NotImplementedError(opcode)


def launch(kernel, arguments, memory, grid, block):
    """Runs every thread of the grid; the 32 lanes of a warp meet at each shuffle."""
    values = {}
    for (name, kind), value in zip(kernel.parameters, arguments):
        if kind == "f32":
            value = bits32(value)
        values[name] = value & (MASK64 if kind == "u64" else MASK32)
    for b in range(grid):
        for warp_start in range(0, block, 32):
            lanes = [thread(kernel, values, memory, b, block, t) for t in range(warp_start, min(block, warp_start + 32))]
            waiting = {}
            active = list(range(len(lanes)))
            while active:
                for index in list(active):
                    try:
                        waiting[index] = next(lanes[index]) if index not in waiting else waiting[index]
                    except StopIteration:
                        active.remove(index)
                if not active:
                    break
                if set(waiting) != set(active) or len(active) != 32:
                    raise RuntimeError(f"{kernel.name}: a shuffle without all 32 lanes converged")
                for index, request in waiting.items():
                    partner = waiting[index ^ request.offset]
                    request.result = partner.value
                for index, request in list(waiting.items()):
                    del waiting[index]
                    try:
                        waiting[index] = lanes[index].send(None)
                    except StopIteration:
                        active.remove(index)


# ---- Element types -----------------------------------------------------------------------

def encode(values, kind):
    values = np.asarray(values, dtype=np.float32)
    if kind == "f32":
        return values.tobytes()
    if kind == "f16":
        return values.astype(np.float16).tobytes()
    raw = values.view(np.uint32).astype(np.uint64)
    rounded = ((raw + 0x7FFF + ((raw >> 16) & 1)) >> 16).astype(np.uint16)
    return rounded.tobytes()


def decode(data, kind):
    if kind == "f32":
        return np.frombuffer(bytes(data), dtype=np.float32).copy()
    if kind == "f16":
        return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)
    halves = np.frombuffer(bytes(data), dtype=np.uint16).astype(np.uint32) << 16
    return halves.view(np.float32)


def quantize(values, kind):
    return decode(encode(values, kind), kind)


# ---- Checks ---------------------------------------------------------------------------------

class Case:
    """One kernel launch: the buffers it reads and writes, and the expected output."""

    def __init__(self, name, operation, arguments, grid, block, expected, exact=False):
        self.name, self.operation, self.arguments = name, operation, arguments
        self.grid, self.block, self.expected = grid, block, expected
        # exact: the f32 result has no rounding of its own (data movement, one add, clip, max),
        # so the stored value must be the expected one rounded to the element type, bit for bit;
        # this is what checks the hand-written bf16 round-to-nearest-even.
        self.exact = exact


def geometry(c, h, w, kernel, strides, pads, dilations):
    kh, kw = kernel
    oh = (h + pads[0] + pads[2] - (dilations[0] * (kh - 1) + 1)) // strides[0] + 1
    ow = (w + pads[1] + pads[3] - (dilations[1] * (kw - 1) + 1)) // strides[1] + 1
    return [c, h, w, oh, ow, kh, kw, strides[0], strides[1], pads[0], pads[1], dilations[0], dilations[1]]


def window_values(x, b, c, oy, ox, g):
    """The in-image values of one window and how many pad positions it covers before the limits."""
    _, h, w, _, _, kh, kw, sh, sw, pt, pl, dh, dw = g
    inside = []
    for ky in range(kh):
        for kx in range(kw):
            iy, ix = oy * sh - pt + ky * dh, ox * sw - pl + kx * dw
            inside.append((ky, kx, iy, ix, 0 <= iy < h and 0 <= ix < w))
    return inside


def reference_im2col(x, batch, g):
    c, h, w, oh, ow, kh, kw = g[:7]
    cols = np.zeros((batch, c * kh * kw, oh * ow), dtype=np.float64)
    for b in range(batch):
        for ch in range(c):
            for oy in range(oh):
                for ox in range(ow):
                    for ky, kx, iy, ix, ok in window_values(x, b, ch, oy, ox, g):
                        if ok:
                            cols[b, (ch * kh + ky) * kw + kx, oy * ow + ox] = x[b, ch, iy, ix]
    return cols.ravel()


def reference_conv(x, wt, bias, batch, oc, groups, g):
    c, h, w, oh, ow, kh, kw = g[:7]
    cg, og = c // groups, oc // groups
    y = np.zeros((batch, oc, oh, ow), dtype=np.float64)
    for b in range(batch):
        for o in range(oc):
            for oy in range(oh):
                for ox in range(ow):
                    total = 0.0 if bias is None else float(bias[o])
                    for k in range(cg):
                        ch = (o // og) * cg + k
                        for ky, kx, iy, ix, ok in window_values(x, b, ch, oy, ox, g):
                            if ok:
                                total += float(x[b, ch, iy, ix]) * float(wt[o, k, ky, kx])
                    y[b, o, oy, ox] = total
    return y.ravel()


def reference_pool(x, batch, kind, limits, g):
    c, h, w, oh, ow = g[:5]
    y = np.zeros((batch, c, oh, ow), dtype=np.float64)
    for b in range(batch):
        for ch in range(c):
            for oy in range(oh):
                for ox in range(ow):
                    largest, total, count = -math.inf, 0.0, 0
                    for _, _, iy, ix, ok in window_values(x, b, ch, oy, ox, g):
                        if ok:
                            largest = max(largest, float(x[b, ch, iy, ix]))
                            total += float(x[b, ch, iy, ix])
                            count += 1
                        elif kind == 2 and iy < limits[0] and ix < limits[1]:
                            count += 1
                    y[b, ch, oy, ox] = largest if kind == 0 else (total / count if count else 0.0)
    return y.ravel()


def reference_softmax(x, rows, columns, mask, rows_per_mask_row, causal):
    y = np.zeros((rows, columns))
    for r in range(rows):
        row = x[r].astype(np.float64).copy()
        for c in range(columns):
            hidden = mask is not None and mask[r // rows_per_mask_row][c] == 0
            hidden = hidden or (causal and c > r % causal)
            if hidden:
                row[c] = -1e9
        e = np.exp(row - row.max())
        y[r] = e / e.sum()
    return y.ravel()


def blocks(total, block=256):
    return max(1, (total + block - 1) // block)


def cases(kind, random):
    """Every kernel of the module, in small awkward shapes (the older ones ran on real GPUs
    before, so they also check the interpreter itself)."""
    out = []

    def tensor(*shape, scale=1.0):
        return quantize(random.uniform(-scale, scale, size=shape).astype(np.float32), kind).reshape(shape)

    # im2col and the GEMM convolution's geometry: uneven pads, stride 2, dilation 2.
    batch, (c, h, w) = 2, (3, 5, 6)
    g = geometry(c, h, w, (3, 2), (2, 1), (1, 0, 2, 1), (1, 2))
    x = tensor(batch, c, h, w)
    total = batch * c * 3 * 2 * g[3] * g[4]
    out.append(Case("im2col", "im2col", [("in", x), ("out", total), total] + g, blocks(total), 256,
                    reference_im2col(x, batch, g), exact=True))
    # conv_direct: depthwise with a multiplier of 2, and 2 groups of 2 channels, with and without bias.
    for groups, cin, oc, has_bias in [(3, 3, 6, True), (2, 4, 6, False)]:
        g = geometry(cin, 5, 4, (3, 3), (1, 2), (1, 1, 1, 0), (1, 1))
        x, wt = tensor(batch, cin, 5, 4), tensor(oc, cin // groups, 3, 3, scale=0.5)
        bias = tensor(oc) if has_bias else None
        total = batch * oc * g[3] * g[4]
        out.append(Case(f"conv_direct groups {groups}", "conv_direct",
                        [("in", x), ("in", wt), ("in", bias) if has_bias else 0, ("out", total), total, oc, groups] + g,
                        blocks(total), 256, reference_conv(x, wt, bias, batch, oc, groups, g)))
    # pool: max over a window partly on the pads, averages with and without the pads.
    for pool_kind, pads, kernel, strides in [(0, (1, 1, 0, 0), (2, 2), (2, 2)), (1, (0, 1, 1, 1), (2, 3), (2, 1)),
                                             (2, (1, 1, 1, 1), (3, 3), (1, 1)), (2, (1, 0, 2, 1), (3, 2), (2, 2))]:
        g = geometry(c, h, w, kernel, strides, pads, (1, 1))
        x = tensor(batch, c, h, w)
        limits = (h + pads[2], w + pads[3])
        total = batch * c * g[3] * g[4]
        out.append(Case(f"pool kind {pool_kind} pads {pads}", "pool",
                        [("in", x), ("out", total), total, pool_kind, limits[0], limits[1]] + g,
                        blocks(total), 256, reference_pool(x, batch, pool_kind, limits, g), exact=pool_kind == 0))
    # channel_affine: with scale and shift, and a bias alone (the GEMM convolution's epilogue).
    x, scale, shift = tensor(batch, 3, 7), tensor(3), tensor(3)
    total = x.size
    expected = (x.astype(np.float64) * scale[None, :, None] + shift[None, :, None]).ravel()
    out.append(Case("channel_affine", "channel_affine", [("in", x), ("in", scale), ("in", shift), ("out", total), total, 7, 3],
                    blocks(total), 256, expected))
    expected = (x.astype(np.float64) + shift[None, :, None]).ravel()
    out.append(Case("channel_affine bias only", "channel_affine", [("in", x), 0, ("in", shift), ("out", total), total, 7, 3],
                    blocks(total), 256, expected))
    # clip
    x = tensor(300)
    out.append(Case("clip", "clip", [("in", x), ("out", 300), 300, -0.25, 0.5], blocks(300), 256,
                    np.clip(x.astype(np.float64), -0.25, 0.5), exact=True))
    # softmax: padding mask (int32), causal, both; and a plain row over 70 columns.
    for rows, columns, masked, causal in [(6, 70, False, 0), (12, 6, True, 0), (12, 6, False, 6), (12, 6, True, 6)]:
        x = tensor(rows, columns, scale=4)
        mask = (random.uniform(size=(rows // 6 * 2, columns)) > 0.3).astype(np.int32) if masked else None
        if mask is not None:
            mask[:, 0] = 1
        per_mask = 3
        args = [("in", x), ("out", rows * columns), rows, columns, ("mask", mask) if masked else 0, per_mask, causal]
        out.append(Case(f"softmax rows {rows} mask {masked} causal {causal}", "softmax", args, rows, 32,
                        reference_softmax(x, rows, columns, mask, per_mask, causal)))
    # bias_act: every activation code, with and without a bias.
    activations = [lambda v: v, lambda v: np.maximum(v, 0),
                   lambda v: 0.5 * v * (1 + np.vectorize(math.erf)(v / math.sqrt(2))),
                   lambda v: 0.5 * v * (1 + np.tanh(0.7978845608 * (v + 0.044715 * v ** 3))),
                   np.tanh, lambda v: 1 / (1 + np.exp(-v))]
    for code, function in enumerate(activations):
        x, bias = tensor(5, 40, scale=3), tensor(40)
        for with_bias in (True, False):
            v = x.astype(np.float64) + (bias if with_bias else 0)
            out.append(Case(f"bias_act {code} bias {with_bias}", "bias_act",
                            [("in", x), ("in", bias) if with_bias else 0, ("out", 200), 200, 40, code],
                            blocks(200), 256, function(v).ravel()))
    a, b = tensor(300), tensor(300)
    out.append(Case("add", "add", [("in", a), ("in", b), ("out", 300), 300], blocks(300), 256,
                    (a.astype(np.float32) + b.astype(np.float32)).astype(np.float64), exact=True))
    # embedding: word + position (offset 2) + token type, and word alone.
    batch, sequence, hidden, vocabulary = 2, 5, 12, 9
    ids = random.integers(0, vocabulary, size=(batch, sequence)).astype(np.int32)
    types = random.integers(0, 2, size=(batch, sequence)).astype(np.int32)
    word, position, table = tensor(vocabulary, hidden), tensor(sequence + 2, hidden), tensor(2, hidden)
    total = batch * sequence * hidden
    expected = word[ids] + position[2:2 + sequence][None] + table[types]
    out.append(Case("embedding", "embedding",
                    [("mask", ids), ("mask", types), ("in", word), ("in", position), ("in", table), ("out", total),
                     total, sequence, hidden, 2], blocks(total), 256, expected.astype(np.float64).ravel()))
    out.append(Case("embedding word only", "embedding",
                    [("mask", ids), 0, ("in", word), 0, 0, ("out", total), total, sequence, hidden, 0],
                    blocks(total), 256, word[ids].astype(np.float64).ravel(), exact=True))
    # permute [B, X, Y, d] → [B, Y, X, d]
    x = tensor(2, 3, 4, 5)
    out.append(Case("permute", "permute", [("in", x), ("out", x.size), x.size, 3, 4, 5], blocks(x.size), 256,
                    x.transpose(0, 2, 1, 3).astype(np.float64).ravel(), exact=True))
    # mean_pool with padding (one row all padding pools to 0)
    x = tensor(3, 6, 10)
    mask = (random.uniform(size=(3, 6)) > 0.4).astype(np.int32)
    mask[2] = 0
    counts = np.maximum(mask.sum(axis=1), 1e-9)[:, None]
    expected = (x.astype(np.float64) * mask[:, :, None]).sum(axis=1) / counts
    out.append(Case("mean_pool", "mean_pool", [("in", x), ("mask", mask), ("out", 30), 30, 6, 10], blocks(30), 256,
                    expected.ravel()))
    # layer_norm over 50 columns
    x, gamma, beta = tensor(4, 50), tensor(50), tensor(50)
    mean = x.astype(np.float64).mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    expected = ((x - mean) / np.sqrt(var + 1e-5) * gamma + beta).ravel()
    out.append(Case("layer_norm", "layer_norm", [("in", x), ("in", gamma), ("in", beta), ("out", 200), 4, 50, 1e-5],
                    4, 32, expected))
    return out


def run_case(kernels, case, kind):
    kernel = kernels[f"{case.operation}_{kind}"]
    memory = Memory()
    arguments, output_address = [], None
    for argument in case.arguments:
        if isinstance(argument, tuple):
            role, value = argument
            if role == "in":
                arguments.append(memory.allocate(encode(value.ravel(), kind)))
            elif role == "mask":  # int32 data: masks, token ids and types
                arguments.append(memory.allocate(np.ascontiguousarray(value, dtype=np.int32).tobytes()))
            else:
                output_address = memory.allocate(bytes(value * (4 if kind == "f32" else 2)))
                arguments.append(output_address)
        else:
            arguments.append(argument)
    if len(arguments) != len(kernel.parameters):
        raise RuntimeError(f"{kernel.name}: {len(arguments)} arguments for {len(kernel.parameters)} parameters")
    launch(kernel, arguments, memory, case.grid, case.block)
    buffer, _ = memory.locate(output_address, 1)
    got = decode(buffer[: len(case.expected) * (4 if kind == "f32" else 2)], kind).astype(np.float64)
    expected = np.asarray(case.expected, dtype=np.float64)
    if case.exact:
        rounded = quantize(expected.astype(np.float32), kind).astype(np.float64)
        mismatches = int(np.sum(got != rounded))
        return mismatches == 0, float(mismatches)
    # f32: sums reorder; 16-bit: the output is rounded to 11 (fp16) or 8 (bf16) bits.
    relative = {"f32": 1e-5, "f16": 2e-3, "bf16": 1.6e-2}[kind]
    scale = np.maximum(1.0, np.abs(np.where(np.isfinite(expected), expected, 0)))
    finite_ok = np.array_equal(np.isinf(got), np.isinf(expected)) and not np.isnan(got).any()
    error = np.abs(np.where(np.isfinite(expected), got - expected, 0)) / scale
    return finite_ok and error.max() <= relative, float(error.max())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ptx", default="scripts/cuda_kernels.ptx")
    parser.add_argument("--kernel", help="only cases of this operation (e.g. pool)")
    options = parser.parse_args()
    kernels = parse_module(open(options.ptx).read())
    failures = 0
    covered = set()
    for kind in ("f32", "f16", "bf16"):
        random = np.random.default_rng(7)
        for case in cases(kind, random):
            covered.add(f"{case.operation}_{kind}")
            if options.kernel and case.operation != options.kernel:
                continue
            try:
                passed, error = run_case(kernels, case, kind)
                detail = (f"{int(error)} values differ from the rounded reference" if case.exact
                          else f"max relative error {error:.2e}")
            except Exception as problem:  # an interpreter error is a failure of that case
                passed, detail = False, f"{type(problem).__name__}: {problem}"
            failures += not passed
            print(f"{'ok  ' if passed else 'FAIL'} {kind:4} {case.name}: {detail}")
    for name in sorted(set(kernels) - covered):
        print(f"FAIL {name}: no case runs this kernel")
        failures += 1
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
