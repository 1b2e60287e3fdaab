/// Every buffer one forward pass of a `CPUModel` needs at a fixed batch size and sequence
/// length, allocated once by `CPUModel.makeWorkspace` so `CPUModel.run` allocates nothing.
///
/// Holds the loaded inputs and the activation buffers (shared between values whose lifetimes
/// don't overlap). Per-thread attention and GEMM scratch belongs to the model's pool
/// (`ip_pool_scratch`): sized on the first pass at a shape, reused after. A workspace belongs
/// to the model that made it. It may move between threads, but must not be used by two at
/// once: give each concurrent caller its own.
public final class CPUWorkspace: @unchecked Sendable {
  /// Rows per pass.
  public let batchSize: Int
  /// Tokens per row (1 for an MLP, whatever was asked).
  public let sequenceLength: Int
  /// Bytes allocated: activation buffers and inputs.
  public let bytes: Int

  /// The model that made it (held, so a workspace never outlives its model's plan).
  let owner: AnyObject
  /// Activation buffers, indexed like `ExecutionPlan.slotShapes`.
  let slots: [UnsafeMutablePointer<Float>]
  let slotCapacities: [Int]
  /// `[batch, sequence]` token ids, token types and mask (1 element each for an MLP).
  let ids: UnsafeMutablePointer<Int32>
  let tokenTypes: UnsafeMutablePointer<Int32>
  let mask: UnsafeMutablePointer<Int32>
  /// Whether `load` has filled the inputs.
  var isLoaded = false

  init(owner: AnyObject, batchSize: Int, sequenceLength: Int, slotCapacities: [Int]) {
    self.owner = owner
    self.batchSize = batchSize
    self.sequenceLength = sequenceLength
    self.slotCapacities = slotCapacities
    let tokens = batchSize * sequenceLength
    slots = slotCapacities.map { Self.allocate(Float.self, $0) }
    ids = Self.allocate(Int32.self, tokens)
    tokenTypes = Self.allocate(Int32.self, tokens)
    mask = Self.allocate(Int32.self, tokens)
    bytes = Self.bytes(slotCapacities: slotCapacities, tokens: tokens)
  }

  deinit {
    for slot in slots { slot.deallocate() }
    ids.deallocate()
    tokenTypes.deallocate()
    mask.deallocate()
  }

  /// Bytes of activation buffers of these sizes (floats) plus ids, types and mask for `tokens`.
  static func bytes(slotCapacities: [Int], tokens: Int) -> Int {
    slotCapacities.map { max($0, 1) }.reduce(0, +) * MemoryLayout<Float>.stride + 3 * max(tokens, 1) * MemoryLayout<Int32>.stride
  }

  /// Zeroed, 64-byte aligned memory for `count` elements (at least one).
  static func allocate<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    return raw.bindMemory(to: T.self, capacity: max(count, 1))
  }
}
