// A plan JSON (`validate --plan`, `export --plan`, `diff`): parse, schema tag, fields.
import Records

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  refusing { _ = try PlanDocument.decode(Array(buffer(data, size)), path: "plan.json") }
  return 0
}
