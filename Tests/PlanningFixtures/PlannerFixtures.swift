import CostModel
import ModelGraph
import Profiles
import Records

/// Fixed inputs shared by the planner and report tests: hardware like Profiles/ (figures as in
/// Profiles/hardware/*.yaml, which cite their sources), a fixed host and fixed measurements.
/// Never live timings.
public enum PlannerFixtures {
  public static let note = SourceNote(source: "test fixture", asOf: "2026-11-26")
  public static let gib = 1 << 30

  public static func cpu(
    _ model: String, _ architecture: String, _ isa: String, _ perCore: Double, bandwidth: Double? = nil
  ) -> CPUSpec {
    CPUSpec(
      model: model, architecture: architecture, instructionSet: isa, perCoreGFLOPS: perCore, source: note,
      memoryBandwidthGBps: bandwidth, memoryBandwidthSource: bandwidth == nil ? nil : note)
  }

  /// Sapphire Rapids with the whole instance's triad bandwidth (26.5 GB/s per physical core, as
  /// Profiles/hardware/aws-cpu.yaml has it).
  public static func sapphireRapids(cores: Int) -> CPUSpec {
    cpu("Intel Xeon Sapphire Rapids", "x86_64", "avx512", 200, bandwidth: 26.5 * Double(cores))
  }
  public static let sapphireRapids = sapphireRapids(cores: 1)
  public static let graviton2 = cpu("AWS Graviton2", "arm64", "neon", 40, bandwidth: 30)
  public static let t4 = GPUSpec(
    name: "T4", computeCapability: "7.5", fp32TFLOPS: 8.1, tf32TFLOPS: nil, fp16TFLOPS: 65, bf16TFLOPS: nil,
    memoryBytes: 15_360 * 1_048_576, bandwidthGBps: 320, source: note)
  public static let a10g = GPUSpec(
    name: "A10G", computeCapability: "8.6", fp32TFLOPS: 35, tf32TFLOPS: 35, fp16TFLOPS: 70, bf16TFLOPS: 70,
    memoryBytes: 22_888 * 1_048_576, bandwidthGBps: 600, source: note)

  public static let hardware: [HardwareProfile] = [
    HardwareProfile(
      name: "t3.small", cloud: "aws", region: "us-east-1", usdPerHour: 0.0208, priceSource: note, vCPUs: 2,
      threadsPerCore: 2, memoryBytes: 2 * gib, cpu: cpu("Intel Xeon Skylake", "x86_64", "avx512", 100, bandwidth: 12),
      gpuCount: 0, gpu: nil, burstableBaseline: 0.2),
    HardwareProfile(
      name: "t4g.small", cloud: "aws", region: "us-east-1", usdPerHour: 0.0168, priceSource: note, vCPUs: 2,
      threadsPerCore: 1, memoryBytes: 2 * gib, cpu: graviton2, gpuCount: 0, gpu: nil, burstableBaseline: 0.2),
    HardwareProfile(
      name: "c7i.large", cloud: "aws", region: "us-east-1", usdPerHour: 0.08925, priceSource: note, vCPUs: 2,
      threadsPerCore: 2, memoryBytes: 4 * gib, cpu: sapphireRapids, gpuCount: 0, gpu: nil),
    HardwareProfile(
      name: "c7i.2xlarge", cloud: "aws", region: "us-east-1", usdPerHour: 0.357, priceSource: note, vCPUs: 8,
      threadsPerCore: 2, memoryBytes: 16 * gib, cpu: sapphireRapids(cores: 4), gpuCount: 0, gpu: nil),
    HardwareProfile(
      name: "g4dn.xlarge", cloud: "aws", region: "us-east-1", usdPerHour: 0.526, priceSource: note, vCPUs: 4,
      threadsPerCore: 2, memoryBytes: 16 * gib, cpu: sapphireRapids, gpuCount: 1, gpu: t4),
    HardwareProfile(
      name: "g5.xlarge", cloud: "aws", region: "us-east-1", usdPerHour: 1.006, priceSource: note, vCPUs: 4,
      threadsPerCore: 2, memoryBytes: 16 * gib, cpu: sapphireRapids, gpuCount: 1, gpu: a10g),
  ]

  /// The machine the fixed rows say measured them: 2 cores, 150 GFLOP/s per core, 40 GB/s triad.
  public static let measuringHost = MeasuringHost(
    cpuModel: "Intel Xeon (test host)", instructionSet: "avx512", physicalCores: 2, perCoreGFLOPS: 150,
    memoryBandwidthGBps: 40)

  /// The planning machine as if it had measured the fixed rows in this run ("this machine").
  public static let host = PlanningHost(measuring: measuringHost, memoryBytes: 8 * gib)

  /// An MLP's work: per dense layer 2·b·in·out FLOPs, fp32 bytes of weights + bias + input +
  /// output, 1 launch; per activation 2 launches-free passes over the output (1 launch).
  public static func mlp(name: String, widths: [Int]) -> ModelWork {
    let layers = Array(zip(widths.dropLast(), widths.dropFirst()))
    let parameters = layers.reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    return ModelWork(
      name: name, architecture: "MLP", parameterCount: parameters, weightBytes: 4 * parameters,
      sequenceLength: 0,
      ops: { batch in
        var ops: [OpCost] = []
        for (index, (input, output)) in layers.enumerated() {
          let b = Double(batch)
          ops.append(OpCost(
            name: "fc\(index + 1)", flops: 2 * b * Double(input * output),
            bytes: 4 * (Double(input * output + output) + b * Double(input + output)), launches: 1))
          if index < layers.count - 1 {
            ops.append(OpCost(name: "act\(index + 1)", flops: b * Double(output), bytes: 8 * b * Double(output), launches: 1))
          }
        }
        return ops
      },
      activationBytes: { batch in 4 * batch * widths.reduce(0, +) })
  }

  public static let small = mlp(name: "small", widths: [512, 1024, 512, 10])
  public static let large = mlp(name: "large", widths: [4096, 4096, 4096, 4096, 4096, 10])

  /// One measurement row; times in ms.
  public static func row(
    hardware: String = "local", kind: DeviceKind = .cpu, device: String = "Intel Xeon (test host)",
    precision: Precision = .fp32, threads: Int, batch: Int, medianMs: Double, p99Ms: Double? = nil,
    cv: Double = 0.05, mode: MeasurementMode = .paced, model: String = "small",
    computeEfficiency: Double? = nil, memoryEfficiency: Double? = nil, launchOverheadSeconds: Double? = nil,
    host: MeasuringHost? = measuringHost
  ) -> Measurement {
    let p99 = p99Ms ?? medianMs * 1.3
    return Measurement(
      toolVersion: "0.1.0", timestamp: "2026-11-26T12:00:00Z", hostName: "testhost", hardware: hardware,
      deviceKind: kind, deviceName: device, instructionSet: kind == .cpu ? "avx512" : "sm_75", precision: precision,
      threads: threads, modelName: model, modelHash: "abc", batchSize: batch, sequenceLength: 0, mode: mode,
      idleGapSeconds: mode == .paced ? 0.001 : 0,
      stats: LatencyStats(minMs: medianMs * 0.9, medianMs: medianMs, meanMs: medianMs * 1.02, p90Ms: medianMs * 1.1,
                          p99Ms: p99, maxMs: p99 * 1.2, stddevMs: medianMs * cv, cv: cv),
      throughput: Double(batch) / (medianMs / 1000), peakMemoryBytes: 10_000_000, buildConfiguration: "release",
      runs: 100, warnings: [], computeEfficiency: computeEfficiency, memoryEfficiency: memoryEfficiency,
      launchOverheadSeconds: launchOverheadSeconds, host: host)
  }

  /// `small` on the test host: batch 1…128, 1 and 2 threads.
  public static let smallMeasurements: [Measurement] = [
    row(threads: 1, batch: 1, medianMs: 0.06), row(threads: 1, batch: 8, medianMs: 0.25),
    row(threads: 1, batch: 32, medianMs: 0.9), row(threads: 1, batch: 128, medianMs: 3.4),
    row(threads: 2, batch: 1, medianMs: 0.05), row(threads: 2, batch: 8, medianMs: 0.15),
    row(threads: 2, batch: 32, medianMs: 0.5), row(threads: 2, batch: 128, medianMs: 1.8),
  ]

  /// `large` (≈ 67M parameters, 134 MFLOP per row) on the test host.
  public static let largeMeasurements: [Measurement] = [
    row(threads: 2, batch: 1, medianMs: 2.5, model: "large"), row(threads: 2, batch: 8, medianMs: 7.5, model: "large"),
    row(threads: 2, batch: 32, medianMs: 27, model: "large"), row(threads: 2, batch: 128, medianMs: 105, model: "large"),
  ]

  public static func planner(model: ModelWork = small, measurements: [Measurement] = smallMeasurements,
                      hardware: [HardwareProfile] = hardware, host: PlanningHost? = host) -> Planner {
    Planner(model: model, hardware: hardware, measurements: measurements, host: host)
  }
}
