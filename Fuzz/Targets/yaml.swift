// A YAML-lite document, as every profile file is read.
import YAMLLite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  refusing { _ = try YAMLParser.parse(bytes: Array(buffer(data, size)), file: "f.yaml") }
  return 0
}
