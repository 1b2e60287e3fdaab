import ModelGraph
import Records

extension CUDABackend {
  /// The measurement rows with compute efficiency, memory efficiency and launch overhead
  /// filled in, fitted (`CUDACalibration.fit`) to the rows' median latencies against this
  /// backend's costs at each row's shape and the GPU's peaks for its precision
  /// (`CUDADeviceInfo.peakFlopsPerSecond(for:)`, `peakBandwidthBytesPerSecond`).
  ///
  /// Every row gets the same three figures (one fit over the sweep). Rows of other devices or
  /// precisions are returned unchanged; with no usable row nothing changes.
  ///
  /// - Parameter rows: measurements of this backend's model (one per batch size), e.g. the
  ///   profiler's sweep.
  /// - Returns: The rows, calibrated, and the calibration (nil when it could not be fitted).
  public func calibrated(_ rows: [Measurement]) -> (rows: [Measurement], calibration: CUDACalibration?) {
    let mine = rows.indices.filter { rows[$0].deviceKind == .cuda && rows[$0].precision == precision }
    var points: [CUDACalibrationPoint] = []
    for index in mine {
      let row = rows[index]
      let sequence = graph.isEncoderGraph ? row.sequenceLength : 0
      guard let work = work(batchSize: row.batchSize, sequenceLength: sequence) else { continue }
      points.append(
        CUDACalibrationPoint(
          measuredSeconds: row.stats.medianMs / 1000, costs: work.costs, launches: work.launches))
    }
    guard
      let calibration = CUDACalibration.fit(
        points, peakFlopsPerSecond: info.peakFlopsPerSecond(for: cudaPrecision),
        peakBytesPerSecond: info.peakBandwidthBytesPerSecond)
    else { return (rows, nil) }
    var result = rows
    for index in mine { result[index] = rows[index].calibrated(by: calibration) }
    return (result, calibration)
  }

  /// Costs and launches at a shape: from the pass prepared at that shape, else planned (then
  /// each dense layer counts as one launch, as with cuBLASLt epilogues).
  func work(batchSize: Int, sequenceLength: Int) -> (costs: [OpCost], launches: Int)? {
    if let known = preparedWork[Self.shapeKey(batchSize: batchSize, sequenceLength: sequenceLength)] {
      return known
    }
    guard
      let plan = try? CUDAForwardPlan(
        analysis: analysis, batchSize: batchSize, sequenceLength: sequenceLength, precision: cudaPrecision)
    else { return nil }
    return (plan.costs, plan.steps.count)
  }
}

extension Graph {
  var isEncoderGraph: Bool {
    if case .encoder = kind { return true }
    return false
  }
}
