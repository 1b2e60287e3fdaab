import CUDA
import Foundation
import Profiling
import Records

extension GPUCheckRunner {
  /// Columns of gpu-sweep-<model>.csv (times in ms as measured; memory in bytes).
  static let csvHeader =
    "schema,tool_version,device_name,instruction_set,model,precision,batch_size,sequence_length,"
    + "runs,host_min_ms,host_p50_ms,host_p90_ms,host_p99_ms,host_mean_ms,device_p50_ms,"
    + "throughput_per_s,peak_memory_bytes,launches,gflop,mbytes,compute_efficiency,"
    + "memory_efficiency,launch_overhead_s,calibration_relative_error"

  /// Times each batch size (stopping before 90% of GPU memory or at the first failure), fits
  /// the calibration to the host medians and returns the CSV rows.
  func sweepRows(_ backend: CUDABackend, model: String, precision: CUDAPrecision) throws -> [String] {
    let sequence = sequence(for: backend.graph)
    var points: [CUDACheck.SweepPoint] = []
    for batch in batchSizes {
      let needed = backend.memoryNeeded(batchSize: batch, sequenceLength: sequence)
      if needed == Int.max || Double(needed) > 0.9 * Double(backend.info.memoryBytes) {
        context.out("  sweep \(model) \(precision.rawValue): stop before batch \(batch) (needs \(needed == Int.max ? "too much" : "\(needed >> 20) MiB") of \(backend.info.memoryBytes >> 20) MiB)\n")
        break
      }
      do {
        let point = try CUDACheck.sweepPoint(
          backend, batchSize: batch, sequenceLength: sequence, maximumSeconds: maxPointSeconds)
        points.append(point)
        context.out("  sweep \(model) \(precision.rawValue) batch \(batch): host p50 \(milliseconds((Quantiles.median(point.hostSeconds) ?? 0))), event p50 \(milliseconds((Quantiles.median(point.deviceSeconds) ?? 0))), \(point.hostSeconds.count) runs, \(point.peakMemoryBytes >> 20) MiB\n")
      } catch let error as CUDAError {
        context.out("  sweep \(model) \(precision.rawValue): stop at batch \(batch): \(error.message)\n")
        break
      }
    }
    let calibration = CUDACalibration.fit(
      points.map {
        CUDACalibrationPoint(measuredSeconds: Quantiles.median($0.hostSeconds) ?? 0, costs: $0.costs, launches: $0.launches)
      }, peakFlopsPerSecond: backend.info.peakFlopsPerSecond(for: precision),
      peakBytesPerSecond: backend.info.peakBandwidthBytesPerSecond)
    if let calibration {
      context.out("  calibration \(model) \(precision.rawValue): compute efficiency \(format(calibration.computeEfficiency, 3)), memory efficiency \(format(calibration.memoryEfficiency, 3)), launch overhead \(format(calibration.launchOverheadSeconds * 1e6, 2)) µs, fit error \(format(calibration.relativeError * 100, 1))% over \(points.count) points\n")
    }
    return points.map { point in
      let hostMs = point.hostSeconds.map { $0 * 1000 }
      let sortedMs = hostMs.sorted()
      let median = Quantiles.median(hostMs) ?? 0
      func percentile(_ quantile: Double) -> Double { sortedMs.isEmpty ? 0 : Quantiles.nearestRank(quantile, ofSorted: sortedMs) }
      let fields: [String] = [
        "1", toolVersion, csvText(backend.info.name), backend.info.instructionSet, model, precision.rawValue,
        "\(point.batchSize)", "\(point.sequenceLength)", "\(point.hostSeconds.count)",
        "\(hostMs.min() ?? 0)", "\(median)", "\(percentile(0.90))",
        "\(percentile(0.99))", "\(hostMs.reduce(0, +) / Double(max(hostMs.count, 1)))",
        "\((Quantiles.median(point.deviceSeconds) ?? 0) * 1000)",
        "\(median > 0 ? Double(point.batchSize) / (median / 1000) : 0)", "\(point.peakMemoryBytes)",
        "\(point.launches)", "\(point.costs.reduce(0) { $0 + $1.flops } / 1e9)",
        "\(point.costs.reduce(0) { $0 + $1.gpuBytes } / 1e6)",
        calibration.map { "\($0.computeEfficiency)" } ?? "", calibration.map { "\($0.memoryEfficiency)" } ?? "",
        calibration.map { "\($0.launchOverheadSeconds)" } ?? "", calibration.map { "\($0.relativeError)" } ?? "",
      ]
      return fields.joined(separator: ",")
    }
  }

  /// A CSV text cell: quoted when needed; a leading =, +, - or @ is neutralised with a quote.
  func csvText(_ text: String) -> String {
    var value = text
    if let first = value.first, "=+-@".contains(first) { value = "'" + value }
    if value.contains(",") || value.contains("\"") || value.contains("\n") {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }
}
