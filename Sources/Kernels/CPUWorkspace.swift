/// Every buffer one forward pass of a `CPUModel` needs at a fixed batch size and sequence
/// length, allocated once by `CPUModel.makeWorkspace` so `CPUModel.run` allocates nothing.
///
/// Holds the loaded inputs, the activation buffers (shared between values whose lifetimes
/// don't overlap) and one attention score row per thread. A workspace belongs to the model
/// that made it. Not thread-safe: use one workspace per concurrent caller.
public final class CPUWorkspace {
  /// Rows per pass.
  public let batchSize: Int
  /// Tokens per row (1 for an MLP, whatever was asked).
  public let sequenceLength: Int
  /// Bytes allocated: activation buffers, inputs and scratch.
  public let bytes: Int

  let owner: ObjectIdentifier
  /// Activation buffers, indexed like `ExecutionPlan.slotShapes`.
  let slots: [UnsafeMutablePointer<Float>]
  let slotCapacities: [Int]
  /// `[batch, sequence]` token ids, token types and mask (1 element each for an MLP).
  let ids: UnsafeMutablePointer<Int32>
  let tokenTypes: UnsafeMutablePointer<Int32>
  let mask: UnsafeMutablePointer<Int32>
  /// One score row of `sequenceLength` floats per thread, for attention.
  let scores: UnsafeMutablePointer<Float>
  /// Whether `load` has filled the inputs.
  var isLoaded = false

  init(owner: ObjectIdentifier, batchSize: Int, sequenceLength: Int, slotCapacities: [Int], threads: Int) {
    self.owner = owner
    self.batchSize = batchSize
    self.sequenceLength = sequenceLength
    self.slotCapacities = slotCapacities
    let tokens = batchSize * sequenceLength
    slots = slotCapacities.map { Self.allocate(Float.self, $0) }
    ids = Self.allocate(Int32.self, tokens)
    tokenTypes = Self.allocate(Int32.self, tokens)
    mask = Self.allocate(Int32.self, tokens)
    scores = Self.allocate(Float.self, threads * sequenceLength)
    bytes = (slotCapacities.reduce(0, +) + threads * sequenceLength) * MemoryLayout<Float>.stride
      + 3 * tokens * MemoryLayout<Int32>.stride
  }

  deinit {
    for slot in slots { slot.deallocate() }
    ids.deallocate()
    tokenTypes.deallocate()
    mask.deallocate()
    scores.deallocate()
  }

  /// Zeroed, 64-byte aligned memory for `count` elements (at least one).
  static func allocate<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    return raw.bindMemory(to: T.self, capacity: max(count, 1))
  }
}
