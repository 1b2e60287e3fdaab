import Foundation
import Testing

@testable import Profiles

/// The repository's Profiles folder (found from this file's path).
let repositoryProfiles = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Profiles").path

@Suite struct ProfileCatalogTests {
  @Test func loadsTheShippedProfiles() throws {
    let catalog = try ProfileCatalog.load(directory: repositoryProfiles)
    #expect(catalog.hardware.count >= 12)
    #expect(Set(catalog.hardware.map(\.cloud)).count >= 2)
    let gpus = Set(catalog.hardware.compactMap { $0.gpu?.name })
    for required in ["T4", "L4", "A10G", "L40S", "A100-40GB", "H100"] { #expect(gpus.contains(required)) }
    #expect(catalog.hardware.contains { $0.gpu == nil && $0.isBurstable })
    #expect(catalog.hardware.contains { $0.gpu == nil && !$0.isBurstable })
    for profile in catalog.hardware {
      #expect(profile.usdPerHour > 0, "\(profile.name)")
      #expect(!profile.priceSource.source.isEmpty && !profile.cpu.source.source.isEmpty)
      #expect(profile.origin?.contains("/hardware/") == true)
    }
    #expect(catalog.workloads.map(\.name).sorted() == ["diurnal-embeddings", "high-volume", "interactive", "small-api"])
    #expect(catalog.workloads.first { $0.name == "diurnal-embeddings" }?.traffic != nil)
  }

  @Test func everyShippedFigureGroupHasWhatThePlannerNeeds() throws {
    let catalog = try ProfileCatalog.load(directory: repositoryProfiles)
    for profile in catalog.hardware {
      if profile.gpu == nil {
        #expect((profile.memoryBandwidthGBps ?? 0) > 0, "\(profile.name) lacks memory_bandwidth_gbs")
        #expect(profile.cpu.memoryBandwidthSource?.source.contains("[derived]") == true, "\(profile.name)")
      }
      if profile.isBurstable { #expect((profile.surplusUSDPerVCPUHour ?? 0) > 0, "\(profile.name)") }
      if let gpu = profile.gpu { #expect(gpu.fp32TFLOPS > 0 && gpu.fp16TFLOPS > gpu.fp32TFLOPS, "\(profile.name)") }
      for option in [profile.prices.spot, profile.prices.commit1Year, profile.prices.commit3Year].compactMap({ $0 }) {
        #expect(option.usdPerHour < profile.usdPerHour, "\(profile.name)")
      }
    }
    #expect(catalog.hardware.filter { $0.prices.spot != nil }.count >= 18)
    #expect(catalog.serverless.map(\.name) == [
      "aws-lambda-x86", "aws-lambda-arm64", "gcp-cloud-run-request", "gcp-cloud-run-instance",
    ])
    #expect(catalog.serverless.allSatisfy { $0.origin?.contains("/serverless/") == true })
  }

  @Test func readsShippedWaysToPayAndServerlessExactly() throws {
    let catalog = try ProfileCatalog.load(directory: repositoryProfiles)
    let g4dn = try catalog.hardware(named: "g4dn.xlarge")
    #expect(g4dn.prices.spot?.usdPerHour == 0.1766 && g4dn.prices.spot?.rangeUSDPerHour == 0.1733...0.1812)
    #expect(g4dn.prices.spot?.interruption == ">20%" && g4dn.prices.spot?.source.asOf == "2025-11-30")
    #expect(g4dn.prices.commit1Year?.usdPerHour == 0.331 && g4dn.prices.commit3Year?.usdPerHour == 0.227)
    let c7i = try catalog.hardware(named: "c7i.xlarge")
    #expect(c7i.memoryBandwidthGBps == 53 && c7i.physicalCores == 2)
    #expect(c7i.prices.spot?.usdPerHour == 0.06486 && c7i.prices.commit1Year == nil)
    let t3 = try catalog.hardware(named: "t3.small")
    #expect(t3.surplusUSDPerVCPUHour == 0.05 && t3.burstableBaseline == 0.2)
    #expect(try catalog.hardware(named: "t4g.small").surplusUSDPerVCPUHour == 0.04)
    let lambda = try catalog.serverless(named: "aws-lambda-arm64")
    #expect(lambda.prices.usdPerGiBSecond == 0.0000133334 && lambda.prices.usdPerMillionRequests == 0.2)
    #expect(lambda.vcpus(forMemoryMiB: 1769) == 1 && lambda.limits.maxInstances == 1000)
    let run = try catalog.serverless(named: "gcp-cloud-run-instance")
    #expect(run.billing == .instance && run.prices.usdPerVCPUSecond == 0.000018 && run.gpu?.name == "L4")
    #expect(run.vcpus(forMemoryMiB: 6000) == 2 && run.limits.perInstance == 80)
  }

  @Test func readsOneInstanceExactly() throws {
    let catalog = try ProfileCatalog.load(directory: repositoryProfiles)
    let g4dn = try catalog.hardware(named: "g4dn.xlarge")
    #expect(g4dn.cloud == "aws" && g4dn.region == "us-east-1")
    #expect(g4dn.usdPerHour == 0.526)
    #expect(g4dn.vCPUs == 4 && g4dn.threadsPerCore == 2 && g4dn.physicalCores == 2)
    #expect(g4dn.memoryBytes == 16 * 1_073_741_824)
    #expect(g4dn.gpuCount == 1)
    #expect(g4dn.gpu?.memoryBytes == 15360 * 1_048_576)
    #expect(g4dn.gpu?.tf32TFLOPS == nil && g4dn.gpu?.bf16TFLOPS == nil)
    #expect(g4dn.gpu?.computeCapability == "7.5")
    #expect(g4dn.priceSource.asOf == "2026-12-04")
    let t4g = try catalog.hardware(named: "t4g.small")
    #expect(t4g.burstableBaseline == 0.2 && t4g.cpu.architecture == "arm64" && t4g.physicalCores == 2)
  }

  @Test func loadsWorkloadsWithUnits() throws {
    let catalog = try ProfileCatalog.load(directory: repositoryProfiles)
    let small = try catalog.workload(named: "small-api")
    #expect(abs(small.requestsPerSecond - 100.0 / 60) < 1e-12)
    #expect(small.latencySLOSeconds == nil && small.budgetUSDPerMonth == 50 && small.hoursPerMonth == 730)
    let high = try catalog.workload(named: "high-volume")
    #expect(high.requestsPerSecond == 20_000 && high.peakFactor == 1.5)
    #expect(abs((high.latencySLOSeconds ?? 0) - 0.05) < 1e-15 && high.budgetUSDPerMonth == 20_000)
  }

  static let lookupCases: [(String, String)] = [
    ("c7i.xlarg", "unknown hardware 'c7i.xlarg'. Did you mean 'c7i.xlarge'?"),
    ("G4DN.XLARGE", "unknown hardware 'G4DN.XLARGE'. Did you mean 'g4dn.xlarge'?"),
  ]

  @Test(arguments: lookupCases)
  func suggestsHardwareNames(name: String, message: String) throws {
    let catalog = try ProfileCatalog.load(directory: repositoryProfiles)
    #expect(throws: ProfileError.self) { try catalog.hardware(named: name) }
    do { _ = try catalog.hardware(named: name) } catch { #expect(error.description == message) }
  }

  @Test func listsKnownNamesWithoutACloseMatch() throws {
    let catalog = ProfileCatalog(directory: "/x", hardware: [], workloads: [
      WorkloadProfile(name: "alpha", requestsPerSecond: 1), WorkloadProfile(name: "beta", requestsPerSecond: 1),
    ])
    do {
      _ = try catalog.workload(named: "zzzzzzzz")
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "unknown workload 'zzzzzzzz'. Known: alpha, beta.")
    }
  }
}
