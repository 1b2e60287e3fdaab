// A hardware profile file (`Profiles/hardware/*.yaml`), read by the function the profile catalog uses.
import Profiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = scratchFile("hardware.yaml", buffer(data, size))
  refusing { _ = try ProfileCatalog.readHardwareFile(path) }
  return 0
}
