import Foundation
import Testing
import Units

@testable import Profiles

@Suite struct WorkloadTrafficTests {
  static func read(_ text: String) throws -> WorkloadProfile {
    let folder = try makeProfilesFolder(["workloads/w.yaml": text])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try ProfileCatalog.readWorkloadFile(folder + "/workloads/w.yaml")
  }

  @Test func hourlyRatesReplaceTheVolume() throws {
    // 12 hours at 60/min (1/s) and 12 at 3/s: mean 2/s.
    let rates = [String](repeating: "\"60/min\"", count: 12) + [String](repeating: "3", count: 12)
    let workload = try Self.read("hourly_rates: [\(rates.joined(separator: ", "))]\n")
    #expect(workload.requestsPerSecond == 2)
    guard case .hourly(let day) = workload.traffic else {
      Issue.record("expected hourly rates")
      return
    }
    #expect(day.minuteRates[0] == 1 && day.minuteRates[1439] == 3)
  }

  @Test func aShapeScalesTheVolume() throws {
    let workload = try Self.read("volume: 2/s\nshape: diurnal\npeak_to_mean: 3\n")
    #expect(workload.traffic == .shape(.diurnal, peakToMean: 3))
    let day = try #require(try workload.traffic?.day(meanRequestsPerSecond: 2))
    #expect(abs(day.meanRequestsPerSecond - 2) < 1e-9 && abs(day.peakRequestsPerSecond - 6) < 1e-6)
  }

  static let bad: [(String, String)] = [
    ("hourly_rates: [1, 2]\n",
     "FILE:1: workload 'w': 'hourly_rates' a day needs 24 hourly rates, found 2; give one per hour, 00:00 UTC first."),
    ("volume: 1/s\nhourly_rates: [\(Array(repeating: "1", count: 24).joined(separator: ", "))]\n",
     "FILE:1: workload 'w': 'volume' give either volume or hourly_rates: the 24 hourly rates are absolute and replace the volume."),
    ("volume: 1/s\nshape: weekly\n",
     "FILE:2: workload 'w': 'shape' unknown traffic shape 'weekly'; use one of flat, diurnal, business-hours, or give 24 hourly_rates."),
    ("volume: 1/s\nshape: business-hours\npeak_to_mean: 5\n",
     "FILE:2: workload 'w': 'shape' peak_to_mean 5.0 for shape 'business-hours': use a number from 1 to 3 (peak rate ÷ mean rate)."),
    ("volume: 1/s\nshape: diurnal\npeak_to_mean: 2\npeak_factor: 2\n",
     "FILE:4: workload 'w': 'peak_factor' leave it out with hourly_rates or shape: the day's peak ÷ mean is the peak factor."),
    ("volume: 1/s\npeak_to_mean: 2\n",
     "FILE:2: workload 'w': 'peak_to_mean' goes with shape: give shape: diurnal (or business-hours) too."),
    ("hourly_rates: 5\n",
     "FILE:1: workload 'w': 'hourly_rates' must be a list of 24 rates such as [\"100/min\", …], 00:00 UTC first, found 5."),
  ]

  @Test(arguments: bad)
  func badTrafficIsRefused(text: String, message: String) throws {
    let folder = try makeProfilesFolder(["workloads/w.yaml": text])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/workloads/w.yaml"
    do {
      _ = try ProfileCatalog.readWorkloadFile(file)
      Issue.record("expected an error")
    } catch {
      #expect(error.description == message.replacingOccurrences(of: "FILE", with: file))
    }
  }
}
