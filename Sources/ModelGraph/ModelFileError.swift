/// A problem found while reading or writing a model file or a Hugging Face model folder.
///
/// Every case names the file and says what was wrong, what was found and how to fix it.
/// Nothing in a file is trusted before it is checked, so a bad file ends here, never in a
/// crash or a huge allocation.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
  case unreadable(path: String, reason: String)
  case tooShort(path: String, size: Int, needed: Int)
  case headerTooLarge(path: String, length: UInt64, limit: Int)
  case headerPastEnd(path: String, length: UInt64, fileSize: Int)
  case headerNotJSON(path: String, detail: String)
  case notInferPlanModel(path: String, found: String)
  case unsupportedFormatVersion(path: String, found: String)
  case badTensorEntry(path: String, tensor: String, problem: String)
  case unsupportedDType(path: String, tensor: String, dtype: String)
  case negativeDimension(path: String, tensor: String, shape: String)
  case shapeOverflow(path: String, tensor: String, shape: String)
  case tooManyParameters(path: String, count: String, limit: Int)
  case offsetsOutOfRange(path: String, tensor: String, begin: Int, end: Int, dataBytes: Int)
  case sizeMismatch(path: String, tensor: String, shape: [Int], dtype: String, expectedBytes: Int, foundBytes: Int)
  case overlappingTensors(path: String, first: String, second: String)
  case gapInData(path: String, after: String, expectedBegin: Int, foundBegin: Int)
  case trailingData(path: String, usedBytes: Int, dataBytes: Int)
  case graphNotJSON(path: String, detail: String)
  case badGraph(path: String, location: String, problem: String)
  case unknownOp(path: String, node: String, op: String)
  case tensorMissing(path: String, tensor: String)
  case invalidGraph(path: String, problem: GraphError)
  case configMissing(directory: String)
  case configMalformed(path: String, detail: String)
  case unsupportedModelType(path: String, found: String)
  case unsupportedSetting(path: String, key: String, found: String, supported: String)
  case weightsMissing(directory: String)
  case shardIndexInvalid(path: String, problem: String)
  case writeFailed(path: String, reason: String)

  /// Hugging Face `model_type` values the importer reads.
  public static let supportedModelTypes = ["bert", "distilbert", "roberta"]

  public var description: String {
    switch self {
    case let .unreadable(path, reason):
      "\(path): cannot read the model (\(reason)). Check the path and its permissions."
    case let .tooShort(path, size, needed):
      "\(path): file is \(size) bytes; a model file needs at least \(needed). "
        + "The file is truncated or not a model: create one with `infer-plan model create small.bin --preset small`."
    case let .headerTooLarge(path, length, limit):
      "\(path): header length field says \(length) bytes, above the \(limit)-byte limit. "
        + "The file is corrupt or not a safetensors model."
    case let .headerPastEnd(path, length, fileSize):
      "\(path): header length field says \(length) bytes, but the file has only \(fileSize) bytes. "
        + "The file is truncated or not a safetensors model."
    case let .headerNotJSON(path, detail):
      "\(path): header is not valid JSON (\(detail)). The file is corrupt or not a safetensors model."
    case let .notInferPlanModel(path, found):
      "\(path): not an infer-plan model (\(found)). Create one with "
        + "`infer-plan model create small.bin --preset small`, or pass a Hugging Face model as its folder "
        + "(with config.json and model.safetensors), or put its config.json beside this file."
    case let .unsupportedFormatVersion(path, found):
      "\(path): format_version '\(found)' is not supported; this infer-plan reads version 1. "
        + "Recreate the model with this version of `infer-plan model create`."
    case let .badTensorEntry(path, tensor, problem):
      "\(path): tensor '\(tensor)': \(problem)."
    case let .unsupportedDType(path, tensor, dtype):
      "\(path): tensor '\(tensor)' has dtype '\(dtype)'; supported: F32, F16, BF16. Convert the weights to F32."
    case let .negativeDimension(path, tensor, shape):
      "\(path): tensor '\(tensor)' has shape \(shape) with a negative or non-integer size; sizes must be whole numbers 0 or more."
    case let .shapeOverflow(path, tensor, shape):
      "\(path): tensor '\(tensor)' has shape \(shape), whose element count overflows. The file is corrupt."
    case let .tooManyParameters(path, count, limit):
      "\(path): the tensors claim \(count) parameters, above the limit of \(limit). The file is corrupt or the model too large."
    case let .offsetsOutOfRange(path, tensor, begin, end, dataBytes):
      "\(path): tensor '\(tensor)' has data_offsets [\(begin), \(end)], outside the \(dataBytes) data bytes "
        + "after the header. The file is truncated or corrupt."
    case let .sizeMismatch(path, tensor, shape, dtype, expectedBytes, foundBytes):
      "\(path): tensor '\(tensor)' (\(dtype), shape \(shape)) needs \(expectedBytes) bytes, but its data_offsets "
        + "span \(foundBytes). The dtype or shape does not match the data."
    case let .overlappingTensors(path, first, second):
      "\(path): tensors '\(first)' and '\(second)' overlap in the data section. The file is corrupt."
    case let .gapInData(path, after, expectedBegin, foundBegin):
      "\(path): the tensor after '\(after)' starts at byte \(foundBegin), expected \(expectedBegin); "
        + "tensor data must be contiguous. The file is corrupt."
    case let .trailingData(path, usedBytes, dataBytes):
      "\(path): tensors use \(usedBytes) of the \(dataBytes) data bytes; the rest is not described by the header. "
        + "The file is corrupt."
    case let .graphNotJSON(path, detail):
      "\(path): __metadata__.graph is not valid JSON (\(detail)). See docs/model-format.md for the graph schema."
    case let .badGraph(path, location, problem):
      "\(path): graph \(location): \(problem). See docs/model-format.md for the graph schema."
    case let .unknownOp(path, node, op):
      "\(path): node '\(node)' has unknown op '\(op)'; known ops: \(Op.fileNames.joined(separator: ", "))."
    case let .tensorMissing(path, tensor):
      "\(path): tensor '\(tensor)' is missing. The weights do not match the model's config, or the file is incomplete."
    case let .invalidGraph(path, problem):
      "\(path): \(problem)"
    case let .configMissing(directory):
      "\(directory): no config.json in the model folder. A Hugging Face model folder needs config.json and "
        + "model.safetensors; a native model is a single file."
    case let .configMalformed(path, detail):
      "\(path): \(detail). Fix config.json or download it again."
    case let .unsupportedModelType(path, found):
      "\(path): model_type '\(found)' is not supported; supported: \(ModelFileError.supportedModelTypes.joined(separator: ", "))."
    case let .unsupportedSetting(path, key, found, supported):
      "\(path): \(key) '\(found)' is not supported; supported: \(supported)."
    case let .weightsMissing(directory):
      "\(directory): no model.safetensors (or model.safetensors.index.json with its shards) in the model "
        + "folder. Download the safetensors weights (PyTorch .bin weights are not read)."
    case let .shardIndexInvalid(path, problem):
      "\(path): bad shard index: \(problem). Download the index and its shards again from the same revision."
    case let .writeFailed(path, reason):
      "\(path): cannot write the model (\(reason)). Check that the folder exists and is writable."
    }
  }
}
