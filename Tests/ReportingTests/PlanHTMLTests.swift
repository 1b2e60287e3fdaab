import CostModel
import Foundation
import Records
import Testing

@testable import Reporting

@Suite("HTML page and its charts")
struct PlanHTMLTests {
  /// Documents from every outcome the report tests cover, planned now, plus the fixed inputs.
  static func documents() throws -> [(String, PlanDocument)] {
    let cases: [(String, Double, Double?, Double?, Bool)] = [
      ("small", 100.0 / 60, 50, 0.2, false), ("over budget", 5_000, 5, 0.05, false),
      ("none meets SLO", 10, 50, 1e-5, false), ("large GPU", 30_000, 5_000, 0.5, true), ("no SLO", 2, 50, nil, false),
    ]
    var documents = try [("fixed small", PageFixtures.small()), ("fixed large", PageFixtures.large())]
    for c in cases {
      let planner = c.4
        ? ReportingFixtures.planner(model: ReportingFixtures.large, measurements: ReportingFixtures.largeMeasurements)
        : ReportingFixtures.planner()
      let plan = planner.plan(for: PlanRequest(requestsPerSecond: c.1, budgetUSDPerMonth: c.2, latencySLOSeconds: c.3))
      documents.append((c.0, PlanJSON.document(for: plan, context: ReportingFixtures.context())))
    }
    return documents
  }

  @Test("The cost-vs-volume lines are the JSON's volume_sweep; the volume and break-even rules sit at its values")
  func costVersusVolume() throws {
    for (name, plan) in try Self.documents() {
      let found = try ParsedChart.all(in: PlanHTML.page(for: plan)).first { $0.id == "cost-volume" }
      let hasCosts = plan.volumeSweep.contains { ($0.cpuMonthlyUSD ?? 0) > 0 || ($0.gpuMonthlyUSD ?? 0) > 0 }
      #expect((found != nil) == hasCosts, "\(name): the chart is drawn when the sweep has a cost")
      guard let chart = found else { continue }
      for (series, values) in [("cpu", plan.volumeSweep.map { ($0.rate, $0.cpuMonthlyUSD) }),
                               ("gpu", plan.volumeSweep.map { ($0.rate, $0.gpuMonthlyUSD) })] {
        let expected = values.compactMap { rate, usd in usd.map { (rate, $0) } }.filter { $0.1 > 0 }
        let drawn = chart.linePoints(series)
        #expect(drawn.count == expected.count, "\(name) \(series): \(drawn.count) points drawn, \(expected.count) in the JSON")
        for (point, want) in zip(drawn, expected) {
          #expect(close(point.x, want.0) && close(point.y, want.1), "\(name) \(series): drew \(point), JSON \(want)")
        }
      }
      let volume = chart.rules("volume")
      #expect(volume.count == 1 && close(volume[0], plan.inputs.volume), "\(name)")
      let breakEvens = chart.rules("break-even")
      #expect(breakEvens.count == plan.breakEvens.count, "\(name)")
      for (drawn, want) in zip(breakEvens, plan.breakEvens) { #expect(close(drawn, want.rate), "\(name)") }
    }
  }

  @Test("p99 vs cost has one marker per priced option, the SLO and budget rules, and the Pareto front")
  func latencyVersusCost() throws {
    for (name, plan) in try Self.documents() {
      let chart = try #require(try ParsedChart.all(in: PlanHTML.page(for: plan)).first { $0.id == "latency-cost" }, "\(name)")
      for deviceClass in ["cpu", "gpu"] {
        let expected = plan.options.filter { $0.deviceClass == deviceClass && ($0.monthlyUSD ?? 0) > 0 && ($0.p99 ?? 0) > 0 }
        let drawn = chart.markers("option-" + deviceClass)
        #expect(drawn.count == expected.count, "\(name) \(deviceClass)")
        for (point, option) in zip(drawn, expected) {
          #expect(close(point.x, option.monthlyUSD ?? 0) && close(point.y, option.p99 ?? 0), "\(name): \(point) vs \(option.hardware)")
        }
      }
      if let slo = plan.inputs.latencySLO { #expect(chart.rules("slo").map { close($0, slo) } == [true], "\(name)") }
      else { #expect(chart.rules("slo").isEmpty) }
      if let budget = plan.inputs.budgetUSDPerMonth { #expect(chart.rules("budget").map { close($0, budget) } == [true]) }
      // The front by its definition: priced, not excluded, and no other option at most as
      // expensive and as slow while better in one (equal points drawn once).
      let candidates = plan.options.filter { $0.excludedReason == nil && ($0.monthlyUSD ?? 0) > 0 && ($0.p99 ?? 0) > 0 }
        .map { (usd: $0.monthlyUSD ?? 0, p99: $0.p99 ?? 0) }
      var front: [(usd: Double, p99: Double)] = []
      for c in candidates.sorted(by: { ($0.usd, $0.p99) < ($1.usd, $1.p99) })
      where !candidates.contains(where: { ($0.usd <= c.usd && $0.p99 <= c.p99) && ($0.usd < c.usd || $0.p99 < c.p99) })
        && !front.contains(where: { $0.usd == c.usd && $0.p99 == c.p99 }) {
        front.append(c)
      }
      let drawn = chart.linePoints("pareto")
      #expect(drawn.count == front.count, "\(name): Pareto front of \(drawn.count) points drawn, \(front.count) expected")
      for (point, want) in zip(drawn, front) { #expect(close(point.x, want.usd) && close(point.y, want.p99), "\(name)") }
      let ring = chart.elements.first { $0.attributes["data-highlight"] != nil }
      #expect((ring != nil) == (plan.recommendation != nil), "\(name): the recommendation is ringed when there is one")
      if let ring, let chosen = plan.recommendation?.option {
        let cx = chart.x.value(at: Double(ring.attributes["cx"] ?? "") ?? 0)
        let cy = chart.y.value(at: Double(ring.attributes["cy"] ?? "") ?? 0)
        #expect(close(cx, chosen.monthlyUSD ?? 0) && close(cy, chosen.p99 ?? 0))
      }
    }
  }

  @Test("Latency vs batch draws each series' p50 and p99 from its options; dashed and banded unless measured")
  func latencyVersusBatch() throws {
    for (name, plan) in try Self.documents() {
      let chart = try #require(try ParsedChart.all(in: PlanHTML.page(for: plan)).first { $0.id == "latency-batch" }, "\(name)")
      let series = PlanCharts.batchSeries(plan)
      #expect(!series.isEmpty && series.count <= PlanCharts.maxBatchSeries)
      if let chosen = plan.recommendation?.option {
        #expect(series.contains { $0.options.contains(chosen) }, "\(name): the recommendation's series is drawn")
      }
      for entry in series {
        let members = plan.options.filter { "\($0.hardware)|\($0.device)|\($0.precision.rawValue)|\($0.threads)" == entry.key }
        for quantile in ["p50", "p99"] {
          let drawn = chart.linePoints(entry.key + "|" + quantile)
          #expect(drawn.count == entry.options.count, "\(name) \(entry.key) \(quantile)")
          for point in drawn {
            #expect(
              members.contains { close(Double($0.batch), point.x) && close((quantile == "p50" ? $0.p50 : $0.p99) ?? 0, point.y) },
              "\(name) \(entry.key) \(quantile): \(point) is no option of the JSON")
          }
        }
        let line = chart.elements.first { $0.name == "polyline" && $0.attributes["data-series"] == entry.key + "|p99" }
        let band = chart.elements.contains { $0.name == "polygon" && $0.attributes["data-series"] == entry.key }
        let measured = entry.label == "measured"
        #expect((line?.attributes["stroke-dasharray"] == nil) == measured, "\(name) \(entry.key): dashed unless measured")
        #expect(band == (!measured && entry.options.count >= 2), "\(name) \(entry.key): banded unless measured")
      }
    }
  }

  @Test("The page is self-contained: no script, no external reference, every chart titled for screen readers")
  func selfContained() throws {
    for (name, plan) in try Self.documents() {
      let html = PlanHTML.page(for: plan)
      #expect(!html.lowercased().contains("<script"), "\(name)")
      #expect(!html.contains(" src="), "\(name)")
      let external = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
      #expect(!external.contains("http://") && !external.contains("https://"), "\(name)")
      #expect(!external.replacingOccurrences(of: "url(#", with: "").contains("url("), "\(name)")
      let charts = try ParsedChart.all(in: html)
      let hasCosts = plan.volumeSweep.contains { ($0.cpuMonthlyUSD ?? 0) > 0 || ($0.gpuMonthlyUSD ?? 0) > 0 }
      #expect(charts.map(\.id) == (hasCosts ? ["cost-volume"] : []) + ["latency-cost", "latency-batch"], "\(name)")
      for chart in charts {
        #expect(chart.elements.contains { $0.name == "title" } && chart.elements.contains { $0.name == "desc" })
      }
      #expect(html.contains(SVGText.escape(PlanPageText.headline(plan))), "\(name): the answer is on the page")
      if plan.recommendation != nil { #expect(html.contains("<tr class=\"recommended\">"), "\(name)") }
    }
  }

  @Test("Text from the plan is escaped in the page")
  func escaping() throws {
    var plan = try PageFixtures.small()
    plan.inputs.modelName = "<b>x</b> & \"y\""
    plan.warnings = ["<script>alert(1)</script>"]
    let html = PlanHTML.page(for: plan)
    #expect(!html.contains("<b>x</b>") && !html.contains("<script>"))
    #expect(html.contains("&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"))
  }

  @Test("A plan with no sweep or options still gives a page (the charts it can draw)")
  func emptyPlan() throws {
    var plan = try PageFixtures.small()
    plan.volumeSweep = []
    plan.options = []
    plan.recommendation = nil
    let html = PlanHTML.page(for: plan)
    #expect(try ParsedChart.all(in: html).isEmpty)
    #expect(html.contains("</html>"))
  }

  @Test("The page of the fixed plan matches its golden file")
  func golden() throws {
    try PageFixtures.expectGolden(PlanHTML.page(for: PageFixtures.small()), "plan-small.html")
  }

  @Test("Log and linear scales round-trip and tick inside their domain")
  func scales() {
    let log = ChartScale(covering: [0.01, 1e6], isLog: true, pixels: (78, 700))
    #expect(close(log.pixel(0.01), 78) && close(log.pixel(1e6), 700))
    #expect(log.ticks().allSatisfy { $0 >= log.low && $0 <= log.high } && log.ticks().count >= 2)
    let linear = ChartScale(covering: [3, 3], isLog: false, pixels: (290, 14))
    #expect(linear.low <= 3 && linear.high > 3 && linear.ticks().count >= 2)
    #expect(PlanCharts.runs([(1, 2), (2, nil), (3, 4), (4, 5)]).map(\.count) == [1, 2])
  }
}
