// A native model file: the safetensors header (lengths, JSON, tensor entries and offsets), the
// graph JSON in its metadata, the tensors' conversion and the graph's checks. `ModelLoader`
// sends any file that is not ONNX here.
import Foundation
import ModelGraph

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  refusing { _ = try ModelFile.read(bytes: Data(buffer: buffer(data, size)), path: "model.bin") }
  return 0
}
