// A samples sidecar (`<table>.samples.json`) beside a fixed three-row table: the sidecar's
// JSON, its schema tag and its match against the table's rows.
import Foundation
import Records

let table: String = {
  let path = scratchFolder + "/m.csv"
  let text = """
    schema,device_kind,device_name,hardware,threads,model_name,batch_size,sequence_length,mode,idle_gap_s,min_ms,median_ms,p90_ms,p99_ms,max_ms,runs
    2,cpu,cpu0,local,2,small,1,0,back-to-back,0,0.1,0.2,0.3,0.4,0.5,10
    2,cpu,cpu0,local,2,small,8,0,paced,0.01,0.1,0.2,0.3,0.4,0.5,10
    2,cuda,T4,g4dn.xlarge,0,small,32,128,under-load,0,1,2,3,4,5,10

    """
  writeFile(path, Data(text.utf8))
  return path
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  writeFile(SamplesSidecar.path(for: table), Data(buffer: buffer(data, size)))
  refusing { _ = try MeasurementsTable.read(path: table) }
  return 0
}
