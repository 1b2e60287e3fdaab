import Records

extension ValidationResult {
  /// The result as the document `validate --json` writes (`ValidateDocument`).
  /// - Parameters:
  ///   - modelPath: The model as the user named it.
  ///   - build: `release` or `debug`.
  public func document(modelPath: String, toolVersion: String, build: String) -> ValidateDocument {
    let s = settings
    let median = medianObserved
    let calibrated = medianCalibrated
    let inputs = ValidateDocument.Inputs(
      model: modelPath, volume: s.ratePerSecond, maxBatch: s.maxBatchSize,
      maxDelay: s.maxDelaySeconds.isFinite ? s.maxDelaySeconds : nil, threads: s.threads,
      duration: s.durationSeconds, repeat: s.repeats, seed: s.seed, build: build)
    let summary = ValidateDocument.Summary(
      observedP50: median.p50, observedP90: median.p90, observedP99: median.p99, observedThroughput: median.throughput,
      p50Error: predictedOffline.map { relativeError(predicted: $0.p50, observed: median.p50) },
      p99Error: predictedOffline.map { relativeError(predicted: $0.p99, observed: median.p99) },
      offlineUnstableUtilization: offlineUnstableUtilization, p99BandHits: p99BandHits, warnings: warnings,
      offlineMeanPassBatch1: offlineMeanPassSeconds,
      calibratedP50Error: calibrated.map { relativeError(predicted: $0.p50, observed: median.p50) },
      calibratedP99Error: calibrated.map { relativeError(predicted: $0.p99, observed: median.p99) })
    let offline = predictedOffline?.documentFigures
    return ValidateDocument(
      toolVersion: toolVersion, inputs: inputs, predictedOffline: offline,
      repeats: repeats.map { r in
        ValidateDocument.Repeat(
          repeat: r.number, observed: r.observed.documentFigures, predictedOffline: offline,
          predictedCalibrated: r.predictedCalibrated?.documentFigures)
      },
      summary: summary)
  }
}

extension ObservedFigures {
  /// The figures as `validate --json` writes them.
  var documentFigures: ValidateDocument.Observed {
    ValidateDocument.Observed(
      p50: p50, p90: p90, p99: p99, mean: mean, throughput: throughput, utilization: utilization,
      meanBatch: meanBatchSize, requests: servedRequests, latenessP50: latenessP50, latenessP99: latenessP99,
      passP50: passP50, passMean: passMean, requestPathDelayP50: requestPathDelayP50,
      requestPathDelayP99: requestPathDelayP99)
  }
}

extension PredictedFigures {
  /// The figures as `validate --json` writes them.
  var documentFigures: ValidateDocument.Predicted {
    ValidateDocument.Predicted(
      p50: p50, p90: p90, p99: p99, throughput: throughput, utilization: utilization, meanBatch: meanBatchSize,
      p50Low: p50Low, p50High: p50High, p99Low: p99Low, p99High: p99High, basis: basis)
  }
}
