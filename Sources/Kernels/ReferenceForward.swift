import Foundation
import ModelGraph

/// The scalar forward pass: every op as plain loops, sums in `Double`, no threads and no SIMD.
///
/// Kept forever as the oracle the fast path (`CPUModel`) is tested against. Values between
/// nodes are stored as `Float`, like the fast path, so the two differ only by summation
/// order and rounding inside each op.
///
/// Op semantics (shared with `CPUModel` and `docs/forward-pass.md`):
/// - dense: `y = x·Wᵀ + b`, `W` is `[out, in]`.
/// - gelu: `0.5·x·(1 + erf(x/√2))`; gelu_tanh: `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`;
///   sigmoid: `1/(1 + e^−x)`.
/// - softmax over the last axis, shifted by the row maximum.
/// - layer norm: `(x − mean)/√(var + ε)·γ + β`, biased variance (÷ width).
/// - embedding: `word[id] + position[offset + s] + tokenType[type]`.
/// - attention: per head, `softmax(q·kᵀ/√d)·v`; a key whose mask is 0 gets the score
///   `−Float.greatestFiniteMagnitude` before the softmax. Hugging Face adds
///   `(1 − mask)·finfo(float32).min` instead; in fp32 that sum rounds to the same value, so the
///   two agree, including rows whose keys are all masked (a uniform softmax).
/// - mean pool: `Σ mask·x / Σ mask` over the sequence; a row with no unmasked token gives zeros
///   (sentence-transformers clamps the count at 1e-9, which gives the same zeros).
public enum ReferenceForward {
  /// Runs `graph` on `input` and returns the graph's output value: `[batch, sequence, width]`
  /// for per-token values, `[batch, width]` for per-sample ones.
  /// - Throws: `GraphError` for a graph that does not check out, `ForwardPassError` for an input
  ///   that does not fit.
  public static func run(_ graph: Graph, input: ModelInput) throws -> Tensor {
    let analysis = try GraphAnalysis(graph)
    let (batchSize, sequenceLength) = try InputCheck.validate(input, graph: graph, analysis: analysis)
    var values: [String: [Float]] = [:]
    var tokens = TokenBatch(batchSize: 1, sequenceLength: 1, ids: [0])
    switch input {
    case .features(let tensor): values["features"] = tensor.scalars
    case .tokens(let batch): tokens = batch
    }
    let pass = Pass(graph: graph, analysis: analysis, batchSize: batchSize, sequenceLength: sequenceLength, tokens: tokens)
    for node in graph.nodes {
      values[node.output] = pass.apply(node, values)
    }
    let output = values[graph.output] ?? []
    let shape = analysis.outputBufferShape
    let dims = shape.scope == .token ? [batchSize, sequenceLength, shape.width] : [batchSize, shape.width]
    return Tensor(shape: dims, scalars: output)
  }

  /// Applies one activation in Double and rounds to Float.
  static func activate(_ activation: Activation, _ x: Float) -> Float {
    let v = Double(x)
    switch activation {
    case .relu: return x > 0 ? x : 0
    case .gelu: return Float(0.5 * v * (1 + erf(v / 2.0.squareRoot())))
    case .geluTanh: return Float(0.5 * v * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v))))
    case .tanh: return Float(Foundation.tanh(v))
    case .sigmoid: return Float(1 / (1 + exp(-v)))
    }
  }
}

/// One reference pass: the shapes it runs at and the loops for each op.
private struct Pass {
  let graph: Graph
  let analysis: GraphAnalysis
  let batchSize: Int
  let sequenceLength: Int
  let tokens: TokenBatch

  private func rows(_ value: String) -> Int {
    analysis.bufferShape(of: value)?.rows(batchSize: batchSize, sequenceLength: sequenceLength) ?? 0
  }

  private func weight(_ name: String) -> [Float] { graph.weights[name]?.scalars ?? [] }

  // Every value a node reads was checked to exist by the graph analysis.
  func apply(_ node: Node, _ values: [String: [Float]]) -> [Float] {
    let x = values[node.inputs[0]] ?? []
    let width = analysis.bufferShape(of: node.inputs[0])?.width ?? 0
    switch node.op {
    case let .dense(weightName, biasName):
      return dense(
        x, rows: rows(node.inputs[0]), inWidth: width, outWidth: analysis.bufferShape(of: node.output)?.width ?? 0,
        weight: weight(weightName), bias: biasName.map(weight))
    case .activation(let activation):
      return x.map { ReferenceForward.activate(activation, $0) }
    case .softmax:
      return softmax(x, width: width)
    case let .layerNorm(gamma, beta, epsilon):
      return layerNorm(x, width: width, gamma: weight(gamma), beta: weight(beta), epsilon: Double(epsilon))
    case .add:
      let y = values[node.inputs[1]] ?? []
      return zip(x, y).map { Float(Double($0) + Double($1)) }
    case let .embedding(word, position, tokenType, positionOffset):
      return embedding(
        word: weight(word), position: position.map(weight), tokenType: tokenType.map(weight),
        positionOffset: positionOffset, width: analysis.bufferShape(of: node.output)?.width ?? 0)
    case .attention(let heads):
      return attention(q: x, k: values[node.inputs[1]] ?? [], v: values[node.inputs[2]] ?? [], width: width, heads: heads)
    case .causalAttention(let heads):
      return attention(
        q: x, k: values[node.inputs[1]] ?? [], v: values[node.inputs[2]] ?? [], width: width, heads: heads, causal: true)
    case .meanPool:
      return meanPool(x, width: width)
    case .convolution, .pool, .channelAffine, .clip:
      return image(node, x, width: width)
    }
  }

  // x is rows×inWidth, w is out×inWidth, y is rows×out.
  private func dense(_ x: [Float], rows: Int, inWidth: Int, outWidth out: Int, weight w: [Float], bias: [Float]?) -> [Float] {
    var y = [Float](repeating: 0, count: rows * out)
    for r in 0..<rows {
      for o in 0..<out {
        var sum = Double(bias?[o] ?? 0)
        for i in 0..<inWidth { sum += Double(x[r * inWidth + i]) * Double(w[o * inWidth + i]) }
        y[r * out + o] = Float(sum)
      }
    }
    return y
  }

  private func softmax(_ x: [Float], width: Int) -> [Float] {
    var y = x
    for start in stride(from: 0, to: x.count, by: max(width, 1)) {
      let row = x[start..<start + width].map(Double.init)
      let largest = row.max() ?? 0
      let exps = row.map { exp($0 - largest) }
      let total = exps.reduce(0, +)
      for i in 0..<width { y[start + i] = Float(exps[i] / total) }
    }
    return y
  }

  private func layerNorm(_ x: [Float], width: Int, gamma: [Float], beta: [Float], epsilon: Double) -> [Float] {
    var y = x
    for start in stride(from: 0, to: x.count, by: max(width, 1)) {
      let row = x[start..<start + width].map(Double.init)
      let mean = row.reduce(0, +) / Double(width)
      let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)
      let scale = 1 / (variance + epsilon).squareRoot()
      for i in 0..<width { y[start + i] = Float((row[i] - mean) * scale * Double(gamma[i]) + Double(beta[i])) }
    }
    return y
  }

  private func embedding(word: [Float], position: [Float]?, tokenType: [Float]?, positionOffset: Int, width: Int) -> [Float] {
    var y = [Float](repeating: 0, count: batchSize * sequenceLength * width)
    for b in 0..<batchSize {
      for s in 0..<sequenceLength {
        let t = b * sequenceLength + s
        let id = Int(tokens.ids[t])
        let type = Int(tokens.tokenTypes[t])
        for i in 0..<width {
          var sum = Double(word[id * width + i])
          if let position { sum += Double(position[(positionOffset + s) * width + i]) }
          if let tokenType { sum += Double(tokenType[type * width + i]) }
          y[t * width + i] = Float(sum)
        }
      }
    }
    return y
  }

  // q, k, v, output: [batch, sequence, width]; head h owns columns h·d ..< (h+1)·d.
  private func attention(q: [Float], k: [Float], v: [Float], width: Int, heads: Int, causal: Bool = false) -> [Float] {
    let (batches, length, d) = (batchSize, sequenceLength, width / heads)
    let scale = 1 / Double(d).squareRoot()
    var y = [Float](repeating: 0, count: q.count)
    var scores = [Double](repeating: 0, count: length)
    for b in 0..<batches {
      for h in 0..<heads {
        for i in 0..<length {
          let qRow = (b * length + i) * width + h * d
          for j in 0..<length {
            let kRow = (b * length + j) * width + h * d
            var dot = 0.0
            for c in 0..<d { dot += Double(q[qRow + c]) * Double(k[kRow + c]) }
            let hidden = tokens.mask[b * length + j] == 0 || (causal && j > i)
            scores[j] = hidden ? -Double(Float.greatestFiniteMagnitude) : dot * scale
          }
          let largest = scores.max() ?? 0
          var total = 0.0
          for j in 0..<length {
            scores[j] = exp(scores[j] - largest)
            total += scores[j]
          }
          for c in 0..<d {
            var sum = 0.0
            for j in 0..<length { sum += scores[j] * Double(v[(b * length + j) * width + h * d + c]) }
            y[qRow + c] = Float(sum / total)
          }
        }
      }
    }
    return y
  }

  private func image(_ node: Node, _ x: [Float], width: Int) -> [Float] {
    var names: (String?, String?) = (nil, nil)
    switch node.op {
    case let .convolution(weight, bias, _): names = (weight, bias)
    case let .channelAffine(scale, shift, _): names = (scale, shift)
    default: break
    }
    let (w, b) = (names.0.map(weight) ?? [], names.1.map(weight) ?? [])
    var y = [Float](repeating: 0, count: batchSize * (analysis.bufferShape(of: node.output)?.width ?? 0))
    x.withUnsafeBufferPointer { xs in
      w.withUnsafeBufferPointer { ws in
        b.withUnsafeBufferPointer { bs in
          y.withUnsafeMutableBufferPointer { ys in
            guard let xBase = xs.baseAddress, let yBase = ys.baseAddress else { return }
            ImageKernels.run(
              node.op, x: xBase, y: yBase, batch: batchSize, width: width, weight: names.0 == nil ? nil : ws.baseAddress,
              bias: names.1 == nil ? nil : bs.baseAddress)
          }
        }
      }
    }
    return y
  }

  private func meanPool(_ x: [Float], width: Int) -> [Float] {
    var y = [Float](repeating: 0, count: batchSize * width)
    for b in 0..<batchSize {
      var count = 0.0
      var sums = [Double](repeating: 0, count: width)
      for s in 0..<sequenceLength where tokens.mask[b * sequenceLength + s] != 0 {
        count += 1
        for i in 0..<width { sums[i] += Double(x[(b * sequenceLength + s) * width + i]) }
      }
      if count > 0 { for i in 0..<width { y[b * width + i] = Float(sums[i] / count) } }
    }
    return y
  }
}
