import YAMLLite

extension ServerlessProfile {
  static let keys = [
    "name", "cloud", "region", "platform", "architecture", "billing", "prices", "memory", "cpu", "limits",
    "cold_start", "gpu", "note",
  ]
  static let priceKeys = ["usd_per_million_requests", "usd_per_gib_second", "usd_per_vcpu_second", "source", "as_of", "note"]
  static let memoryKeys = ["min_mib", "max_mib", "step_mib", "source", "as_of", "note"]
  static let cpuKeys = ["mib_per_vcpu", "max_vcpus", "choices", "source", "as_of", "note"]
  static let choiceKeys = ["vcpus", "min_memory_mib", "max_memory_mib"]
  static let limitKeys = [
    "per_instance", "max_per_instance", "max_instances", "min_instances", "timeout_seconds", "source", "as_of", "note",
  ]
  static let coldStartKeys = ["platform_seconds", "keep_warm_seconds", "source", "as_of", "note"]
  static let gpuKeys = ["name", "usd_per_second", "min_vcpus", "min_memory_mib", "start_seconds", "source", "as_of", "note"]
  static let mebibytes = 1...16_777_216

  /// Reads one entry of a serverless file's `platforms:` list (format in docs/profiles.md).
  static func read(_ mapping: Mapping, file: String, index: Int) throws(ProfileError) -> ServerlessProfile {
    let (fields, name) = try FieldReader.entry(
      mapping, file: file, index: index, noun: "platform", listKey: "platforms", allowed: keys,
      meaning: "the platform's name, e.g. aws-lambda-arm64")
    let billingText = try fields.choice(
      "billing", meaning: "function, request or instance", from: Billing.allCases.map(\.rawValue))
    let billing = Billing(rawValue: billingText) ?? .function  // the choice above admits only raw values
    let memory = try readMemory(fields)
    var profile = ServerlessProfile(
      name: name, cloud: try fields.string("cloud", meaning: "the cloud: aws, gcp, …"),
      region: try fields.string("region", meaning: "the region the prices are for, e.g. us-east-1"),
      platform: try fields.string("platform", meaning: "the product, e.g. aws-lambda or gcp-cloud-run"),
      architecture: try fields.choice(
        "architecture", meaning: "x86_64 or arm64", from: HardwareProfile.architectures),
      billing: billing, prices: try readPrices(fields, billing: billing), memory: memory,
      cpu: try readCPU(fields, billing: billing, memory: memory), limits: try readLimits(fields),
      coldStart: try readColdStart(fields), gpu: try readGPU(fields))
    try fields.checkNote()
    profile.origin = "\(file):\(fields.line(of: "name"))"
    return profile
  }

  static func readPrices(_ fields: FieldReader, billing: Billing) throws(ProfileError) -> Prices {
    let group = try fields.nested("prices", meaning: "unit prices", context: "prices", allowed: priceKeys)
    // Instance-based billing has no request fee, so 0 is a real price there.
    let requests = try group.number(
      "usd_per_million_requests", meaning: "USD per million requests", allowsZero: billing == .instance)
    let memory = try group.number("usd_per_gib_second", meaning: "USD per GiB-second of memory")
    let cpu = try group.optionalNumber("usd_per_vcpu_second", meaning: "USD per vCPU-second")
    if billing == .function, cpu != nil {
      throw group.invalid("usd_per_vcpu_second", "must be null with billing 'function' (CPU is included in the memory price).")
    }
    if billing != .function, cpu == nil {
      throw group.missingKey("usd_per_vcpu_second", meaning: "USD per vCPU-second; required with billing '\(billing.rawValue)'")
    }
    try group.checkNote()
    return Prices(usdPerMillionRequests: requests, usdPerGiBSecond: memory, usdPerVCPUSecond: cpu, source: try group.sourceNote())
  }

  static func readMemory(_ fields: FieldReader) throws(ProfileError) -> Memory {
    let group = try fields.nested("memory", meaning: "memory sizes in MiB", context: "memory", allowed: memoryKeys)
    let low = try group.integer("min_mib", meaning: "smallest memory size in MiB", in: mebibytes)
    let high = try group.integer("max_mib", meaning: "largest memory size in MiB", in: mebibytes)
    guard low <= high else { throw group.invalid("max_mib", "must be at least min_mib (\(low)), found \(high).") }
    let step = try group.integer("step_mib", meaning: "memory step in MiB", in: 1...high)
    try group.checkNote()
    return Memory(minMiB: low, maxMiB: high, stepMiB: step, source: try group.sourceNote())
  }

  static func readCPU(_ fields: FieldReader, billing: Billing, memory: Memory) throws(ProfileError) -> CPU {
    let group = try fields.nested("cpu", meaning: "the CPU an instance gets", context: "cpu", allowed: cpuKeys)
    try group.checkNote()
    if billing == .function {
      if group.has("choices") { throw group.invalid("choices", "must be absent with billing 'function'; give mib_per_vcpu.") }
      return CPU(
        mibPerVCPU: try group.number("mib_per_vcpu", meaning: "MiB of memory per vCPU of CPU time"),
        maxVCPUs: try group.number("max_vcpus", meaning: "the most vCPUs an instance gets"), choices: [],
        source: try group.sourceNote())
    }
    if group.has("mib_per_vcpu") {
      throw group.invalid("mib_per_vcpu", "must be absent with billing '\(billing.rawValue)'; give choices.")
    }
    var choices: [VCPUChoice] = []
    for choice in try group.mappingList("choices", meaning: "the CPU sizes offered", allowed: choiceKeys) {
      let vcpus = try choice.number("vcpus", meaning: "vCPUs of this size")
      let low = try choice.optionalInteger("min_memory_mib", meaning: "smallest memory with this size", in: mebibytes)
      let high = try choice.integer("max_memory_mib", meaning: "largest memory with this size", in: mebibytes)
      guard (low ?? 0) <= high else {
        throw choice.invalid("max_memory_mib", "must be at least min_memory_mib (\(low ?? 0)), found \(high).")
      }
      if let previous = choices.last, vcpus <= previous.vcpus {
        throw choice.invalid("vcpus", "must be larger than the previous choice (\(previous.vcpus)), found \(vcpus).")
      }
      choices.append(VCPUChoice(vcpus: vcpus, minMemoryMiB: max(low ?? memory.minMiB, memory.minMiB), maxMemoryMiB: high))
    }
    return CPU(
      mibPerVCPU: nil, maxVCPUs: try group.number("max_vcpus", meaning: "the most vCPUs an instance gets"),
      choices: choices, source: try group.sourceNote())
  }

  static func readLimits(_ fields: FieldReader) throws(ProfileError) -> Limits {
    let group = try fields.nested("limits", meaning: "concurrency and instance limits", context: "limits", allowed: limitKeys)
    let perInstance = try group.integer("per_instance", meaning: "requests one instance handles at once by default", in: 1...100_000)
    let maxPerInstance = try group.integer("max_per_instance", meaning: "the most requests per instance", in: 1...100_000)
    guard perInstance <= maxPerInstance else {
      throw group.invalid("per_instance", "must be at most max_per_instance (\(maxPerInstance)), found \(perInstance).")
    }
    let timeout = try group.optionalNumber("timeout_seconds", meaning: "the longest a request may run, seconds")
    try group.checkNote()
    return Limits(
      perInstance: perInstance, maxPerInstance: maxPerInstance,
      maxInstances: try group.integer("max_instances", meaning: "default cap on instances", in: 1...100_000_000),
      minInstances: try group.optionalInteger("min_instances", meaning: "instances kept when idle", in: 0...100_000) ?? 0,
      timeoutSeconds: timeout, source: try group.sourceNote())
  }

  static func readColdStart(_ fields: FieldReader) throws(ProfileError) -> ColdStart {
    let group = try fields.nested(
      "cold_start", meaning: "platform start time and keep-warm window", context: "cold_start", allowed: coldStartKeys)
    // Both keys must be written, null when no source gives the figure, so a forgotten key is an error.
    _ = try group.value("platform_seconds", meaning: "seconds to start a fresh instance; null if unknown")
    _ = try group.value("keep_warm_seconds", meaning: "seconds an idle instance is kept; null if unknown")
    try group.checkNote()
    return ColdStart(
      platformSeconds: try group.optionalNumber("platform_seconds", meaning: "seconds to start a fresh instance"),
      keepWarmSeconds: try group.optionalNumber("keep_warm_seconds", meaning: "seconds an idle instance is kept"),
      source: try group.sourceNote())
  }

  static func readGPU(_ fields: FieldReader) throws(ProfileError) -> GPU? {
    guard let group = try fields.optionalNested("gpu", meaning: "a GPU per instance", context: "gpu", allowed: gpuKeys)
    else { return nil }
    try group.checkNote()
    return GPU(
      name: try group.string("name", meaning: "short GPU name, e.g. L4"),
      usdPerSecond: try group.number("usd_per_second", meaning: "USD per GPU-second"),
      minVCPUs: try group.number("min_vcpus", meaning: "fewest vCPUs allowed with the GPU"),
      minMemoryMiB: try group.integer("min_memory_mib", meaning: "least memory allowed with the GPU", in: mebibytes),
      startSeconds: try group.number("start_seconds", meaning: "seconds until a new instance can use the GPU"),
      source: try group.sourceNote())
  }
}
