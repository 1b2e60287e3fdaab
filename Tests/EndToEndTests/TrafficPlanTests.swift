import Foundation
import Testing

@Suite("plan with a day of traffic (end to end)")
struct TrafficPlanTests {
  /// A folder with the request logs of the table below and, with `model`, `small.bin` and the
  /// fixed table `m.csv` (bad traffic input is refused before the model is read, so the refusals
  /// skip them).
  func workspace(model: Bool = true) throws -> String {
    let folder = try makeTemporaryFolder()
    if model {
      #expect(try runInferPlan(["model", "create", folder + "/small.bin", "--preset", "small"]).status == 0)
      let hash = try modelHash(of: folder + "/small.bin")
      try Data(fixedMeasurementsTable(hash: hash).utf8).write(to: URL(fileURLWithPath: folder + "/m.csv"))
    }
    for (name, text) in Self.logs { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
    return folder
  }

  static let logs = [
    ("unsorted.log", "100\n200\n150\n"), ("empty.log", "# no requests\n"), ("ms.log", "1764935708250\n"),
    ("short.log", "100\n130\n"), ("header.csv", "id,time\n1,100\n"),
  ]

  func plan(_ folder: String, _ extra: [String]) throws -> (status: Int32, out: String, err: String) {
    let volume = extra.contains("--traffic") ? [] : ["--volume", "100/min"]
    return try runInferPlan(
      ["--model", folder + "/small.bin", "--budget", "50", "--latency-slo", "200ms", "--measurements", folder + "/m.csv",
       "--profiles", profilesFolder, "--hardware", "t3.small,c7i.large,g4dn.xlarge"] + volume
        + extra.map { $0.replacingOccurrences(of: "DIR", with: folder) },
      environment: ["CUDA_VISIBLE_DEVICES": ""])
  }

  static let refusals: [([String], Int32, String)] = [
    (["--traffic", "DIR/none.log"], 1, "none.log': no such file or folder"),
    (["--traffic", "DIR/unsorted.log"], 1, "unsorted.log:3: this timestamp is earlier than line 2's; sort the log by time first"),
    (["--traffic", "DIR/empty.log"], 1, "empty.log: no timestamps found"),
    (["--traffic", "DIR/ms.log"], 1, "ms.log:1: 1764935708250 looks like epoch milliseconds; give seconds"),
    (["--traffic", "DIR/short.log"], 1, "short.log: the log spans 30 s; per-minute rates need at least 60 s of requests."),
    (["--traffic", "DIR/header.csv"], 1, "has no 'timestamp' column"),
    (["--traffic", "DIR/unsorted.log", "--volume", "5/s"], 64, "--volume cannot be combined with --traffic"),
    (["--shape", "weekly"], 64, "unknown traffic shape 'weekly'; use one of flat, diurnal, business-hours"),
    (["--shape", "diurnal:x"], 64, "'--shape diurnal:x': PEAK must be a number"),
    (["--shape", "business-hours:4"], 64, "use a number from 1 to 3"),
    (["--shape", "diurnal:3", "--peak-factor", "2"], 64, "--peak-factor cannot be combined with a traffic shape"),
    (["--allow", "cheap"], 64, "'--allow cheap': the only way to pay that needs permission is 'spot'."),
    (["--min-replicas", "4", "--max-replicas", "2"], 64, "--max-replicas 2 is below --min-replicas 4"),
    (["--cooldown", "2h"], 64, "--cooldown '2h': not a duration"),
  ]

  @Test("Bad traffic input is refused with what was wrong and how to fix it", arguments: refusals)
  func refusesBadInput(_ arguments: [String], status: Int32, message: String) throws {
    let folder = try workspace(model: false)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try plan(folder, arguments)
    #expect(result.status == status, "stderr: \(result.err)")
    #expect(result.err.contains(message), "stderr: \(result.err)")
  }

  @Test("A diurnal day adds the fleets, every way to pay and the winner to the report and JSON")
  func diurnalDay() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try plan(folder, ["--shape", "diurnal:3", "--json", "DIR/plan.json"])
    #expect(result.status == 0, "stderr: \(result.err)")
    #expect(result.out.contains("TRAFFIC AND WAYS TO PAY"))
    #expect(result.out.contains("Traffic: shape diurnal, peak 3× the mean"))
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let traffic = try #require(json["traffic"] as? [String: Any])
    #expect(abs((traffic["mean_rate"] as? Double ?? 0) - 100.0 / 60) < 1e-9)
    #expect(abs((traffic["peak_to_mean"] as? Double ?? 0) - 3) < 1e-6)
    let fleets = try #require(traffic["fleets"] as? [[String: Any]])
    #expect(!fleets.isEmpty)
    let ways = (fleets.first?["ways_to_pay"] as? [[String: Any]])?.compactMap { $0["way"] as? String } ?? []
    #expect(Array(ways.prefix(2)) == ["fixed_on_demand", "autoscaled"])
    #expect(traffic["winner"] is [String: Any])
  }
}
