import CostModel
import Foundation
import Records

extension TerminalReport {
  /// PREDICTION CHECK: per `--validation` file, the setting, the offline prediction against the
  /// observed median, the errors, the p99 band's hits, the calibrated errors and what it means.
  func predictionCheckSection() -> [String] {
    var lines = [style.bold("PREDICTION CHECK") + "  (infer-plan validate: predicted offline vs observed)"]
    let planModel = (context.modelPath as NSString).lastPathComponent
    for check in context.predictionChecks {
      let delay = check.maxDelaySeconds.map { $0 == 0 ? "0" : ReadableNumber.duration($0) } ?? "∞"
      lines += TextLayout.wrap(
        "\(check.path): \(ReadableNumber.rate(check.ratePerSecond)) per replica, batch \(check.maxBatch), "
          + "max delay \(delay), \(check.threads) thread\(check.threads == 1 ? "" : "s"), "
          + "\(ReadableNumber.significant(check.durationSeconds)) s × \(check.repeats) (\(check.build) build)",
        indent: "    ")
      if check.modelFileName != planModel {
        lines += TextLayout.wrap("model: \(check.modelFileName), not the planned \(planModel); the check is for that model.",
          firstIndent: "    ", indent: "      ")
      }
      if let p50 = check.predictedP50Seconds, let p99 = check.predictedP99Seconds {
        var text = "predicted p50 \(ReadableNumber.duration(p50)) · p99 \(ReadableNumber.duration(p99))"
        if let low = check.predictedP99LowSeconds, let high = check.predictedP99HighSeconds {
          text += " (band \(ReadableNumber.duration(low))–\(ReadableNumber.duration(high)))"
        }
        lines += TextLayout.wrap(text, firstIndent: "    ", indent: "      ")
      } else {
        lines.append("    predicted: none (the setting was unstable or not predictable offline)")
      }
      lines += TextLayout.wrap(
        "observed  p50 \(ReadableNumber.duration(check.observedP50Seconds)) · p99 "
          + "\(ReadableNumber.duration(check.observedP99Seconds)) (median of \(check.repeats))",
        firstIndent: "    ", indent: "      ")
      if let p50Error = check.p50Error, let p99Error = check.p99Error {
        lines += TextLayout.wrap(
          "error p50 \(Self.signedPercent(p50Error)) · p99 \(Self.signedPercent(p99Error)) · p99 band held in "
            + "\(check.p99BandHits) of \(check.repeats) repeats",
          firstIndent: "    ", indent: "      ")
      }
      if let c50 = check.calibratedP50Error, let c99 = check.calibratedP99Error {
        lines += TextLayout.wrap(
          "calibrated (other repeats' in-load times) error p50 \(Self.signedPercent(c50)) · p99 \(Self.signedPercent(c99))",
          firstIndent: "    ", indent: "      ")
      }
      lines += TextLayout.wrap(Self.verdict(check), firstIndent: "    ", indent: "    ")
    }
    return lines
  }

  /// One plain sentence on what the check means.
  static func verdict(_ check: PredictionCheck) -> String {
    let limits = "\(ReadableNumber.percent(PredictionCheck.heldP50Error)) at p50 and "
      + "\(ReadableNumber.percent(PredictionCheck.heldP99Error)) at p99"
    guard let held = check.held, let p50Error = check.p50Error, let p99Error = check.p99Error else {
      return "No offline prediction to check; plan with --measurements from 'validate --save-measurements'."
    }
    if held {
      return "The prediction held: errors within \(limits)."
    }
    let p99Off = abs(p99Error) > PredictionCheck.heldP99Error
    let worst = p99Off ? "\(Self.signedPercent(p99Error)) at p99" : "\(Self.signedPercent(p50Error)) at p50"
    return "The prediction was off by \(worst) (limits \(limits)); plan with --measurements from "
      + "'validate --save-measurements' to calibrate."
  }

  /// `+4.2%`, `−31%` (a true minus sign).
  static func signedPercent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "∞" }
    return (fraction < 0 ? "−" : "+") + ReadableNumber.percent(abs(fraction))
  }
}
