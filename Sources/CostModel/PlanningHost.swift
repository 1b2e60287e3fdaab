import Records

/// This machine, when the plan measured it in this run (`--measure-here`, `--quick`, or no
/// `--measurements`): rows whose host figures equal `measuring` are shown as "this machine" and
/// sized by its memory. nil when the plan measured nothing here; then nothing about the planning
/// machine enters the plan (a plan from saved tables is the same on any machine).
public struct PlanningHost: Sendable, Equatable {
  /// The figures written on the rows measured in this run.
  public var measuring: MeasuringHost
  /// Memory the process can use, in bytes (the does-it-fit check for "this machine").
  public var memoryBytes: Int

  public init(measuring: MeasuringHost, memoryBytes: Int) {
    self.measuring = measuring
    self.memoryBytes = memoryBytes
  }
}
