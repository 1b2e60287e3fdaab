import ModelGraph
import Records

/// Runs forward passes of one model on one device. The profiler times `PreparedPass.run()`
/// and nothing else, so everything slow that is not inference happens in `prepare`.
///
/// A backend owns the model's weights in device form (packed for the CPU GEMM, or uploaded
/// to GPU memory) from its creation on: weights are prepared once, not per batch size.
public protocol Backend: AnyObject {
  var device: DeviceDescription { get }
  /// Threads (CPU) or streams (GPU) one pass uses.
  var threads: Int { get }
  /// Numeric precision of the pass.
  var precision: Precision { get }
  /// Allocates inputs, outputs and workspace for one shape and fills the inputs with
  /// seeded data. Not timed.
  func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass
  /// Bytes a pass at this shape would need (weights + activations + workspace), without
  /// allocating them; the sweep uses it to stop before running out of memory.
  func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int
}

/// One shape, ready to run: inputs filled, buffers allocated.
public protocol PreparedPass: AnyObject {
  /// Runs one forward pass and returns only after the device has finished it
  /// (on a GPU: after the stream synchronizes), so a host clock around it is honest.
  func run() throws
  /// Device-measured time of the last `run()` in seconds (GPU events), or nil on the CPU.
  var lastDeviceSeconds: Double? { get }
  /// Weights + activations + workspace bytes this pass holds.
  var peakMemoryBytes: Int { get }
}
