import ModelGraph
import Records
import Testing

/// Graphs the lowering was never meant for: real exports with seeded damage (a node dropped,
/// inputs swapped or rewired, an attribute or op changed, a constant's values replaced). Each
/// must lower or throw a lowering or graph error; a trap would end the test process.
@Suite("ONNX lowering of damaged graphs")
struct ONNXLoweringMutationTests {
  static let files = [
    "bert/ts14.onnx", "bert/dynamo18.onnx", "gpt2/ts17.onnx", "gpt2/dynamo20.onnx", "mlp/ts14.onnx", "cnn/ts14.onnx", "cnn/dynamo20.onnx",
  ]

  static func damaged(_ graph: ONNXGraph, _ random: inout SplitMix64) -> ONNXGraph {
    var graph = graph
    func pick(_ count: Int) -> Int { Int(random.next() % UInt64(max(count, 1))) }
    let index = pick(graph.nodes.count)
    var node = graph.nodes[index]
    let names = graph.nodes[..<index].flatMap(\.outputs) + graph.inputs.map(\.name) + graph.initializers.map(\.name)
    switch pick(6) {
    case 0: graph.nodes.remove(at: index)
    case 1 where node.inputs.count > 1: node.inputs.swapAt(0, node.inputs.count - 1)
    case 2 where !node.inputs.isEmpty && !names.isEmpty: node.inputs[pick(node.inputs.count)] = names[pick(names.count)]
    case 3 where !node.attributes.isEmpty:
      let slot = pick(node.attributes.count)
      let values: [ONNXAttribute.Value] = [.int(-1), .int(0), .int(3), .int(Int64.max), .ints([0, 3, 1, 2]), .ints([]), .float(-0.0)]
      node.attributes[slot].value = values[pick(values.count)]
    case 4: node.opType = ONNXLowering.supportedOps[pick(ONNXLowering.supportedOps.count)]
    default:
      guard !graph.initializers.isEmpty else { break }
      let slot = pick(graph.initializers.count)
      let tensor = graph.initializers[slot]
      let fills: [Float] = [0, -1, .nan, .infinity, 1e30]
      let fill = fills[pick(fills.count)]
      let values: ONNXTensor.Values =
        switch tensor.values {
        case .floats(let floats): .floats(floats.map { _ in fill })
        case .integers(let integers): .integers(integers.map { _ in [Int64.min, -1, 0, Int64.max][pick(4)] })
        }
      graph.initializers[slot] = ONNXTensor(name: tensor.name, dataType: tensor.dataType, dims: tensor.dims, values: values)
    }
    if index < graph.nodes.count, graph.nodes[index].name == node.name { graph.nodes[index] = node }
    return graph
  }

  @Test("seeded damage: lowered or refused with an error, never a trap", arguments: files)
  func damage(file: String) throws {
    let model = try ONNXModel(path: ModelGraphTestFiles.fixture("onnx/" + file))
    var random = SplitMix64(seed: 17)
    var refused = 0
    for _ in 0..<150 {
      var graph = model.graph
      for _ in 0..<(1 + Int(random.next() % 3)) { graph = Self.damaged(graph, &random) }
      do {
        _ = try ONNXLowering.lower(graph, path: file)
      } catch is ONNXLoweringError {
        refused += 1
      } catch is GraphError {
        refused += 1
      }
    }
    #expect(refused > 0)
  }
}
