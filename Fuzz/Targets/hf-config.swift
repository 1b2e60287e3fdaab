// A Hugging Face model folder's config.json, beside a fixed tiny BERT model.safetensors, read
// by the loader the CLI uses for a folder.
import Foundation
import ModelGraph

/// The folder, with the weights written once (a 2-layer BERT of hidden size 8).
let folder: String = {
  let folder = scratchFolder + "/hf"
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  // scripts/fuzz.sh runs the targets from the package root.
  let source = "Tests/ModelGraphTests/Fixtures/hf-bert/model.safetensors"
  guard let weights = FileManager.default.contents(atPath: source) else { fatalError("missing \(source)") }
  writeFile(folder + "/model.safetensors", weights)
  return folder
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  writeFile(folder + "/config.json", Data(buffer: buffer(data, size)))
  refusing { _ = try HuggingFaceModel.load(directory: folder) }
  return 0
}
