import CostModel
import Foundation
import Profiles
import Records

extension TerminalReport {
  func measurementsSection() -> [String] {
    var lines = [style.bold("MEASUREMENTS")]
    for (host, level) in context.measuringHosts {
      let name = host == context.host?.measuring ? "this machine (\(host.shortCPUName))" : host.shortCPUName
      lines += TextLayout.wrap(
        "measured on \(name): \(host.physicalCores) cores, \(ReadableNumber.significant(host.perCoreGFLOPS)) GFLOP/s per "
          + "core at \(level), \(ReadableNumber.significant(host.memoryBandwidthGBps)) GB/s triad")
    }
    if let gpu = context.gpuStatus { lines += TextLayout.wrap("GPU: " + gpu) }
    if !context.measurementSources.isEmpty {
      lines += TextLayout.wrap("from: " + context.measurementSources.joined(separator: ", "))
    }
    guard !context.measurements.isEmpty else {
      return lines + ["  none: CPU options could not be measured or projected."]
    }
    let rows = context.measurements.sorted {
      ($0.hardware, $0.deviceKind.rawValue, $0.precision.rawValue, $0.threads, $0.batchSize, $0.mode.rawValue)
        < ($1.hardware, $1.deviceKind.rawValue, $1.precision.rawValue, $1.threads, $1.batchSize, $1.mode.rawValue)
    }
    let shown = rows.prefix(16)
    for row in shown {
      let place = context.place(of: row)
      let device = row.deviceKind == .cpu ? "cpu \(row.threads)t" : "\(row.deviceName) \(row.precision)"
      let text = "\(place) \(device) b\(row.batchSize): median \(Self.milliseconds(row.stats.medianMs)) · "
        + "p99 \(Self.milliseconds(row.stats.p99Ms)) · cv \(ReadableNumber.percent(row.stats.cv)) "
        + "(\(row.mode.rawValue), \(row.runs) runs\(row.buildConfiguration == "release" ? "" : ", \(row.buildConfiguration)"))"
      lines += TextLayout.wrap(text, indent: "    ")
    }
    if rows.count > shown.count { lines.append("  … \(rows.count - shown.count) more rows (see the measurements file)") }
    return lines
  }

  func assumptionsSection() -> [String] {
    var lines = [style.bold("ASSUMPTIONS")]
    let used = Set(plan.options.map(\.hardwareName))
    let priced = context.hardware.filter { used.contains($0.name) }
    let dates = Set(priced.map(\.priceSource.asOf)).sorted()
    let places = Set(priced.map { "\($0.cloud) \($0.region)" }).sorted()
    if !priced.isEmpty {
      let when = dates.count == 1 ? "as of \(dates[0])" : "as of \(dates.first ?? "")…\(dates.last ?? "")"
      lines += TextLayout.wrap("prices: on-demand USD/hour, \(when) (\(places.joined(separator: ", "))); "
        + "profiles: \(context.profilesDirectory)")
    } else {
      lines += TextLayout.wrap("profiles: \(context.profilesDirectory) (no priced hardware used)")
    }
    let r = plan.request
    lines += TextLayout.wrap(
      "\(ReadableNumber.significant(r.hoursPerMonth)) h/month · target utilization \(ReadableNumber.percent(r.targetUtilization))"
        + " · peak factor \(ReadableNumber.significant(r.peakFactor)) · " + batchingDelayText(r.batchingDelays))
    let labels = Set(plan.options.map(\.label))
    if labels.contains(.projected) {
      lines += TextLayout.wrap("projected: t = a·FLOPs/(peak × cores) + m·bytes/bandwidth + o fitted per measured thread count "
        + "on the measuring host, run with the other CPU's peak and bandwidth (same CPU family; docs/planning.md)")
    }
    if labels.contains(.estimated) {
      lines += TextLayout.wrap("estimated: GPU roofline Σ max(FLOPs/(peak×e_c), bytes/(BW×e_m)) + launches × t_launch + "
        + "a fixed overhead per pass, or another CPU family scaled by peak (docs/planning.md)")
    }
    if labels.contains(.calibrated) {
      lines += TextLayout.wrap("calibrated: the roofline with efficiencies measured on a GPU")
    }
    let methods = Set(plan.options.compactMap { $0.prediction?.method }).sorted()
    lines += TextLayout.wrap("latency: \(methods.joined(separator: " and "))"
      + (plan.notes.isEmpty ? "" : "; " + plan.notes.joined(separator: "; ")))
    lines += TextLayout.wrap("bands: the service time's spread (measured cv, at least 10%, 30% if back to back; "
      + "projected ±50%, calibrated ±30%, estimated ±50%), the high edge widened by ρ/(1−ρ)")
    return lines
  }

  /// "max batching delay 5 ms", or the delays searched per option.
  func batchingDelayText(_ delays: [Double]) -> String {
    guard delays.count > 1 else { return "max batching delay " + ReadableNumber.duration(delays.first ?? 0) }
    let listed = delays.map { $0 == 0 ? "0" : ReadableNumber.duration($0) }
    return "batching delay chosen per option from " + listed.dropLast().joined(separator: ", ") + " and "
      + (listed.last ?? "") + " (0, a tenth and half of the SLO)"
  }

  func warningsSection() -> [String] {
    var warnings: [String] = []
    if plan.options.contains(where: { $0.label == .estimated && $0.deviceKind == .cuda }) {
      warnings.append("GPU figures are estimates never calibrated on a real GPU; "
        + "pass --measurements from a GPU machine to calibrate them.")
    }
    if let chosen = plan.recommendation.chosen, let u = chosen.utilization, u >= 0.6 {
      warnings.append("the recommended option runs at \(ReadableNumber.percent(u)) utilization, where live p99 "
        + "varies run to run; check it with 'infer-plan validate'.")
    }
    warnings += context.warnings
    guard !warnings.isEmpty else { return [] }
    // Measurement-quality warnings can be many (one per point); the first few make the point.
    let limit = 8
    var shown = Array(warnings.prefix(limit))
    if warnings.count > limit { shown.append("\(warnings.count - limit) more warnings like these (see 'infer-plan profile').") }
    return [style.bold("WARNINGS")] + shown.flatMap { TextLayout.wrap("- " + $0, indent: "    ") }
  }

  /// Milliseconds as `0.060 ms`, `12.4 ms`.
  static func milliseconds(_ ms: Double) -> String {
    ReadableNumber.duration(ms / 1000)
  }
}
