import Foundation
@testable import Records
import Testing


@Suite("MeasurementsTable")
struct MeasurementsTableTests {
  static func sampleRow(batch: Int = 8, mode: MeasurementMode = .backToBack, gap: Double = 0) -> Records.Measurement {
    var row = Records.Measurement(
      toolVersion: "0.1.0", timestamp: "2026-11-26T12:00:00Z", hostName: "host,with \"quotes\"",
      hardware: "c7i.large", deviceKind: .cpu, deviceName: "Intel(R) Xeon(R), 8 cores\nline two",
      instructionSet: "avx512", precision: .fp32, threads: 2, modelName: "=SUM(A1)", modelHash: "deadbeef",
      batchSize: batch, sequenceLength: 128, mode: mode, idleGapSeconds: gap,
      stats: LatencyStats(
        minMs: 0.1 + 0.2, medianMs: 1.0 / 3, meanMs: 1e-7, p90Ms: 123456.789, p99Ms: 5e300, maxMs: 0,
        stddevMs: 2.0.squareRoot(), cv: 0.1), throughput: 24000.000000000004, peakMemoryBytes: 1 << 33,
      buildConfiguration: "release", runs: 1000,
      warnings: ["CV 14.2% over 20 runs", "p99 2.5× median, \"quoted\""],
      computeEfficiency: 0.4321, memoryEfficiency: nil, launchOverheadSeconds: 5.5e-6,
      host: MeasuringHost(
        cpuModel: "AMD EPYC 7551 32-Core Processor, \"KVM\"", instructionSet: "avx2", physicalCores: 2,
        perCoreGFLOPS: 1.0 / 3 * 100, memoryBandwidthGBps: 12.345678901234))
    row.samplesMs = [0.30000000000000004, 1.0 / 3, 2.5e-4]
    row.inputShapes = "image=3x224x224;mask=16"
    return row
  }

  @Test("CSV round trip is exact, awkward text and numbers included")
  func roundTrip() throws {
    let rows = [Self.sampleRow(), Self.sampleRow(batch: 16, mode: .paced, gap: 0.0016)]
    var withoutSamples = rows
    for i in withoutSamples.indices { withoutSamples[i].samplesMs = [] }
    let text = MeasurementsTable.render(rows)
    #expect(try MeasurementsTable.parse(text, path: "m.csv") == withoutSamples)
    #expect(text.hasPrefix(MeasurementsTable.columns.joined(separator: ",") + "\n"))
  }

  @Test("write + read round trip restores samples from the sidecar")
  func sidecarRoundTrip() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.csv"
    let rows = [Self.sampleRow(), Self.sampleRow(batch: 16, mode: .paced, gap: 0.0016)]
    try MeasurementsTable.write(rows, to: path)
    #expect(FileManager.default.fileExists(atPath: path + ".samples.json"))
    #expect(try MeasurementsTable.read(paths: [path, path]) == rows + rows)
    // No temporary files left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["m.csv", "m.csv.samples.json"])
  }

  @Test("a sidecar that belongs to another table is refused")
  func mismatchedSidecar() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/m.csv"
    try MeasurementsTable.write([Self.sampleRow()], to: path)
    try SamplesSidecar([Self.sampleRow(batch: 4)], tablePath: path).write(to: path + ".samples.json")
    #expect(throws: MeasurementsTableError.badSidecar(
      path: path + ".samples.json",
      reason: "row 1 is cpu batch 4 back-to-back, but the table's row 1 is cpu batch 8 back-to-back")) {
      try MeasurementsTable.read(path: path)
    }
  }

  @Test("an older table without the optional columns reads with documented defaults")
  func optionalColumns() throws {
    let text = """
      device_kind,device_name,model_name,batch_size,min_ms,median_ms,p90_ms,p99_ms,max_ms,runs
      cpu,Xeon,small,4,1,2,3,4,5,10

      """
    let row = try #require(try MeasurementsTable.parse(text, path: "old.csv").first)
    #expect(row.schema == 1 && row.hardware == "local" && row.mode == .backToBack && row.idleGapSeconds == 0)
    #expect(row.stats.meanMs == 2 && row.stats.cv == 0 && row.throughput == 2000 && row.precision == .fp32)
    #expect(row.computeEfficiency == nil && row.warnings == [] && row.host == nil && row.inputShapes == "")
  }

  @Test("input shapes are written one way whatever the order they were given in")
  func inputShapesText() {
    #expect(MeasurementLabels.inputShapesText([:]) == "")
    #expect(MeasurementLabels.inputShapesText(["pixels": [3, 32, 32], "extra": [7]]) == "extra=7;pixels=3x32x32")
  }

  @Test("a schema-2 row carries its measuring host; a new table is written as schema 2")
  func hostColumns() throws {
    let text = Self.header + Self.hostHeader + ",schema\ncpu,X,m,1,1,2,3,4,5,10,AMD EPYC 7551 32-Core Processor,avx2,2,39.5,21.25,2\n"
    let row = try #require(try MeasurementsTable.parse(text, path: "t.csv").first)
    #expect(row.schema == 2)
    #expect(row.host == MeasuringHost(
      cpuModel: "AMD EPYC 7551 32-Core Processor", instructionSet: "avx2", physicalCores: 2, perCoreGFLOPS: 39.5,
      memoryBandwidthGBps: 21.25))
    #expect(MeasurementsTable.render([row]).split(separator: "\n")[1].hasPrefix("2,"))
  }

  static let hostNames: [(String, String, String)] = [
    ("AMD EPYC 7551 32-Core Processor", "avx2", "AMD EPYC 7551 · x86_64"),
    ("Intel(R) Xeon(R) Platinum 8488C CPU @ 2.40GHz", "avx512", "Intel Xeon Platinum 8488C · x86_64"),
    ("Neoverse-N1", "neon", "Neoverse-N1 · arm64"),
    ("Processor", "scalar", "Processor · unknown"),
  ]

  @Test("a host's short CPU name and architecture family", arguments: hostNames)
  func hostName(_ c: (String, String, String)) {
    let host = MeasuringHost(cpuModel: c.0, instructionSet: c.1, physicalCores: 1, perCoreGFLOPS: 1, memoryBandwidthGBps: 1)
    #expect("\(host.shortCPUName) · \(host.architecture)" == c.2)
  }

  static let header = "device_kind,device_name,model_name,batch_size,min_ms,median_ms,p90_ms,p99_ms,max_ms,runs"
  static let hostHeader = ",host_cpu_model,host_instruction_set,host_physical_cores,host_per_core_gflops,host_memory_bandwidth_gbs"
  static let badTables: [(String, String)] = [
    ("", "t.csv: the measurements table is empty (no header row). Create one with `infer-plan profile --model MODEL --out t.csv`."),
    ("device_kind,batch_size\ncpu,1\n",
     "t.csv: the header has no 'device_name' column, which every measurements table needs; was it written by `infer-plan profile`?"),
    (header + "\ncpu,X,m,1,1,2,3,4\n", "t.csv:2: row has 8 fields but the header has 10; quote fields that contain commas."),
    (header + "\ntpu,X,m,1,1,2,3,4,5,10\n", "t.csv:2: column 'device_kind' is 'tpu'; expected 'cpu' or 'cuda'."),
    (header + "\ncpu,X,m,0,1,2,3,4,5,10\n", "t.csv:2: column 'batch_size' is '0'; expected a whole number of 1 or more."),
    (header + "\ncpu,X,m,1,1,fast,3,4,5,10\n", "t.csv:2: column 'median_ms' is 'fast'; expected a finite number."),
    (header + "\ncpu,X,m,1,1,nan,3,4,5,10\n", "t.csv:2: column 'median_ms' is 'nan'; expected a finite number."),
    (header + ",precision\ncpu,X,m,1,1,2,3,4,5,10,fp8\n",
     "t.csv:2: column 'precision' is 'fp8'; expected 'fp32', 'tf32', 'fp16', 'bf16'."),
    (header + "\ncpu,X,m,1,-1,2,3,4,5,10\n", "t.csv:2: column 'min_ms' is '-1'; expected a latency of 0 ms or more."),
    (header + "\ncpu,X,m,1,1,,3,4,5,10\n", "t.csv:2: column 'median_ms' is ''; expected a latency in ms."),
    (header + ",schema\ncpu,X,m,1,1,2,3,4,5,10,3\n",
     "t.csv:2: schema 3 is newer than this infer-plan reads (up to 2); update infer-plan or re-run `infer-plan profile`."),
    (header + hostHeader + "\ncpu,X,m,1,1,2,3,4,5,10,EPYC,avx2,2,40,\n",
     "t.csv:2: column 'host_memory_bandwidth_gbs' is ''; expected a value, as in 'host_cpu_model' "
       + "(the host columns are all filled or all empty)."),
    (header + hostHeader + "\ncpu,X,m,1,1,2,3,4,5,10,EPYC,avx2,0,40,12\n",
     "t.csv:2: column 'host_physical_cores' is '0'; expected a whole number of 1 or more."),
    (header + hostHeader + "\ncpu,X,m,1,1,2,3,4,5,10,EPYC,avx2,2,-4,12\n",
     "t.csv:2: column 'host_per_core_gflops' is '-4'; expected GFLOP/s above 0."),
    (header + hostHeader + "\ncpu,X,m,1,1,2,3,4,5,10,EPYC,avx2,2,40,inf\n",
     "t.csv:2: column 'host_memory_bandwidth_gbs' is 'inf'; expected a finite number."),
    (header + "\ncpu,\"X,m,1,1,2,3,4,5,10\n", "t.csv:2: not valid CSV: a quoted field opened here never closes."),
    (header + ",runs\n", "t.csv: the header names column 'runs' twice; keep one."),
  ]

  @Test("bad tables give errors naming file, line and column", arguments: badTables)
  func badTable(text: String, message: String) {
    #expect(performing: { try MeasurementsTable.parse(text, path: "t.csv") }, throws: { error in
      "\(error)" == message
    })
  }

  @Test("a missing file says how to make one")
  func missingFile() {
    #expect(performing: { try MeasurementsTable.read(paths: ["/nonexistent/m.csv"]) }, throws: { error in
      "\(error)" == "/nonexistent/m.csv: cannot read the measurements table (no such file). "
        + "Create one with `infer-plan profile --model MODEL --out /nonexistent/m.csv`."
    })
  }

  @Test("CSV fields are quoted per RFC 4180 and parse back, CRLF included")
  func csvQuoting() throws {
    #expect(CSVText.record(["a", "b,c", "d\"e", "f\ng", ""]) == "a,\"b,c\",\"d\"\"e\",\"f\ng\",")
    let records = try CSVText.parse("a,\"b,c\",\"d\"\"e\",\"f\r\ng\",\r\nx,y\r\n")
    #expect(records.map(\.fields) == [["a", "b,c", "d\"e", "f\r\ng", ""], ["x", "y"]])
    #expect(records.map(\.line) == [1, 3])
  }

  func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "profiler-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
