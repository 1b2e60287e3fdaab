import Foundation
import Testing

@testable import Profiles

/// One valid function platform (Lambda-like); cases replace one line of it.
let validFunctionPlatform = """
  platforms:
    - name: fn.test
      cloud: aws
      region: us-east-1
      platform: aws-lambda
      architecture: x86_64
      billing: function
      prices:
        usd_per_million_requests: 0.2
        usd_per_gib_second: 0.0000166667
        usd_per_vcpu_second: null
        source: "prices"
        as_of: "2026-12-04"
      memory:
        min_mib: 128
        max_mib: 10240
        step_mib: 1
        source: "memory"
        as_of: "2026-12-04"
      cpu:
        mib_per_vcpu: 1769.0
        max_vcpus: 6.0
        source: "cpu"
        as_of: "2026-12-04"
      limits:
        per_instance: 1
        max_per_instance: 1
        max_instances: 1000
        timeout_seconds: 900
        source: "limits"
        as_of: "2026-12-04"
      cold_start:
        platform_seconds: 0.2
        keep_warm_seconds: null
        source: "cold start"
        as_of: "2026-12-04"

  """

/// The same platform billed per request and per vCPU-second, with CPU sizes to choose from.
let validRequestPlatform = validFunctionPlatform
  .replacingOccurrences(of: "billing: function", with: "billing: request")
  .replacingOccurrences(of: "usd_per_vcpu_second: null", with: "usd_per_vcpu_second: 0.000024")
  .replacingOccurrences(
    of: "      mib_per_vcpu: 1769.0\n      max_vcpus: 6.0\n",
    with: """
            max_vcpus: 8.0
            choices:
              - {vcpus: 1.0, max_memory_mib: 4096}
              - {vcpus: 4.0, min_memory_mib: 2048, max_memory_mib: 16384}

      """)

/// Loads `text` as the only serverless file (beside a valid hardware file) and returns the
/// catalog's error message with FILE for the file's path, or nil.
func serverlessError(_ text: String) throws -> String? {
  let folder = try makeProfilesFolder(["hardware/h.yaml": validInstance, "serverless/test.yaml": text])
  defer { try? FileManager.default.removeItem(atPath: folder) }
  do {
    _ = try ProfileCatalog.load(directory: folder)
    return nil
  } catch {
    return error.description.replacingOccurrences(of: folder + "/serverless/test.yaml", with: "FILE")
  }
}

@Suite struct ServerlessProfileTests {
  @Test func readsAFunctionPlatform() throws {
    let folder = try makeProfilesFolder(["hardware/h.yaml": validInstance, "serverless/test.yaml": validFunctionPlatform])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let catalog = try ProfileCatalog.load(directory: folder)
    let platform = try catalog.serverless(named: "fn.test")
    #expect(platform.billing == .function && platform.architecture == "x86_64" && platform.platform == "aws-lambda")
    #expect(platform.prices.usdPerMillionRequests == 0.2 && platform.prices.usdPerGiBSecond == 0.0000166667)
    #expect(platform.prices.usdPerVCPUSecond == nil && platform.prices.source == SourceNote(source: "prices", asOf: "2026-12-04"))
    #expect(platform.memory.minMiB == 128 && platform.memory.maxMiB == 10240 && platform.memory.stepMiB == 1)
    #expect(platform.cpu.mibPerVCPU == 1769 && platform.cpu.maxVCPUs == 6 && platform.cpu.choices.isEmpty)
    #expect(platform.limits.perInstance == 1 && platform.limits.maxInstances == 1000 && platform.limits.minInstances == 0)
    #expect(platform.limits.timeoutSeconds == 900)
    #expect(platform.coldStart.platformSeconds == 0.2 && platform.coldStart.keepWarmSeconds == nil)
    #expect(platform.gpu == nil && platform.origin == folder + "/serverless/test.yaml:2")
  }

  /// (memory MiB, vCPUs the function gets): memory / 1769, capped at 6; nil outside 128…10240.
  static let functionCPU: [(Int, Double?)] = [(1769, 1), (3538, 2), (10240, 10240.0 / 1769), (127, nil), (10241, nil)]

  @Test(arguments: functionCPU)
  func functionCPUFollowsMemory(memoryMiB: Int, vcpus: Double?) throws {
    let folder = try makeProfilesFolder(["hardware/h.yaml": validInstance, "serverless/test.yaml": validFunctionPlatform])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try ProfileCatalog.load(directory: folder).serverless(named: "fn.test").vcpus(forMemoryMiB: memoryMiB) == vcpus)
  }

  /// (memory MiB, vCPUs): the smallest size whose memory range holds it; nil above the platform's 10240 MiB.
  static let requestCPU: [(Int, Double?)] = [(128, 1), (4096, 1), (4097, 4), (10240, 4), (10241, nil)]

  @Test(arguments: requestCPU)
  func requestCPUIsTheSmallestSizeThatFits(memoryMiB: Int, vcpus: Double?) throws {
    let folder = try makeProfilesFolder(["hardware/h.yaml": validInstance, "serverless/test.yaml": validRequestPlatform])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let platform = try ProfileCatalog.load(directory: folder).serverless(named: "fn.test")
    #expect(platform.billing == .request && platform.prices.usdPerVCPUSecond == 0.000024)
    #expect(platform.vcpus(forMemoryMiB: memoryMiB) == vcpus)
  }

  /// (text to replace, replacement, message with FILE for the file's path).
  static let cases: [(String, String, String)] = [
    ("billing: function", "billing: functon",
     "FILE:7: platform 'fn.test': 'billing' must be one of function, request, instance, found 'functon'. Did you mean 'function'?"),
    ("    prices:", "    price:", "FILE:8: platform 'fn.test': unknown key 'price'. Did you mean 'prices'?"),
    ("name: fn.test", "name: fn test",
     "FILE:2: platform 'fn test': 'name' must not contain commas or spaces (names are listed with --hardware a,b), found 'fn test'."),
    ("usd_per_million_requests: 0.2", "usd_per_million_requests: 0",
     "FILE:9: platform 'fn.test', prices: 'usd_per_million_requests' must be greater than 0, found 0."),
    ("usd_per_gib_second: 0.0000166667", "usd_per_gib_second: \"cheap\"",
     "FILE:10: platform 'fn.test', prices: 'usd_per_gib_second' must be a number, found a string 'cheap'."),
    ("usd_per_vcpu_second: null", "usd_per_vcpu_second: 0.00002",
     "FILE:11: platform 'fn.test', prices: 'usd_per_vcpu_second' must be null with billing 'function' (CPU is included in the memory price)."),
    ("billing: function", "billing: request",
     "FILE:11: platform 'fn.test', prices: missing key 'usd_per_vcpu_second' (USD per vCPU-second; required with billing 'request')."),
    ("max_mib: 10240", "max_mib: 64", "FILE:16: platform 'fn.test', memory: 'max_mib' must be at least min_mib (128), found 64."),
    ("step_mib: 1", "step_mib: 0", "FILE:17: platform 'fn.test', memory: 'step_mib' must be between 1 and 10240, found 0."),
    ("      mib_per_vcpu: 1769.0\n", "",
     "FILE:21: platform 'fn.test', cpu: missing key 'mib_per_vcpu' (MiB of memory per vCPU of CPU time)."),
    ("      per_instance: 1\n", "      per_instance: 2\n",
     "FILE:26: platform 'fn.test', limits: 'per_instance' must be at most max_per_instance (1), found 2."),
    ("max_instances: 1000", "max_instances: -1",
     "FILE:28: platform 'fn.test', limits: 'max_instances' must be between 1 and 100000000, found -1."),
    ("      keep_warm_seconds: null\n", "",
     "FILE:33: platform 'fn.test', cold_start: missing key 'keep_warm_seconds' (seconds an idle instance is kept; null if unknown)."),
    ("platform_seconds: 0.2", "platform_seconds: .inf",
     "FILE:33: platform 'fn.test', cold_start: 'platform_seconds' must be a finite number, found inf."),
    ("  - name: fn.test\n", "  - nme: fn.test\n", "FILE:2: platforms[0]: unknown key 'nme'. Did you mean 'name'?"),
  ]

  @Test(arguments: cases)
  func rejectsBadFunctionPlatforms(original: String, replacement: String, message: String) throws {
    #expect(validFunctionPlatform.contains(original), "the case must change the valid text")
    #expect(try serverlessError(validFunctionPlatform.replacingOccurrences(of: original, with: replacement)) == message)
  }

  static let requestCases: [(String, String, String)] = [
    ("{vcpus: 4.0, min_memory_mib: 2048", "{vcpus: 0.5, min_memory_mib: 2048",
     "FILE:24: platform 'fn.test', cpu, choices[1]: 'vcpus' must be larger than the previous choice (1.0), found 0.5."),
    ("min_memory_mib: 2048, max_memory_mib: 16384", "min_memory_mib: 20000, max_memory_mib: 16384",
     "FILE:24: platform 'fn.test', cpu, choices[1]: 'max_memory_mib' must be at least min_memory_mib (20000), found 16384."),
    ("{vcpus: 1.0, max_memory_mib: 4096}", "{vcpus: 1.0, max_memory_mb: 4096}",
     "FILE:23: platform 'fn.test', cpu, choices[0]: unknown key 'max_memory_mb'. Did you mean 'max_memory_mib'?"),
    ("      max_vcpus: 8.0\n", "      mib_per_vcpu: 1769.0\n      max_vcpus: 8.0\n",
     "FILE:21: platform 'fn.test', cpu: 'mib_per_vcpu' must be absent with billing 'request'; give choices."),
  ]

  @Test(arguments: requestCases)
  func rejectsBadRequestPlatforms(original: String, replacement: String, message: String) throws {
    #expect(validRequestPlatform.contains(original), "the case must change the valid text")
    #expect(try serverlessError(validRequestPlatform.replacingOccurrences(of: original, with: replacement)) == message)
  }

  @Test func instanceBillingMayHaveNoRequestFee() throws {
    let text = validRequestPlatform.replacingOccurrences(of: "billing: request", with: "billing: instance")
      .replacingOccurrences(of: "usd_per_million_requests: 0.2", with: "usd_per_million_requests: 0")
    #expect(try serverlessError(text) == nil)
  }

  @Test func namesAreUniqueAcrossHardwareAndServerless() throws {
    let text = validFunctionPlatform.replacingOccurrences(of: "name: fn.test", with: "name: box.large")
    let folder = try makeProfilesFolder(["hardware/h.yaml": validInstance, "serverless/s.yaml": text])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      throws: ProfileError.duplicateName(
        name: "box.large", file: folder + "/serverless/s.yaml", line: 2, firstDefinedAt: folder + "/hardware/h.yaml:2")
    ) { try ProfileCatalog.load(directory: folder) }
  }

  @Test func suggestsServerlessNames() throws {
    let folder = try makeProfilesFolder(["hardware/h.yaml": validInstance, "serverless/test.yaml": validFunctionPlatform])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let catalog = try ProfileCatalog.load(directory: folder)
    #expect(throws: ProfileError.unknownHardware(name: "fn.tset", suggestion: "fn.test", known: ["fn.test"])) {
      try catalog.serverless(named: "fn.tset")
    }
  }
}
