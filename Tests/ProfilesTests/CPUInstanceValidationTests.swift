import Foundation
import Testing

@testable import Profiles

/// One valid CPU-only, burstable instance with every way to pay; cases replace one line of it.
let validCPUInstance = """
  instances:
    - name: small.cpu
      cloud: aws
      region: us-east-1
      usd_per_hour: 0.1
      prices:
        spot:
          usd_per_hour: 0.03
          range_usd_per_hour: [0.02, 0.04]
          interruption: "<5%"
          source: "spot test"
          as_of: "2026-12-04"
        commit_1y:
          usd_per_hour: 0.07
          source: "1y test"
          as_of: "2026-12-04"
        commit_3y:
          usd_per_hour: 0.05
          source: "3y test"
          as_of: "2026-12-04"
      vcpus: 2
      memory_gib: 2
      source: "test"
      as_of: "2026-12-04"
      cpu:
        model: "Test CPU"
        architecture: x86_64
        instruction_set: avx2
        threads_per_core: 2
        per_core_gflops: 100
        source: "test"
        as_of: "2026-12-04"
        memory_bandwidth_gbs: 12
        memory_bandwidth_source: "bandwidth test"
        memory_bandwidth_as_of: "2026-12-03"
      burstable:
        baseline: 0.2
        surplus_usd_per_vcpu_hour: 0.05
        source: "test"
        as_of: "2026-12-04"

  """

/// Loads `text` as the only hardware file and returns the error message (FILE = the file's path).
func hardwareError(_ text: String) throws -> String? {
  let folder = try makeProfilesFolder(["hardware/test.yaml": text])
  defer { try? FileManager.default.removeItem(atPath: folder) }
  do {
    _ = try ProfileCatalog.load(directory: folder)
    return nil
  } catch {
    return error.description.replacingOccurrences(of: folder + "/hardware/test.yaml", with: "FILE")
  }
}

@Suite struct CPUInstanceValidationTests {
  @Test func readsBandwidthBurstAndWaysToPay() throws {
    let folder = try makeProfilesFolder(["hardware/test.yaml": validCPUInstance])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let profile = try #require(try ProfileCatalog.load(directory: folder).hardware.first)
    #expect(profile.usdPerHour == 0.1)
    #expect(profile.cpu.memoryBandwidthGBps == 12 && profile.memoryBandwidthGBps == 12)
    #expect(profile.cpu.memoryBandwidthSource == SourceNote(source: "bandwidth test", asOf: "2026-12-03"))
    #expect(profile.burstableBaseline == 0.2 && profile.surplusUSDPerVCPUHour == 0.05)
    #expect(profile.prices.spot == PriceOption(
      usdPerHour: 0.03, rangeUSDPerHour: 0.02...0.04, interruption: "<5%",
      source: SourceNote(source: "spot test", asOf: "2026-12-04")))
    #expect(profile.prices.commit1Year == PriceOption(usdPerHour: 0.07, source: SourceNote(source: "1y test", asOf: "2026-12-04")))
    #expect(profile.prices.commit3Year?.usdPerHour == 0.05)
    #expect(!profile.prices.isEmpty)
  }

  @Test func waysToPayAndBandwidthAreOptionalOnAGPUInstance() throws {
    let folder = try makeProfilesFolder(["hardware/test.yaml": validInstance])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let profile = try #require(try ProfileCatalog.load(directory: folder).hardware.first)
    #expect(profile.prices.isEmpty && profile.cpu.memoryBandwidthGBps == nil && profile.surplusUSDPerVCPUHour == nil)
  }

  /// (text to replace, replacement, message with FILE for the file's path).
  static let cases: [(String, String, String)] = [
    ("      memory_bandwidth_gbs: 12\n", "",
     "FILE:26: instance 'small.cpu', cpu: missing key 'memory_bandwidth_gbs' (STREAM-style triad bandwidth over all physical cores, GB/s; required for CPU-only instances)."),
    ("      memory_bandwidth_gbs: 12\n      memory_bandwidth_source: \"bandwidth test\"\n      memory_bandwidth_as_of: \"2026-12-03\"\n", "",
     "FILE:26: instance 'small.cpu', cpu: missing key 'memory_bandwidth_gbs' (STREAM-style triad bandwidth over all physical cores, GB/s; required for CPU-only instances)."),
    ("memory_bandwidth_gbs: 12", "memory_bandwidth_gbs: 0",
     "FILE:33: instance 'small.cpu', cpu: 'memory_bandwidth_gbs' must be greater than 0, found 0."),
    ("memory_bandwidth_gbs: 12", "memory_bandwidth_gbs: .nan",
     "FILE:33: instance 'small.cpu', cpu: 'memory_bandwidth_gbs' must be a finite number, found nan."),
    ("      memory_bandwidth_source: \"bandwidth test\"\n", "",
     "FILE:26: instance 'small.cpu', cpu: missing key 'memory_bandwidth_source' (where the figures come from: a document, catalog or measurement)."),
    ("memory_bandwidth_as_of: \"2026-12-03\"", "memory_bandwidth_as_of: \"2026/12/03\"",
     "FILE:35: instance 'small.cpu', cpu: 'memory_bandwidth_as_of' must be a date written \"YYYY-MM-DD\", found '2026/12/03'."),
    ("memory_bandwidth_gbs: 12", "memory_bandwith_gbs: 12",
     "FILE:33: instance 'small.cpu', cpu: unknown key 'memory_bandwith_gbs'. Did you mean 'memory_bandwidth_gbs'?"),
    ("        usd_per_hour: 0.03", "        usd_per_hour: 0.2",
     "FILE:8: instance 'small.cpu', prices, spot: 'usd_per_hour' must not exceed the on-demand price (0.1), found 0.2."),
    ("        usd_per_hour: 0.03", "        usd_per_hour: 0.05",
     "FILE:8: instance 'small.cpu', prices, spot: 'usd_per_hour' must lie in range_usd_per_hour [0.02, 0.04], found 0.05."),
    ("[0.02, 0.04]", "[0.04, 0.02]",
     "FILE:9: instance 'small.cpu', prices, spot: 'range_usd_per_hour' must be [low, high] with 0 <= low <= high, found [0.04, 0.02]."),
    ("[0.02, 0.04]", "0.03",
     "FILE:9: instance 'small.cpu', prices, spot: 'range_usd_per_hour' must be a list of two numbers [low, high], found 0.03."),
    ("interruption: \"<5%\"", "interruption: 5",
     "FILE:10: instance 'small.cpu', prices, spot: 'interruption' must be a string, found 5."),
    ("        usd_per_hour: 0.07", "        usd_per_hour: 0.1",
     "FILE:14: instance 'small.cpu', prices, commit_1y: 'usd_per_hour' must be below the on-demand price (0.1), found 0.1."),
    ("        usd_per_hour: 0.05", "        usd_per_hour: 0.08",
     "FILE:17: instance 'small.cpu', prices: 'commit_3y' must not cost more per hour than commit_1y (0.07), found 0.08."),
    ("        source: \"1y test\"\n", "",
     "FILE:14: instance 'small.cpu', prices, commit_1y: missing key 'source' (where the figures come from: a document, catalog or measurement)."),
    ("      spot:", "      spt:",
     "FILE:7: instance 'small.cpu', prices: unknown key 'spt'. Did you mean 'spot'?"),
    ("      surplus_usd_per_vcpu_hour: 0.05\n", "",
     "FILE:37: instance 'small.cpu', burstable: missing key 'surplus_usd_per_vcpu_hour' (USD per vCPU-hour above the baseline in unlimited mode)."),
    ("surplus_usd_per_vcpu_hour: 0.05", "surplus_usd_per_vcpu_hour: -0.05",
     "FILE:38: instance 'small.cpu', burstable: 'surplus_usd_per_vcpu_hour' must be greater than 0, found -0.05."),
  ]

  @Test(arguments: cases)
  func rejectsBadCPUInstances(original: String, replacement: String, message: String) throws {
    #expect(validCPUInstance.contains(original), "the case must change the valid text")
    #expect(try hardwareError(validCPUInstance.replacingOccurrences(of: original, with: replacement)) == message)
  }

  @Test func aGPUHostWithPartialBandwidthIsRejected() throws {
    let text = validInstance.replacingOccurrences(
      of: "      per_core_gflops: 100\n", with: "      per_core_gflops: 100\n      memory_bandwidth_gbs: 40\n")
    #expect(
      try hardwareError(text)
        == "FILE:11: instance 'box.large', cpu: missing key 'memory_bandwidth_source' (where the figures come from: a document, catalog or measurement).")
  }
}
