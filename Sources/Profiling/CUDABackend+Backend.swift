import CUDA

/// The GPU forward pass, timed by the same profiler as the CPU one.
extension CUDABackend: Backend {
  public func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass {
    try prepareSeeded(batchSize: batchSize, sequenceLength: sequenceLength)
  }
}

extension CUDAForwardPass: PreparedPass {}
