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
  /// Per-sample dims of the float inputs measured (`Graph.sampleShapes`, as `inputShapesText`).
  public var inputShapes = ""

  /// The canonical text of per-sample input shapes: `name=AxBxC` sorted by name, joined by `;`
  /// (empty for none), so the same shapes always give the same cell.
  public static func inputShapesText(_ shapes: [String: [Int]]) -> String {
    shapes.keys.sorted().map { name in name + "=" + (shapes[name] ?? []).map(String.init).joined(separator: "x") }
      .joined(separator: ";")
  }

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
