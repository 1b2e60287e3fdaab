// A workload profile file (`Profiles/workloads/*.yaml`, `--workload FILE`), read by the function the profile catalog uses.
import Profiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = scratchFile("workload.yaml", buffer(data, size))
  refusing { _ = try ProfileCatalog.readWorkloadFile(path) }
  return 0
}
