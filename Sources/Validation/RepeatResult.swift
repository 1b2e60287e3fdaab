/// One repeat: observed, and the calibrated prediction from the other repeats' service times.
public struct RepeatResult: Sendable, Equatable {
  /// 1-based.
  public var number: Int
  public var observed: ObservedFigures
  public var predictedCalibrated: PredictedFigures?
  /// Service time of every batch as the request path saw it (pass + request-path delay, see
  /// `Validator.effectiveServiceSequences`), in the order run, by batch size (seconds).
  public var serviceSequences: [Int: [Double]]
}
