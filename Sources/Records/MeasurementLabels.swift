/// The columns of a measurement row that the profiler cannot know from the backend:
/// who measured what, where.
public struct MeasurementLabels: Equatable, Sendable {
  public var toolVersion: String
  public var hostName: String
  /// Profiles hardware name the rows stand for (`profile --as NAME`); "local" = this machine.
  public var hardware: String
  public var modelName: String
  /// Content hash of the model (`Graph.contentHash`), so rows of another model are not mixed in.
  public var modelHash: String
  /// The measuring machine's figures, written on every row (nil only where a caller has none).
  public var host: MeasuringHost?

  public init(
    toolVersion: String, hostName: String, hardware: String = "local", modelName: String, modelHash: String,
    host: MeasuringHost? = nil
  ) {
    self.toolVersion = toolVersion
    self.hostName = hostName
    self.hardware = hardware
    self.modelName = modelName
    self.modelHash = modelHash
    self.host = host
  }
}
