// An ONNX model: the protobuf reader, the ONNX decoder and the lowering onto the graph (what
// `ModelLoader.load` does for a `.onnx` file; external data is refused, there is no folder).
import Foundation
import ModelGraph

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  refusing {
    let model = try ONNXModel(bytes: Data(buffer: buffer(data, size)), path: "model.onnx")
    _ = try ONNXLowering.lower(model, inputShapes: [:])
  }
  return 0
}
