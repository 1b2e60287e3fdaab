import Foundation
import ModelGraph

/// The committed ONNX fixtures (Tests/ModelGraphTests/Fixtures/onnx, made by its
/// make_onnx_fixtures.py) and the inputs their ONNX Runtime outputs were computed from.
public enum ONNXFixtures {
  /// The fixtures folder.
  public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ModelGraphTests/Fixtures/onnx").path

  /// The model input built from the family's `input.<name>.npy` files, by the file's input names.
  /// Images flow flattened: `[batch, C, H, W]` → `[batch, C·H·W]`.
  public static func input(for lowered: ONNXLoweredModel, family: String) throws -> ModelInput {
    func read(_ name: String) throws -> NPYArray { try NPYFile.read(path: "\(folder)/\(family)/input.\(name).npy") }
    if case .mlp = lowered.graph.kind {
      let tensor = try read(lowered.inputs[0].name).floatTensor()
      return .features(Tensor(shape: [tensor.shape[0], tensor.count / tensor.shape[0]], scalars: tensor.scalars))
    }
    var ids: NPYArray?, mask: [Int32]?, types: [Int32]?
    for binding in lowered.inputs {
      switch binding.role {
      case .tokenIDs: ids = try read(binding.name)
      case .attentionMask: mask = try read(binding.name).int32Values()
      case .tokenTypes: types = try read(binding.name).int32Values()
      case .data: break
      }
    }
    guard let found = ids else { throw FixtureError(message: "\(family): the lowered model has no token-id input") }
    return .tokens(TokenBatch(
      batchSize: found.shape[0], sequenceLength: found.shape[1], ids: try found.int32Values(), mask: mask, tokenTypes: types))
  }

  /// A fixture that does not have what a test needs.
  public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }
}
