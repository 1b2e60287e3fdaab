import CKernels

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

  /// Buffers from this many bytes up start on a huge-page boundary and ask for huge pages
  /// (`ip_advise_huge_pages`): a CNN's activations and weights are megabytes, read many rows
  /// apart. Only whole huge pages inside a buffer are used, so none holds memory it does not
  /// need; a smaller buffer could not use one.
  static let hugePageThreshold = Int(IP_HUGE_PAGE_BYTES)

  /// Zeroed, 64-byte aligned memory for `count` elements (at least one); 2 MiB aligned and on
  /// huge pages where the OS offers them from `hugePageThreshold` bytes up.
  static func allocate<T: BitwiseCopyable>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    let huge = bytes >= hugePageThreshold
    let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: huge ? Int(IP_HUGE_PAGE_BYTES) : 64)
    if huge { ip_advise_huge_pages(raw, bytes) }  // before the first touch, which maps the pages
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    return raw.bindMemory(to: T.self, capacity: max(count, 1))
  }
}
