import Foundation
import Testing

/// The content hash `model inspect` prints for the model at `path` ("sha256:…" without the prefix).
func modelHash(of path: String) throws -> String {
  let inspected = try runInferPlan(["model", "inspect", path])
  let line = try #require(inspected.out.split(separator: "\n").first { $0.hasPrefix("Content hash: sha256:") })
  return String(line.dropFirst("Content hash: sha256:".count))
}

/// The measuring host written on the fixed rows: "Test Xeon 1234", avx512, 2 cores, 150 GFLOP/s per
/// core, 40 GB/s triad.
let fixedHostColumns = (
  header: "host_cpu_model,host_instruction_set,host_physical_cores,host_per_core_gflops,host_memory_bandwidth_gbs",
  cells: "Test Xeon 1234,avx512,2,150,40")

/// A fixed measurements table (schema 2) for `small` on "Test Xeon 1234": never live timings. `hash`
/// fills `model_hash`; `host` false leaves the host columns out (a schema-1 table).
func fixedMeasurementsTable(hash: String, host: Bool = true, hardware: String = "local", mode: String = "paced",
                            extraColumns: (header: String, cells: String)? = nil) -> String {
  let header = "schema,hardware,device_kind,device_name,instruction_set,precision,threads,model_name,model_hash,batch_size,"
    + "sequence_length,mode,idle_gap_s,min_ms,median_ms,mean_ms,p90_ms,p99_ms,max_ms,stddev_ms,cv,runs,build"
  let gap = mode == "paced" ? "0.001" : "0"
  let rows = [
    "1,0.05,0.06,0.061,0.066,0.078,0.09,0.003,0.05", "8,0.22,0.25,0.255,0.27,0.32,0.4,0.0125,0.05",
    "32,0.8,0.9,0.92,0.97,1.1,1.3,0.045,0.05",
  ].map { (threads: 1, cells: $0) } + [
    "1,0.04,0.05,0.051,0.055,0.065,0.08,0.0025,0.05", "8,0.13,0.15,0.153,0.16,0.2,0.25,0.0075,0.05",
  ].map { (threads: 2, cells: $0) }
  var text = header + (host ? "," + fixedHostColumns.header : "") + (extraColumns.map { "," + $0.header } ?? "") + "\n"
  for row in rows {
    let fields = row.cells.split(separator: ",", maxSplits: 1)
    text += "\(host ? 2 : 1),\(hardware),cpu,Test Xeon 1234,avx512,fp32,\(row.threads),small,\(hash),\(fields[0]),0,\(mode),\(gap),"
      + "\(fields[1]),200,release" + (host ? "," + fixedHostColumns.cells : "") + (extraColumns.map { "," + $0.cells } ?? "")
      + "\n"
  }
  return text
}

@Suite("plan from saved tables (end to end)")
struct SavedTablePlanTests {
  /// A folder with `small.bin` and `name` holding `table(hash)`.
  func workspace(_ table: (String) -> String, name: String = "m.csv") throws -> (folder: String, hash: String) {
    let folder = try makeTemporaryFolder()
    #expect(try runInferPlan(["model", "create", folder + "/small.bin", "--preset", "small"]).status == 0)
    let hash = try modelHash(of: folder + "/small.bin")
    try Data(table(hash).utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    return (folder, hash)
  }

  func plan(_ folder: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> (
    status: Int32, out: String, err: String
  ) {
    try runInferPlan(
      ["--model", folder + "/small.bin", "--volume", "100/min", "--budget", "50", "--latency-slo", "200ms",
       "--measurements", folder + "/m.csv", "--profiles", profilesFolder] + extra,
      environment: ["CUDA_VISIBLE_DEVICES": ""].merging(environment) { $1 })
  }

  @Test("The same table gives the same plan JSON under any INFER_PLAN_ISA; the report names the rows' host")
  func samePlanEverywhere() throws {
    let (folder, _) = try workspace { fixedMeasurementsTable(hash: $0) }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let reference = try plan(folder, ["--json", "-"])
    #expect(reference.status == 0, "stderr: \(reference.err)")
    for isa in ["scalar", "avx2", "avx512"] {
      let other = try plan(folder, ["--json", "-"], environment: ["INFER_PLAN_ISA": isa])
      if other.status == 1, other.err.contains("this CPU") { continue }  // a level this CPU lacks
      #expect(other.status == 0, "stderr: \(other.err)")
      #expect(other.out == reference.out, "INFER_PLAN_ISA=\(isa) changed the plan")
    }
    let report = try plan(folder)
    let text = report.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("measured on Test Xeon 1234: 2 cores, 150 GFLOP/s per core at avx512, 40 GB/s triad"))
    #expect(text.contains("from Test Xeon 1234 (avx512)"))
    #expect(!report.out.contains("this machine"))
    let json = try JSONSerialization.jsonObject(with: Data(reference.out.utf8)) as? [String: Any]
    let host = (json?["inputs"] as? [String: Any])?["host"] as? [String: Any]
    #expect(host?["cpu"] as? String == "Test Xeon 1234" && host?["per_core_gflops"] as? Double == 150)
    #expect(host?["memory_bandwidth_gbs"] as? Double == 40 && host?["memory_bytes"] is NSNull)
  }

  /// Table maker → exit status and the first line of stderr (`FOLDER` and `HASH` filled in).
  static let refusals: [(String, Int32, String)] = [
    ("schema 1", 1,
     "Error: FOLDER/m.csv: the CPU rows for 'local' carry no host figures (a table from before schema 2), and projecting "
       + "them onto other CPUs needs the measuring machine's per-core peak and memory bandwidth. Re-profile on that "
       + "machine: `infer-plan profile --model FOLDER/small.bin --out FOLDER/m.csv`; or plan only hardware those rows "
       + "measure with --hardware."),
    ("schema 1 --as", 1,
     "Error: FOLDER/m.csv: the CPU rows for 'c7i.large' carry no host figures (a table from before schema 2), and "
       + "projecting them onto other CPUs needs the measuring machine's per-core peak and memory bandwidth. Re-profile on "
       + "that machine: `infer-plan profile --model FOLDER/small.bin --out FOLDER/m.csv --as c7i.large`; or plan only "
       + "hardware those rows measure with --hardware."),
    ("blank hash", 1,
     "Error: FOLDER/m.csv: the rows are for model 'small' (no model_hash, which matches no model), not for small (hash "
       + "HASH12…). Profile this model with `infer-plan profile --model FOLDER/small.bin --out FILE`, or pass "
       + "--measure-here to measure it on this machine."),
    ("other model", 1,
     "Error: FOLDER/m.csv: the rows are for model 'small' (hash 0123456789ab…), not for small (hash HASH12…). Profile "
       + "this model with `infer-plan profile --model FOLDER/small.bin --out FILE`, or pass --measure-here to measure "
       + "it on this machine."),
  ]

  static func table(_ kind: String, hash: String) -> String {
    switch kind {
    case "schema 1": fixedMeasurementsTable(hash: hash, host: false)
    case "schema 1 --as": fixedMeasurementsTable(hash: hash, host: false, hardware: "c7i.large")
    case "blank hash": fixedMeasurementsTable(hash: "")
    default: fixedMeasurementsTable(hash: "0123456789abcdef")
    }
  }

  @Test("Tables the plan cannot use are refused with the command that fixes them", arguments: refusals)
  func refused(_ c: (String, Int32, String)) throws {
    let (folder, hash) = try workspace { Self.table(c.0, hash: $0) }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try plan(folder)
    #expect(result.status == c.1)
    let expected = c.2.replacingOccurrences(of: "FOLDER", with: folder).replacingOccurrences(of: "HASH12", with: String(hash.prefix(12)))
    #expect(result.err.split(separator: "\n").first.map(String.init) == expected, "stderr: \(result.err)")
    #expect(result.out.isEmpty)
  }

  @Test("A schema-1 table still plans the hardware its rows measure")
  func schema1MeasuredOnly() throws {
    let (folder, _) = try workspace { fixedMeasurementsTable(hash: $0, host: false, hardware: "c7i.large") }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try plan(folder, ["--hardware", "c7i.large,g4dn.xlarge", "--json", "-"])
    #expect(result.status == 0, "stderr: \(result.err)")
    let options = (try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])?["options"] as? [[String: Any]]
    #expect(options?.contains { $0["hardware"] as? String == "c7i.large" && $0["label"] as? String == "measured" } == true)
  }

  @Test("Saved rows are judged like fresh ones: noise, and back-to-back rows at a long request gap")
  func savedRowWarnings() throws {
    // CV 260% and p99 18× the median on every row, measured back to back.
    let (folder, _) = try workspace { hash in
      fixedMeasurementsTable(hash: hash, mode: "back-to-back")
        .replacingOccurrences(of: ",0.05,200,release", with: ",2.6,200,release")
        .replacingOccurrences(of: ",0.078,0.09,", with: ",1.08,1.2,")
    }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try plan(folder, ["--json", "-"])
    #expect(result.status == 0, "stderr: \(result.err)")
    #expect(result.err.contains(
      "Warning: \(folder)/m.csv: cpu batch 1, 1 thread (back-to-back): CV 260.0% over 200 runs (above 10%); "
        + "re-profile on a quiet machine, or with a longer --min-time."))
    #expect(result.err.contains(
      "Warning: \(folder)/m.csv: cpu batch 1, 1 thread (back-to-back): p99 18.0× median over 200 runs (above 2×); "
        + "re-profile on a quiet machine to see whether the tail persists."))
    #expect(result.err.contains(
      "Warning: \(folder)/m.csv: the local cpu rows ran back to back, but at 1.67 req/s a request arrives every 600 ms, "
        + "over 10× the 50 µs pass; a core idle between requests runs slower (cold caches, lower clock). Measure paced "
        + "runs: `infer-plan profile --model \(folder)/small.bin --out \(folder)/m.csv --paced 600ms`."))
  }

  @Test("--measure-here measures this machine beside rows for another model, and names it")
  func measureHere() throws {
    let (folder, _) = try workspace { _ in fixedMeasurementsTable(hash: "0123456789abcdef") }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try plan(folder, ["--quick", "--threads", "1", "--hardware", "c7i.large"])
    #expect(result.status == 0, "stderr: \(result.err)")
    let text = result.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("measured on this machine ("), "\(text)")
    #expect(text.contains("from this machine"))
    #expect(text.contains("rows are for model 'small' (hash 0123456789ab…)"))
  }
}
