// A measurements table (`--measurements FILE`), read from a file as the planner does.
import Records

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = scratchFile("m.csv", buffer(data, size))
  refusing { _ = try MeasurementsTable.read(path: path) }
  return 0
}
