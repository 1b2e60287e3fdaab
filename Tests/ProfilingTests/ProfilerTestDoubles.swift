import Profiling
import Records

/// A clock that moves only when told: `run()` and `prepare` of the fake backend advance it,
/// and `sleep` jumps to the deadline. No test reads the wall clock.
final class FakeClock: ProfilerClock {
  var now: UInt64 = 1_000_000_000
  var sleeps: [UInt64] = []

  func nowNanoseconds() -> UInt64 { now }

  func sleep(untilNanoseconds deadline: UInt64) {
    sleeps.append(deadline &- now)
    now = max(now, deadline)
  }

  func advance(seconds: Double) { now += UInt64((seconds * 1e9).rounded()) }
}

/// A backend whose passes take a scripted time on a `FakeClock`, counting every call.
final class CountingBackend: Backend {
  let clock: FakeClock
  /// Seconds one run takes at a batch size (may depend on the run number).
  var runSeconds: (_ batchSize: Int, _ run: Int) -> Double
  /// Seconds `prepare` takes (must never show up in a sample).
  var prepareSeconds = 5.0
  var bytesPerSample = 1_000
  var device = DeviceDescription(kind: .cpu, name: "Fake CPU, 2 cores", instructionSet: "avx2", memoryBytes: 1 << 40)
  var threads = 2
  var precision = Precision.fp32

  private(set) var prepared: [Int] = []
  private(set) var passes: [CountingPass] = []

  init(clock: FakeClock, runSeconds: @escaping (_ batchSize: Int, _ run: Int) -> Double) {
    self.clock = clock
    self.runSeconds = runSeconds
  }

  func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass {
    prepared.append(batchSize)
    clock.advance(seconds: prepareSeconds)
    let pass = CountingPass(backend: self, batchSize: batchSize)
    passes.append(pass)
    return pass
  }

  func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int { batchSize * bytesPerSample }
}

final class CountingPass: PreparedPass {
  unowned let backend: CountingBackend
  let batchSize: Int
  private(set) var runs = 0

  init(backend: CountingBackend, batchSize: Int) {
    self.backend = backend
    self.batchSize = batchSize
  }

  func run() throws {
    backend.clock.advance(seconds: backend.runSeconds(batchSize, runs))
    runs += 1
  }

  var lastDeviceSeconds: Double? { nil }
  var peakMemoryBytes: Int { backend.memoryNeeded(batchSize: batchSize, sequenceLength: 0) }
}

let testLabels = MeasurementLabels(
  toolVersion: "0.1.0", hostName: "test-host", hardware: "local", modelName: "small", modelHash: "abc123")
