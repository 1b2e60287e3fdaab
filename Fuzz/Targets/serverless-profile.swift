// A serverless profile file (`Profiles/serverless/*.yaml`), read by the function the profile catalog uses.
import Profiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = scratchFile("serverless.yaml", buffer(data, size))
  refusing { _ = try ProfileCatalog.readServerlessFile(path) }
  return 0
}
