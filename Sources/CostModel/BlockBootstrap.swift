/// Resamples measured sequences of service times in blocks, so that slow phases survive.
///
/// Successive service times on these machines are strongly correlated (lag-1 autocorrelation
/// 0.49–0.95, slow phases lasting tens to hundreds of milliseconds; measured live, see
/// docs/latency.md, "What a benchmark table misses"). Drawing them one at a time (i.i.d.) keeps the distribution
/// but spreads the slow runs evenly, and a queue behind a slow phase is exactly what makes p99.
/// This is the circular moving-block bootstrap (Künsch 1989; Politis & Romano 1992): pick a
/// random start in a random sequence (each sample equally likely), read `blockLength` values in
/// order (wrapping around the end of that sequence), then pick a new start.
///
/// `blockLength` 1 is plain i.i.d. resampling.
public struct BlockBootstrap: Sendable {
  /// Where a reader is: the sequence, the position in it, and values left in the current block.
  public struct Cursor: Sendable, Equatable {
    var sequenceIndex: Int = 0
    var position: Int = 0
    var remainingInBlock: Int = 0
    /// A cursor that starts a fresh block on its first read.
    public init() {}
  }

  /// All samples, sequence after sequence.
  private let samples: [Double]
  /// Start offset and length of each sequence in `samples`.
  private let starts: [Int]
  private let lengths: [Int]
  /// Values read in order before jumping to a new random start.
  public let blockLength: Int

  /// Values in all sequences together.
  public var sampleCount: Int { samples.count }
  /// Mean of all samples.
  public let mean: Double

  /// Creates a bootstrap over `sequences` (each in the order it was measured).
  ///
  /// - Parameter blockLength: values per block; nil picks `defaultBlockLength`.
  /// - Throws: `SimulationError.emptySequence` when there is no sample at all, and
  ///   `SimulationError.badSample` for a negative, NaN or infinite value.
  public init(sequences: [[Double]], blockLength: Int? = nil) throws {
    var samples: [Double] = []
    var starts: [Int] = []
    var lengths: [Int] = []
    for sequence in sequences where !sequence.isEmpty {
      for value in sequence where !(value.isFinite && value >= 0) {
        throw SimulationError.badSample(value: value)
      }
      starts.append(samples.count)
      lengths.append(sequence.count)
      samples.append(contentsOf: sequence)
    }
    guard !samples.isEmpty else { throw SimulationError.emptySequence }
    self.samples = samples
    self.starts = starts
    self.lengths = lengths
    self.mean = samples.reduce(0, +) / Double(samples.count)
    let chosen = blockLength ?? Self.defaultBlockLength(sampleCount: samples.count, meanSeconds: mean)
    self.blockLength = max(1, chosen)
  }

  /// Default block: the values of about 250 ms of service (`0.25 s / mean`), at least 10, and at
  /// most a quarter of all samples (so a replication still mixes at least four blocks).
  ///
  /// Why 250 ms: slow phases measured here last tens to hundreds of milliseconds, and 250 ms
  /// window means of service time varied 0.96–2.22× the isolated mean, so a block that long keeps a
  /// whole slow phase together.
  public static func defaultBlockLength(sampleCount: Int, meanSeconds: Double) -> Int {
    let perWindow = meanSeconds > 0 ? Int((0.25 / meanSeconds).rounded()) : sampleCount
    return max(1, min(max(10, perWindow), max(1, sampleCount / 4)))
  }

  /// The next resampled value; advances `cursor`.
  @inline(__always)
  public func next(_ cursor: inout Cursor, random: inout SimulationRandom) -> Double {
    if cursor.remainingInBlock == 0 {
      // A uniform sample index chooses the sequence with probability ∝ its length.
      let flat = random.nextIndex(below: samples.count)
      var sequence = 0
      while sequence + 1 < starts.count && starts[sequence + 1] <= flat { sequence += 1 }
      cursor.sequenceIndex = sequence
      cursor.position = flat - starts[sequence]
      cursor.remainingInBlock = blockLength
    }
    let value = samples[starts[cursor.sequenceIndex] + cursor.position]
    cursor.position += 1
    if cursor.position == lengths[cursor.sequenceIndex] { cursor.position = 0 }
    cursor.remainingInBlock -= 1
    return value
  }

  /// A resampled series of `count` values (for tests and diagnostics).
  public func resample(count: Int, random: inout SimulationRandom) -> [Double] {
    var cursor = Cursor()
    var result: [Double] = []
    result.reserveCapacity(count)
    for _ in 0..<count { result.append(next(&cursor, random: &random)) }
    return result
  }
}
