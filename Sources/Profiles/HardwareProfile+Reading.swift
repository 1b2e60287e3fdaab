import YAMLLite

extension HardwareProfile {
  static let keys = [
    "name", "cloud", "region", "usd_per_hour", "prices", "vcpus", "memory_gib", "source", "as_of", "cpu", "gpu",
    "burstable", "note",
  ]
  static let cpuKeys = [
    "model", "architecture", "instruction_set", "threads_per_core", "per_core_gflops", "source", "as_of",
    "memory_bandwidth_gbs", "memory_bandwidth_source", "memory_bandwidth_as_of", "note",
  ]
  static let gpuKeys = [
    "name", "count", "compute_capability", "fp32_tflops", "tf32_tflops", "fp16_tflops", "bf16_tflops", "memory_mib",
    "bandwidth_gbps", "source", "as_of", "note",
  ]
  static let burstableKeys = ["baseline", "surplus_usd_per_vcpu_hour", "source", "as_of", "note"]
  /// Architectures a CPU may declare; a measurement projects only within one.
  public static let architectures = ["x86_64", "arm64"]
  /// Instruction-set names a CPU may declare (the widest SIMD it runs).
  public static let instructionSets = ["avx512", "avx2", "sve", "neon", "scalar"]

  /// Reads one entry of a hardware file's `instances:` list (format in docs/profiles.md).
  /// - Parameters:
  ///   - mapping: the entry.
  ///   - file: the file's path for errors; `index` its place in the list.
  static func read(_ mapping: Mapping, file: String, index: Int) throws(ProfileError) -> HardwareProfile {
    let (fields, name) = try FieldReader.entry(
      mapping, file: file, index: index, noun: "instance", listKey: "instances", allowed: keys,
      meaning: "the instance type, e.g. c7i.xlarge")
    let cloud = try fields.string("cloud", meaning: "the cloud: aws, gcp, azure, …")
    let region = try fields.string("region", meaning: "the region the price is for, e.g. us-east-1")
    let usdPerHour = try fields.number("usd_per_hour", meaning: "on-demand Linux price in USD per hour")
    let vCPUs = try fields.integer("vcpus", meaning: "virtual CPUs (hardware threads)", in: 1...4096)
    let memoryGiB = try fields.number("memory_gib", meaning: "instance memory in GiB (2^30 bytes)")
    guard memoryGiB <= 1_048_576 else { throw fields.invalid("memory_gib", "must be at most 1048576 GiB, found \(memoryGiB).") }
    let priceSource = try fields.sourceNote()

    let cpuFields = try fields.nested(
      "cpu", meaning: "the CPU: model, architecture, instruction_set, threads_per_core, per_core_gflops",
      context: "cpu", allowed: cpuKeys)
    let threadsPerCore = try cpuFields.integer(
      "threads_per_core", meaning: "vCPUs per physical core: 2 with SMT, 1 on Graviton, c7a, t2d", in: 1...8)
    guard vCPUs % threadsPerCore == 0 else {
      throw cpuFields.invalid("threads_per_core", "must divide vcpus (\(vCPUs)), found \(threadsPerCore).")
    }
    var cpu = CPUSpec(
      model: try cpuFields.string("model", meaning: "the CPU model, e.g. Intel Xeon Sapphire Rapids"),
      architecture: try cpuFields.choice("architecture", meaning: "x86_64 or arm64", from: architectures),
      instructionSet: try cpuFields.choice(
        "instruction_set", meaning: "the widest SIMD: avx512, avx2, sve, neon", from: instructionSets),
      perCoreGFLOPS: try cpuFields.number(
        "per_core_gflops", meaning: "peak FP32 GFLOP/s of one physical core (FMA width × units × clock)"),
      source: try cpuFields.sourceNote())
    try readMemoryBandwidth(cpuFields, into: &cpu, required: !fields.has("gpu"))

    var gpu: GPUSpec?
    var gpuCount = 0
    if fields.has("gpu") {
      let gpuFields = try fields.nested("gpu", meaning: "the GPU", context: "gpu", allowed: gpuKeys)
      gpuCount = try gpuFields.integer("count", meaning: "GPUs on the instance", in: 1...64)
      gpu = try readGPU(gpuFields)
    }

    var baseline: Double?
    var surplus: Double?
    var burstableSource: SourceNote?
    if let burst = try fields.optionalNested(
      "burstable", meaning: "the CPU baseline and surplus price", context: "burstable", allowed: burstableKeys)
    {
      let share = try burst.number("baseline", meaning: "sustained CPU share per vCPU, 0.2 = 20%")
      guard share <= 1 else { throw burst.invalid("baseline", "must be a fraction in (0, 1], found \(share).") }
      baseline = share
      surplus = try burst.number(
        "surplus_usd_per_vcpu_hour", meaning: "USD per vCPU-hour above the baseline in unlimited mode")
      burstableSource = try burst.sourceNote()
    }
    try fields.checkNote()
    let prices = try readPrices(fields, onDemand: usdPerHour)

    var profile = HardwareProfile(
      name: name, cloud: cloud, region: region, usdPerHour: usdPerHour, priceSource: priceSource, vCPUs: vCPUs,
      threadsPerCore: threadsPerCore, memoryBytes: Int(memoryGiB * 1_073_741_824), cpu: cpu, gpuCount: gpuCount,
      gpu: gpu, burstableBaseline: baseline)
    profile.prices = prices
    profile.surplusUSDPerVCPUHour = surplus
    profile.burstableSource = burstableSource
    profile.origin = "\(file):\(fields.line(of: "name"))"
    return profile
  }

  /// Reads `memory_bandwidth_gbs` with its own `memory_bandwidth_source` / `memory_bandwidth_as_of`.
  /// - Parameter required: true for CPU-only instances (the CPU projection needs it); a GPU
  ///   instance's host may leave all three out.
  static func readMemoryBandwidth(_ fields: FieldReader, into cpu: inout CPUSpec, required: Bool) throws(ProfileError) {
    let keys = ["memory_bandwidth_gbs", "memory_bandwidth_source", "memory_bandwidth_as_of"]
    guard required || keys.contains(where: fields.has) else { return }
    let meaning = required
      ? "STREAM-style triad bandwidth over all physical cores, GB/s; required for CPU-only instances"
      : "STREAM-style triad bandwidth over all physical cores, GB/s"
    let bandwidth = try fields.number("memory_bandwidth_gbs", meaning: meaning)
    guard bandwidth <= 100_000 else {
      throw fields.invalid("memory_bandwidth_gbs", "must be at most 100000 GB/s, found \(bandwidth).")
    }
    cpu.memoryBandwidthGBps = bandwidth
    cpu.memoryBandwidthSource = try fields.sourceNote(
      sourceKey: "memory_bandwidth_source", asOfKey: "memory_bandwidth_as_of")
  }

  static func readGPU(_ fields: FieldReader) throws(ProfileError) -> GPUSpec {
    let capabilityValue = try fields.value("compute_capability", meaning: "CUDA compute capability, quoted: \"8.9\"")
    guard case .string(let capability) = capabilityValue,
      capability.wholeMatch(of: /[0-9]+\.[0-9]/) != nil
    else {
      throw fields.wrongType("compute_capability", "a quoted version like \"8.9\"", capabilityValue)
    }
    // Explicit null for "none" (T4 has no TF32/BF16), so a forgotten key is an error.
    _ = try fields.value("tf32_tflops", meaning: "TF32 tensor-core peak TFLOP/s, dense; null if none")
    _ = try fields.value("bf16_tflops", meaning: "BF16 tensor-core peak TFLOP/s, dense; null if none")
    let memoryMiB = try fields.integer(
      "memory_mib", meaning: "device memory in MiB as the device reports it (not the marketed GB)", in: 1...16_777_216)
    return GPUSpec(
      name: try fields.string("name", meaning: "short GPU name used in reports: T4, L4, A10G, L40S, A100-40GB, H100"),
      computeCapability: capability,
      fp32TFLOPS: try fields.number("fp32_tflops", meaning: "FP32 peak TFLOP/s (CUDA cores)"),
      tf32TFLOPS: try fields.optionalNumber("tf32_tflops", meaning: "TF32 tensor-core peak TFLOP/s, dense; null if none"),
      fp16TFLOPS: try fields.number("fp16_tflops", meaning: "FP16 tensor-core peak TFLOP/s, dense"),
      bf16TFLOPS: try fields.optionalNumber("bf16_tflops", meaning: "BF16 tensor-core peak TFLOP/s, dense; null if none"),
      memoryBytes: memoryMiB * 1_048_576,
      bandwidthGBps: try fields.number("bandwidth_gbps", meaning: "memory bandwidth in GB/s (10^9 bytes per second)"),
      source: try fields.sourceNote())
  }
}
