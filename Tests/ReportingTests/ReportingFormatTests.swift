import Foundation
import Records
import Testing

@testable import CostModel
@testable import Reporting

@Suite("Reporting CSV and JSON")
struct ReportingFormatTests {
  static let neutralisationCases: [(String, String)] = [
    ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "\"'\rx\""), ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
    ("=a,b", "\"'=a,b\""), ("line\nbreak", "\"line\nbreak\""), ("", ""),
  ]

  @Test("CSV text cells: formulas neutralised, RFC 4180 quoting", arguments: neutralisationCases)
  func neutralise(_ c: (String, String)) {
    #expect(PlanCSV.text(c.0) == c.1)
  }

  @Test("CSV numbers are raw: negative numbers stay numbers, no $ or separators")
  func rawNumbers() {
    #expect(PlanCSV.number(-3.5) == "-3.5")
    #expect(PlanCSV.number(1234567.25) == "1234567.25")
    #expect(PlanCSV.number(.infinity) == "")
    #expect(PlanCSV.number(nil) == "")
  }

  @Test("CSV: header plus one row per option, same column count in every row")
  func csvShape() {
    let plan = ReportingFixtures.smallPlan()
    let lines = PlanCSV.text(for: plan).components(separatedBy: "\r\n").dropLast()
    #expect(lines.count == plan.options.count + 1)
    #expect(lines.first == PlanCSV.columns.joined(separator: ","))
    for line in lines { #expect(Self.fields(line).count == PlanCSV.columns.count) }
    #expect(Self.fields("a,\"b,c\",\"d\"\"e\",") == ["a", "b,c", "d\"e", ""])
    #expect(lines.filter { $0.hasSuffix(",true") }.count == 1)  // one recommended row
  }

  /// Splits one RFC 4180 record (no line breaks inside fields) into its fields.
  static func fields(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var characters = Array(line)[...]
    while let character = characters.popFirst() {
      if quoted {
        if character == "\"" {
          if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
        } else { current.append(character) }
      } else if character == "\"" { quoted = true }
      else if character == "," { fields.append(current); current = "" }
      else { current.append(character) }
    }
    fields.append(current)
    return fields
  }

  static let requiredOptionKeys = [
    "hardware", "device_class", "device", "precision", "threads", "batch", "batching_delay", "service_time", "replicas",
    "instances", "utilization", "p50", "p99", "p99_low", "p99_high", "monthly_usd", "surplus_usd_per_month",
    "usd_per_million", "meets_slo", "slo_miss_reason", "within_budget", "label", "latency_method", "excluded_reason",
  ]

  @Test("JSON follows the plan contract: top-level keys, option keys, snake_case, finite numbers")
  func jsonContract() throws {
    let plan = ReportingFixtures.smallPlan()
    let text = PlanJSON.document(for: plan, context: ReportingFixtures.context()).serialized()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    for key in [
      "schema", "tool_version", "inputs", "outcome", "headline", "recommendation", "cheapest_meeting_slo",
      "fastest_within_budget", "relaxations", "reasons", "options", "other_class", "break_even_rate",
      "cheaper_above_break_even", "break_evens", "volume_sweep", "at_ten_times_volume", "worth_measuring", "warnings",
    ] {
      #expect(object.keys.contains(key), "missing \(key)")
    }
    #expect(object["schema"] as? String == PlanJSON.schema)
    #expect(object["outcome"] as? String == "fits")
    for point in try #require(object["volume_sweep"] as? [[String: Any]]) {
      #expect(point.keys.sorted() == ["cpu_monthly_usd", "gpu_monthly_usd", "rate"])
    }
    let options = try #require(object["options"] as? [[String: Any]])
    #expect(options.count == plan.options.count)
    for option in options {
      for key in Self.requiredOptionKeys { #expect(option.keys.contains(key), "option lacks \(key)") }
    }
    let recommendation = try #require(object["recommendation"] as? [String: Any])
    #expect(recommendation["hardware"] as? String == "t3.small")
    #expect((recommendation["reasons"] as? [String])?.isEmpty == false)
    let inputs = try #require(object["inputs"] as? [String: Any])
    #expect(abs((inputs["volume"] as? Double ?? 0) - 100.0 / 60) < 1e-12)
    #expect(inputs["budget_usd_per_month"] as? Double == 50)
    #expect(inputs["latency_slo"] as? Double == 0.2)
    #expect(Set(options.compactMap { $0["latency_method"] as? String }).isSubset(of: ["screen", "simulated"]))
    let labels = Set(options.compactMap { $0["label"] as? String })
    #expect(labels.isSubset(of: ["measured", "projected", "estimated", "calibrated"]))
    #expect(!text.contains("NaN") && !text.contains("Infinity") && !text.contains(": inf"))
  }
}
