// A validate JSON (`plan --validation FILE`), read by the function the plan report uses.
import Records

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = scratchFile("validate.json", buffer(data, size))
  refusing { _ = try PredictionCheck.read(from: path) }
  return 0
}
