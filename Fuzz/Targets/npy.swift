// A NumPy .npy file (`model run --input`): magic, version, header dict, shape and data size.
import Foundation
import ModelGraph

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  refusing {
    let array = try NPYFile.read(bytes: Data(buffer: buffer(data, size)), path: "x.npy")
    _ = try? array.floatTensor()
    _ = try? array.int32Values()
  }
  return 0
}
