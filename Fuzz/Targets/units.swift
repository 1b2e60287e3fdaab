// The unit parsers of the command line and the profiles: rates, durations and budgets.
import Units

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: buffer(data, size), as: UTF8.self)
  refusing { _ = try UnitParser.rate(text) }
  refusing { _ = try UnitParser.duration(text, option: "--duration") }
  refusing { _ = try UnitParser.budget(text) }
  return 0
}
