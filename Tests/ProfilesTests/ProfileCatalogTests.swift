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
    #expect(catalog.workloads.map(\.name).sorted() == ["high-volume", "interactive", "small-api"])
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
    #expect(g4dn.priceSource.asOf == "2026-11-26")
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
