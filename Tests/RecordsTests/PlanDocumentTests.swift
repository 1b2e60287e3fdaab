import Records
import Testing

@Suite("Plan document versions")
struct PlanDocumentTests {
  static let option = """
    {"hardware": "t3.small", "device_class": "cpu", "device": "cpu", "precision": "fp32", "threads": 1, "batch": 8,
     "service_time": 0.000375, "replicas": 1, "instances": 1, "utilization": 0.24, "mean_batch": 2.5, "p50": 0.00107,
     "p50_low": 0.0008, "p50_high": 0.0014, "p99": 0.00199, "p99_low": 0.0015, "p99_high": 0.0029, "usd_per_hour": 0.0208,
     "monthly_usd": 15.184, "usd_per_million": 0.0012, "meets_slo": true, "within_budget": false, "cpu_load": 0.12,
     "label": "projected", "label_note": "from this machine", "latency_method": "simulation (8 × 10000 requests)",
     "excluded_reason": null
    """

  /// A version-1 plan whose recommendation was over budget.
  static let versionOne = """
    {"schema": "infer-plan.plan/1", "tool_version": "0.1.0",
     "inputs": {"model": "small.bin", "model_name": "small", "architecture": "MLP", "parameters": 1055242,
       "sequence_length": 0, "volume": 5000, "peak_factor": 1, "peak_rate": 5000, "budget_usd_per_month": 5,
       "latency_slo": 0.05, "hours_per_month": 730, "target_utilization": 0.7, "max_batching_delay": 0.005,
       "workload": null, "profiles": "Profiles", "hardware": null, "measurements": ["fixed.csv"], "host": null},
     "options": [\(option)}],
     "recommendation": \(option), "outcome": "over_budget", "budget_excess_usd": 10.184, "reasons": ["Nothing fits."]},
     "other_class": null, "break_even_rate": 172000, "cheaper_above_break_even": "gpu",
     "at_ten_times_volume": null, "worth_measuring": null, "warnings": []}
    """

  @Test("A version-1 plan reads as version 2: the over-budget recommendation becomes cheapest_meeting_slo")
  func readsVersionOne() throws {
    let plan = try PlanDocument.decode(Array(Self.versionOne.utf8), path: "old.json")
    #expect(plan.outcome == "over_budget")
    #expect(plan.recommendation == nil)
    let cheapest = try #require(plan.cheapestMeetingSLO)
    #expect(cheapest.option.hardware == "t3.small" && cheapest.budgetExcessUSD == 10.184)
    #expect(plan.fastestWithinBudget == nil)
    #expect(plan.reasons == ["Nothing fits."])
    #expect(plan.breakEvens == [PlanDocument.BreakEven(rate: 172000, cheaperAbove: "gpu")])
    #expect(plan.volumeSweep.isEmpty && plan.relaxations.isEmpty && plan.inputs.batchingDelays.isEmpty)
    #expect(plan.options[0].latencyMethod == "simulated")
    #expect(plan.options[0].batchingDelay == nil)
  }

  @Test("A version-2 plan is written with its tag and reads back equal")
  func roundTrip() throws {
    let old = try PlanDocument.decode(Array(Self.versionOne.utf8), path: "old.json")
    var plan = old
    plan.headline = "Nothing meets both the p99 ≤ 50 ms SLO and the $5.00/month budget."
    plan.options[0].batchingDelay = 0.005
    plan.options[0].surplusUSDPerMonth = 0
    plan.inputs.batchingDelays = [0.005]
    plan.relaxations = [PlanDocument.Relaxation(constraint: "budget", value: 16, option: plan.options[0], text: "budget $16")]
    plan.volumeSweep = [PlanDocument.VolumeSweepPoint(rate: 0.01, cpuMonthlyUSD: 15.184, gpuMonthlyUSD: nil)]
    let text = plan.serialized()
    #expect(text.hasPrefix("{\n  \"schema\": \"infer-plan.plan/2\",\n  \"tool_version\": \"0.1.0\",\n  \"inputs\": {"))
    #expect(text.contains("\"gpu_monthly_usd\": null"))
    let read = try PlanDocument.decode(Array(text.utf8), path: "new.json")
    #expect(read == plan)
  }

  @Test("A version-2 plan must carry its version-2 keys")
  func versionTwoNeedsItsKeys() {
    let text = Self.versionOne.replacingOccurrences(of: "infer-plan.plan/1", with: "infer-plan.plan/2")
    #expect(throws: DocumentError.self) { try PlanDocument.decode(Array(text.utf8), path: "bad.json") }
  }
}
