import Dispatch
import Foundation
import ModelGraph

/// A plain fp32 forward pass on the host: the oracle the GPU backend is checked against (by the
/// tests through the fake driver, and by `gpu-check` on a real GPU). Written for clarity, not
/// speed: dot products in f32 with Double accumulation, rows spread over the cores.
public enum CUDAReferenceForward {
  /// Runs `graph` on `input` and returns its output value.
  /// - Throws: `CUDAError(.unsupported)` when a node reads a value or weight that is missing.
  public static func run(_ graph: Graph, input: ModelInput) throws -> Tensor {
    var values: [String: Tensor] = [:]
    var integers: [String: [Int32]] = [:]
    var sequenceLength = 0
    switch input {
    case .features(let tensor): values["features"] = tensor
    case .tokens(let batch):
      integers["input_ids"] = batch.ids
      integers["token_type_ids"] = batch.tokenTypes
      integers["attention_mask"] = batch.mask
      sequenceLength = batch.sequenceLength
    }
    func value(_ name: String) throws -> Tensor {
      guard let tensor = values[name] else {
        throw CUDAError(.unsupported, "reference: '\(name)' is not defined")
      }
      return tensor
    }
    func weight(_ name: String) throws -> Tensor {
      guard let tensor = graph.weights[name] else {
        throw CUDAError(.unsupported, "reference: weight '\(name)' is missing")
      }
      return tensor
    }
    func mask(_ name: String) throws -> [Int32] {
      guard let mask = integers[name] else {
        throw CUDAError(.unsupported, "reference: '\(name)' is not an integer input")
      }
      return mask
    }
    for node in graph.nodes {
      let output: Tensor
      switch node.op {
      case .dense(let w, let b):
        output = dense(try value(node.inputs[0]), try weight(w), try b.map(weight))
      case .activation(let activation):
        let x = try value(node.inputs[0])
        output = Tensor(shape: x.shape, scalars: x.scalars.map { activate($0, activation) })
      case .softmax:
        let x = try value(node.inputs[0])
        output = softmax(x, mask: nil, rowsPerMaskRow: 1)
      case .layerNorm(let gamma, let beta, let epsilon):
        output = layerNorm(
          try value(node.inputs[0]), gamma: try weight(gamma), beta: try weight(beta),
          epsilon: epsilon)
      case .add:
        let a = try value(node.inputs[0])
        let b = try value(node.inputs[1])
        output = Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { $0 + $1 })
      case .embedding(let word, let position, let tokenType, let offset):
        let ids = try mask(node.inputs[0])
        let types = node.inputs.count > 1 ? try mask(node.inputs[1]) : nil
        let table = try weight(word)
        let hidden = table.shape[1]
        let positions = try position.map(weight)
        let typeTable = try tokenType.map(weight)
        var y = [Float](repeating: 0, count: ids.count * hidden)
        for token in 0..<ids.count {
          let s = token % sequenceLength
          for h in 0..<hidden {
            var v = table.scalars[Int(ids[token]) * hidden + h]
            if let positions { v += positions.scalars[(s + offset) * hidden + h] }
            if let typeTable { v += typeTable.scalars[Int(types?[token] ?? 0) * hidden + h] }
            y[token * hidden + h] = v
          }
        }
        output = Tensor(shape: [ids.count / sequenceLength, sequenceLength, hidden], scalars: y)
      case .attention(let heads):
        output = attention(
          q: try value(node.inputs[0]), k: try value(node.inputs[1]),
          v: try value(node.inputs[2]), mask: try mask(node.inputs[3]), heads: heads)
      case .meanPool:
        let x = try value(node.inputs[0])
        let m = try mask(node.inputs[1])
        let (batch, sequence, hidden) = (x.shape[0], x.shape[1], x.shape[2])
        var y = [Float](repeating: 0, count: batch * hidden)
        for b in 0..<batch {
          let count = max(Float((0..<sequence).reduce(0) { $0 + Int(m[b * sequence + $1]) }), 1e-9)
          for h in 0..<hidden {
            var sum: Float = 0
            for s in 0..<sequence { sum += Float(m[b * sequence + s]) * x.scalars[(b * sequence + s) * hidden + h] }
            y[b * hidden + h] = sum / count
          }
        }
        output = Tensor(shape: [batch, hidden], scalars: y)
      }
      values[node.output] = output
    }
    return try value(graph.output)
  }

  /// The activation functions, exactly as PyTorch defines them.
  public static func activate(_ x: Float, _ activation: Activation) -> Float {
    switch activation {
    case .relu: return max(x, 0)
    case .gelu: return 0.5 * x * (1 + Float(erf(Double(x) / 2.0.squareRoot())))
    case .geluTanh:
      let inner = 0.797_884_560_8 * (Double(x) + 0.044_715 * Double(x * x * x))
      return Float(0.5 * Double(x) * (1 + tanh(inner)))
    case .tanh: return Float(tanh(Double(x)))
    case .sigmoid: return Float(1 / (1 + exp(-Double(x))))
    }
  }

  static func dense(_ x: Tensor, _ w: Tensor, _ b: Tensor?) -> Tensor {
    let (outFeatures, inFeatures) = (w.shape[0], w.shape[1])
    let rows = x.count / inFeatures
    var y = [Float](repeating: 0, count: rows * outFeatures)
    y.withUnsafeMutableBufferPointer { out in
      x.scalars.withUnsafeBufferPointer { xBuffer in
        w.scalars.withUnsafeBufferPointer { wBuffer in
          // Each iteration writes its own row: no overlap between threads.
          nonisolated(unsafe) let output = out
          nonisolated(unsafe) let xs = xBuffer
          nonisolated(unsafe) let ws = wBuffer
          let bias = b?.scalars
          DispatchQueue.concurrentPerform(iterations: rows) { r in
            for o in 0..<outFeatures {
              var sum = 0.0
              for i in 0..<inFeatures { sum += Double(xs[r * inFeatures + i] * ws[o * inFeatures + i]) }
              output[r * outFeatures + o] = Float(sum) + (bias?[o] ?? 0)
            }
          }
        }
      }
    }
    return Tensor(shape: x.shape.dropLast() + [outFeatures], scalars: y)
  }

  static func softmax(_ x: Tensor, mask: [Int32]?, rowsPerMaskRow: Int) -> Tensor {
    let columns = x.shape.last ?? 1
    var y = x.scalars
    for row in 0..<(x.count / columns) {
      let base = row * columns
      var values = (0..<columns).map { x.scalars[base + $0] }
      if let mask {
        let maskRow = (row / rowsPerMaskRow) * columns
        for c in 0..<columns where mask[maskRow + c] == 0 { values[c] = -1e9 }
      }
      let maximum = values.max() ?? 0
      let exps = values.map { exp($0 - maximum) }
      let sum = exps.reduce(0, +)
      for c in 0..<columns { y[base + c] = exps[c] / sum }
    }
    return Tensor(shape: x.shape, scalars: y)
  }

  static func layerNorm(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> Tensor {
    let columns = x.shape.last ?? 1
    var y = x.scalars
    for row in 0..<(x.count / columns) {
      let slice = x.scalars[(row * columns)..<((row + 1) * columns)]
      let mean = slice.reduce(0.0) { $0 + Double($1) } / Double(columns)
      let variance = slice.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(columns)
      let inverse = 1 / (variance + Double(epsilon)).squareRoot()
      for c in 0..<columns {
        let normalised = (Double(x.scalars[row * columns + c]) - mean) * inverse
        y[row * columns + c] = Float(normalised) * gamma.scalars[c] + beta.scalars[c]
      }
    }
    return Tensor(shape: x.shape, scalars: y)
  }

  static func attention(q: Tensor, k: Tensor, v: Tensor, mask: [Int32], heads: Int) -> Tensor {
    let (batch, sequence, hidden) = (q.shape[0], q.shape[1], q.shape[2])
    let d = hidden / heads
    let scale = 1 / Float(d).squareRoot()
    var y = [Float](repeating: 0, count: q.count)
    for b in 0..<batch {
      for h in 0..<heads {
        for i in 0..<sequence {
          var scores = [Float](repeating: 0, count: sequence)
          for j in 0..<sequence {
            var dot: Float = 0
            for e in 0..<d {
              dot += q.scalars[(b * sequence + i) * hidden + h * d + e] * k.scalars[(b * sequence + j) * hidden + h * d + e]
            }
            scores[j] = mask[b * sequence + j] == 0 ? -1e9 : dot * scale
          }
          let p = softmax(Tensor(shape: [sequence], scalars: scores), mask: nil, rowsPerMaskRow: 1).scalars
          for e in 0..<d {
            var sum: Float = 0
            for j in 0..<sequence { sum += p[j] * v.scalars[(b * sequence + j) * hidden + h * d + e] }
            y[(b * sequence + i) * hidden + h * d + e] = sum
          }
        }
      }
    }
    return Tensor(shape: q.shape, scalars: y)
  }
}
