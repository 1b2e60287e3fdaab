import Foundation

// CNN ops on flattened images (`[batch, C·H·W]`, see `ImageGeometry`): Conv, BatchNormalization
// (a per-channel affine), MaxPool, AveragePool, GlobalAveragePool, Flatten, and ReduceMean over
// the spatial axes (the dynamo exporter's GlobalAveragePool).

extension ONNXLowerer {
  /// The graph value of ONNX value `name` and its image layout.
  mutating func image(_ name: String) throws -> (String, ImageGeometry) {
    let x = try materialize(name)
    guard let geometry = images[x] else { throw refuse("reads '\(name)', which is not an image [batch, C, H, W]") }
    return (x, geometry)
  }

  /// An image window from ONNX attributes; `auto_pad` other than NOTSET and `ceil_mode` are refused.
  func window(_ node: ONNXNode, kernel: [Int]) throws -> ImageWindow {
    if let autoPad = node.attribute("auto_pad")?.text, autoPad != "NOTSET" { throw refuse("auto_pad \(autoPad); export with explicit pads") }
    if node.attribute("ceil_mode")?.int ?? 0 != 0 { throw refuse("ceil_mode = 1 is not supported") }
    func list(_ name: String, _ fallback: [Int]) -> [Int] { node.attribute(name)?.ints?.map { Int(clamping: $0) } ?? fallback }
    return ImageWindow(
      kernel: list("kernel_shape", kernel), strides: list("strides", [1, 1]), pads: list("pads", [0, 0, 0, 0]),
      dilations: list("dilations", [1, 1]))
  }

  mutating func convolution(_ node: ONNXNode, _ inputs: [String], output: String) throws -> LoweredValue {
    let (x, geometry) = try image(inputs[0])
    guard case let .constant(w) = try value(inputs[1]), w.shape.count == 4 else { throw refuse("needs a constant 4-D weight") }
    let groups = Int(clamping: node.attribute("group")?.int ?? 1)
    let spec = ConvolutionSpec(
      input: geometry, outputChannels: w.shape[0], window: try window(node, kernel: Array(w.shape[2...])), groups: groups)
    guard let out = spec.output, let count = out.elementCount, groups >= 1, w.shape[1] * groups == geometry.channels,
      spec.window.kernel == Array(w.shape[2...])
    else { throw refuse("weight \(w.shape), groups \(groups) and window do not fit an input of \(geometry)") }
    let weightName = try weight(w, shape: w.shape)
    var bias: String?
    if !inputs[2].isEmpty {
      guard case let .constant(b) = try value(inputs[2]), b.count == w.shape[0] else { throw refuse("needs a constant bias of \(w.shape[0]) values") }
      bias = try weight(b, shape: [w.shape[0]])
    }
    let made = emit(.convolution(weight: weightName, bias: bias, spec: spec), inputs: [x], output: output, dims: [.batch, .fixed(count)])
    images[made] = out
    return .tensor(made)
  }

  /// Inference BatchNormalization: `(x − mean)/√(var + ε)·γ + β` per channel, as one affine.
  mutating func batchNormalization(_ node: ONNXNode, _ inputs: [String], output: String) throws -> LoweredValue {
    let (x, geometry) = try image(inputs[0])
    var tables: [[Float]] = []
    for index in 1...4 {
      guard case let .constant(c) = try value(inputs[index]), case let .floats(values) = c.values, values.count == geometry.channels else {
        throw refuse("needs constant scale, bias, mean and variance of \(geometry.channels) values")
      }
      tables.append(values)
    }
    let epsilon = Double(node.attribute("epsilon")?.float ?? 1e-5)
    var scale = [Float](), shift = [Float]()
    for c in 0..<geometry.channels {
      let factor = Double(tables[0][c]) / (Double(tables[3][c]) + epsilon).squareRoot()
      scale.append(Float(factor))
      shift.append(Float(Double(tables[1][c]) - Double(tables[2][c]) * factor))
    }
    guard (scale + shift).allSatisfy(\.isFinite) else { throw refuse("a batch norm with a non-finite scale (variance + ε ≤ 0?)") }
    let scaleName = filledWeight(output + ".scale", count: geometry.channels, value: 0)
    let shiftName = filledWeight(output + ".shift", count: geometry.channels, value: 0)
    weights[scaleName] = Tensor(shape: [geometry.channels], scalars: scale)
    weights[shiftName] = Tensor(shape: [geometry.channels], scalars: shift)
    let made = emit(.channelAffine(scale: scaleName, shift: shiftName, channels: geometry.channels), inputs: [x], output: output, dims: try graphDims(x))
    return .tensor(made)
  }

  mutating func pooling(_ node: ONNXNode, _ inputs: [String], output: String) throws -> LoweredValue {
    let (x, geometry) = try image(inputs[0])
    let kind: PoolSpec.Kind = node.opType == "MaxPool" ? .max : .average
    if node.opType == "MaxPool", node.outputs.count > 1, !node.outputs[1].isEmpty { throw refuse("MaxPool's indices output is not supported") }
    let window = node.opType == "GlobalAveragePool"
      ? ImageWindow(kernel: [geometry.height, geometry.width]) : try self.window(node, kernel: [])
    return try emitPool(PoolSpec(kind: kind, input: geometry, window: window, countsPadding: node.attribute("count_include_pad")?.int == 1), x, output)
  }

  mutating func emitPool(_ spec: PoolSpec, _ x: String, _ output: String) throws -> LoweredValue {
    guard let out = spec.output, let count = out.elementCount else { throw refuse("the pooling window does not fit \(spec.input)") }
    let made = emit(.pool(spec), inputs: [x], output: output, dims: [.batch, .fixed(count)])
    images[made] = out
    return .tensor(made)
  }

  /// Flatten from axis 1 (an image's data is already flat in the graph).
  mutating func flatten(_ node: ONNXNode, _ inputs: [String]) throws -> LoweredValue {
    let axis = node.attribute("axis")?.int ?? 1
    let x = try materialize(inputs[0])
    // An image's data, or a [batch, features] value, is already flat; [batch, sequence, H] is not.
    let dimensions = try graphDims(x)
    guard axis == 1, images[x] != nil || dimensions.count == 2 else {
      throw refuse("flattens \(dimensions) from axis \(axis); only images and [batch, features] from axis 1")
    }
    return .tensor(x)
  }

  /// ReduceMean over the two spatial axes of an image: a global average pool.
  mutating func spatialMean(_ input: String, axes: [Int], output: String) throws -> LoweredValue? {
    guard let x = try? materialize(input), let geometry = images[x], Set(axes.map { $0 < 0 ? $0 + 4 : $0 }) == [2, 3] else { return nil }
    return try emitPool(PoolSpec(kind: .average, input: geometry, window: ImageWindow(kernel: [geometry.height, geometry.width])), x, output)
  }

  /// Clip of a value: ReLU when only a lower bound of 0 is given, otherwise a clip node.
  mutating func clipValue(_ input: String, minimum: Double?, maximum: Double?, output: String) throws -> LoweredValue {
    let x = try materialize(input)
    if minimum == 0, maximum == nil { return .tensor(emit(.activation(.relu), inputs: [x], output: output, dims: try graphDims(x))) }
    let low = Float(minimum ?? -Double(Float.greatestFiniteMagnitude)), high = Float(maximum ?? Double(Float.greatestFiniteMagnitude))
    guard !low.isNaN, !high.isNaN, low <= high else { throw refuse("clips to \(low) … \(high)") }
    return .tensor(emit(.clip(minimum: low, maximum: high), inputs: [x], output: output, dims: try graphDims(x)))
  }
}
