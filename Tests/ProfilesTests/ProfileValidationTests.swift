import Foundation
import Testing

@testable import Profiles

/// Writes `files` (relative path → text) into a fresh temporary folder and returns its path.
func makeProfilesFolder(_ files: [String: String]) throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-test-\(UUID().uuidString)")
  for (path, text) in files {
    let url = folder.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
  return folder.path
}

/// One valid instance; cases replace one line of it.
let validInstance = """
  instances:
    - name: box.large
      cloud: aws
      region: us-east-1
      usd_per_hour: 0.1
      vcpus: 4
      memory_gib: 8
      source: "test"
      as_of: "2026-11-26"
      cpu:
        model: "Test CPU"
        architecture: x86_64
        instruction_set: avx2
        threads_per_core: 2
        per_core_gflops: 100
        source: "test"
        as_of: "2026-11-26"
      gpu:
        name: T4
        count: 1
        compute_capability: "7.5"
        fp32_tflops: 8.1
        tf32_tflops: null
        fp16_tflops: 65
        bf16_tflops: null
        memory_mib: 15360
        bandwidth_gbps: 320
        source: "test"
        as_of: "2026-11-26"

  """

@Suite struct ProfileValidationTests {
  /// (line to replace, replacement, message with FILE for the file's path).
  static let hardwareCases: [(String, String, String)] = [
    ("    usd_per_hour: 0.1\n", "",
     "FILE:2: instance 'box.large': missing key 'usd_per_hour' (on-demand Linux price in USD per hour)."),
    ("usd_per_hour: 0.1", "usd_per_hour: -0.1",
     "FILE:5: instance 'box.large': 'usd_per_hour' must be greater than 0, found -0.1."),
    ("usd_per_hour: 0.1", "usd_per_hour: \"cheap\"",
     "FILE:5: instance 'box.large': 'usd_per_hour' must be a number, found a string 'cheap'."),
    ("usd_per_hour: 0.1", "usd_per_hour: .inf",
     "FILE:5: instance 'box.large': 'usd_per_hour' must be a finite number, found inf."),
    ("usd_per_hour: 0.1", "usd_per_hour: 0.1\n    usd_per_hr: 0.2",
     "FILE:6: instance 'box.large': unknown key 'usd_per_hr'. Did you mean 'usd_per_hour'?"),
    ("  - name: box.large\n", "  - nme: box.large\n",
     "FILE:2: instances[0]: unknown key 'nme'. Did you mean 'name'?"),
    ("vcpus: 4", "vcpus: 4.5", "FILE:6: instance 'box.large': 'vcpus' must be a whole number, found 4.5."),
    ("vcpus: 4", "vcpus: 0", "FILE:6: instance 'box.large': 'vcpus' must be between 1 and 4096, found 0."),
    ("vcpus: 4", "vcpus: 3",
     "FILE:14: instance 'box.large', cpu: 'threads_per_core' must divide vcpus (3), found 2."),
    ("architecture: x86_64", "architecture: x86-64",
     "FILE:12: instance 'box.large', cpu: 'architecture' must be one of x86_64, arm64, found 'x86-64'. Did you mean 'x86_64'?"),
    ("instruction_set: avx2", "instruction_set: avx",
     "FILE:13: instance 'box.large', cpu: 'instruction_set' must be one of avx512, avx2, sve, neon, scalar, found 'avx'. Did you mean 'avx2'?"),
    ("compute_capability: \"7.5\"", "compute_capability: 7.5",
     "FILE:21: instance 'box.large', gpu: 'compute_capability' must be a quoted version like \"8.9\", found 7.5."),
    ("      tf32_tflops: null\n", "",
     "FILE:19: instance 'box.large', gpu: missing key 'tf32_tflops' (TF32 tensor-core peak TFLOP/s, dense; null if none)."),
    ("    as_of: \"2026-11-26\"\n    cpu:", "    as_of: \"26/11/2026\"\n    cpu:",
     "FILE:9: instance 'box.large': 'as_of' must be a date written \"YYYY-MM-DD\", found '26/11/2026'."),
    ("    source: \"test\"\n    as_of: \"2026-11-26\"\n    cpu:", "    as_of: \"2026-11-26\"\n    cpu:",
     "FILE:2: instance 'box.large': missing key 'source' (where the figures come from: a document, catalog or measurement)."),
    ("name: box.large", "name: box large",
     "FILE:2: instance 'box large': 'name' must not contain commas or spaces (names are listed with --hardware a,b), found 'box large'."),
    ("memory_mib: 15360", "memory_mib: yes",
     "FILE:26:19: 'yes' is a boolean in YAML 1.1 (PyYAML) but a string in YAML 1.2; write true or false, or quote it ('yes') for a string."),
  ]

  @Test(arguments: hardwareCases)
  func rejectsBadHardware(original: String, replacement: String, message: String) throws {
    #expect(validInstance.contains(original), "the case must change the valid text")
    #expect(try hardwareError(validInstance.replacingOccurrences(of: original, with: replacement)) == message)
  }

  @Test func acceptsTheValidInstance() throws {
    let folder = try makeProfilesFolder(["hardware/test.yaml": validInstance])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let catalog = try ProfileCatalog.load(directory: folder)
    #expect(catalog.hardware.map(\.name) == ["box.large"])
    #expect(catalog.workloads.isEmpty)
    #expect(catalog.hardware.first?.origin == folder + "/hardware/test.yaml:2")
  }

  @Test func rejectsDuplicateNamesAcrossFiles() throws {
    let folder = try makeProfilesFolder(["hardware/a.yaml": validInstance, "hardware/b.yaml": validInstance])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      throws: ProfileError.duplicateName(
        name: "box.large", file: folder + "/hardware/b.yaml", line: 2, firstDefinedAt: folder + "/hardware/a.yaml:2")
    ) { try ProfileCatalog.load(directory: folder) }
  }

  @Test func rejectsAFolderWithoutHardware() throws {
    let folder = try makeProfilesFolder(["workloads/w.yaml": "volume: 1/s\n"])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: ProfileError.noHardware(directory: folder)) { try ProfileCatalog.load(directory: folder) }
  }

  static let workloadCases: [(String, String)] = [
    ("volume: 100\n",
     "FILE:1: workload 'w': 'volume' must be a rate with a unit such as \"100/min\" or \"20/s\", found 100."),
    ("volume: 100/fortnight\n",
     "FILE:1: workload 'w': 'volume' '100/fortnight': unknown unit '/fortnight'; use a number per unit, e.g. 100/min, 1.5k/min, 20/s, 2M/day (units: /s, /min, /hour, /day, /month)."),
    ("budget: 5\n", "FILE:1: workload 'w': missing key 'volume' (average request rate with a unit, e.g. 100/min or 20k/s)."),
    ("volume: 1/s\npeak_factor: 0.5\n", "FILE:2: workload 'w': 'peak_factor' must be 1 or more (peak ÷ average), found 0.5."),
    ("volume: 1/s\nlatency_slo: fast\n",
     "FILE:2: workload 'w': 'latency_slo' 'fast': not a duration; use a number with a unit, e.g. 200ms, 1.5s, 500us."),
    ("volume: 1/s\nbudget: -5\n", "FILE:2: workload 'w': 'budget' '-5.0': a budget can't be negative."),
    ("volume: 1/s\nhours_per_month: 800\n",
     "FILE:2: workload 'w': 'hours_per_month' must be at most 744 (31 days × 24 h), found 800.0."),
    ("volume: 1/s\nbugdet: 5\n", "FILE:2: workload 'w': unknown key 'bugdet'. Did you mean 'budget'?"),
    ("- 1\n", "FILE:1: workload: '(document)' must be a mapping of keys, found a list."),
  ]

  @Test(arguments: workloadCases)
  func rejectsBadWorkloads(text: String, message: String) throws {
    let folder = try makeProfilesFolder(["workloads/w.yaml": text])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/workloads/w.yaml"
    #expect(throws: ProfileError.self) { try ProfileCatalog.readWorkloadFile(file) }
    do {
      _ = try ProfileCatalog.readWorkloadFile(file)
    } catch {
      #expect(error.description == message.replacingOccurrences(of: "FILE", with: file))
    }
  }

  @Test func readsWorkloadDefaults() throws {
    let folder = try makeProfilesFolder(["workloads/quiet.yaml": "volume: 2/day\n"])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let workload = try ProfileCatalog.readWorkloadFile(folder + "/workloads/quiet.yaml")
    #expect(workload.name == "quiet" && workload.peakFactor == 1 && workload.hoursPerMonth == 730)
    #expect(workload.latencySLOSeconds == nil && workload.budgetUSDPerMonth == nil && workload.sequenceLength == nil)
    #expect(abs(workload.requestsPerSecond - 2.0 / 86400) < 1e-18)
  }
}

@Suite struct ProfileFolderErrorTests {
  @Test func namesAMissingFolder() {
    #expect(throws: ProfileError.unreadable(path: "/nonexistent/profiles", reason: "no such folder")) {
      try ProfileCatalog.load(directory: "/nonexistent/profiles")
    }
    #expect(
      ProfileError.unreadable(path: "/nonexistent/profiles", reason: "no such folder").description
        == "/nonexistent/profiles: can't read it (no such folder).")
  }
}
