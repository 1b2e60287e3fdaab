import Records
import Foundation
import YAMLLite

/// The hardware and workload profiles of one profiles folder: `hardware/*.yaml` (each with an
/// `instances:` list) and `workloads/*.yaml` (one workload per file). Files load in name order;
/// names must be unique across files.
public struct ProfileCatalog: Equatable, Sendable {
  /// The folder the profiles came from.
  public var directory: String
  /// Every hardware profile, by file name then order in the file.
  public var hardware: [HardwareProfile]
  /// Every workload profile, by file name.
  public var workloads: [WorkloadProfile]

  public init(directory: String, hardware: [HardwareProfile], workloads: [WorkloadProfile]) {
    self.directory = directory
    self.hardware = hardware
    self.workloads = workloads
  }

  /// Loads the folder found by `ProfilesLocation.find`.
  public static func load(from location: ProfilesLocation) throws(ProfileError) -> ProfileCatalog {
    try load(directory: location.directory)
  }

  /// Loads `directory/hardware/*.yaml` (required, at least one file) and
  /// `directory/workloads/*.yaml` (optional). Errors name the file as `directory/…`.
  public static func load(directory: String) throws(ProfileError) -> ProfileCatalog {
    guard ProfilesLocation.folderExists(directory) else { throw .unreadable(path: directory, reason: "no such folder") }
    let hardwareFolder = directory + "/hardware"
    let hardwareFiles = ProfilesLocation.folderExists(hardwareFolder) ? try yamlFiles(in: hardwareFolder) : []
    guard !hardwareFiles.isEmpty else { throw .noHardware(directory: directory) }
    var hardware: [HardwareProfile] = []
    var seen: [String: String] = [:]
    for file in hardwareFiles {
      for profile in try readHardwareFile(file) {
        if let first = seen[profile.name] {
          let line = Int(profile.origin?.split(separator: ":").last ?? "") ?? 1
          throw .duplicateName(name: profile.name, file: file, line: line, firstDefinedAt: first)
        }
        seen[profile.name] = profile.origin ?? file
        hardware.append(profile)
      }
    }
    var workloads: [WorkloadProfile] = []
    var workloadNames: [String: String] = [:]
    let workloadFolder = directory + "/workloads"
    let workloadFiles = ProfilesLocation.folderExists(workloadFolder) ? try yamlFiles(in: workloadFolder) : []
    for file in workloadFiles {
      let workload = try readWorkloadFile(file)
      if let first = workloadNames[workload.name] {
        throw .duplicateName(name: workload.name, file: file, line: 1, firstDefinedAt: first)
      }
      workloadNames[workload.name] = file
      workloads.append(workload)
    }
    return ProfileCatalog(directory: directory, hardware: hardware, workloads: workloads)
  }

  /// The `.yaml`/`.yml` files directly in `folder`, sorted by name.
  static func yamlFiles(in folder: String) throws(ProfileError) -> [String] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      throw .unreadable(path: folder, reason: ProfilesLocation.folderExists(folder) ? "not readable" : "no such folder")
    }
    return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
      .sorted().map { folder + "/" + $0 }
  }

  static func parse(_ file: String) throws(ProfileError) -> Value {
    do {
      return try YAMLParser.parse(contentsOfFile: file)
    } catch {
      throw .syntax(error)
    }
  }

  /// Reads one hardware file: a mapping with an `instances:` list.
  public static func readHardwareFile(_ file: String) throws(ProfileError) -> [HardwareProfile] {
    let document = try parse(file)
    guard case .mapping(let top) = document else {
      throw .wrongType(
        file: file, line: 1, context: "hardware file", key: "(document)",
        expected: "a mapping with an 'instances:' list", found: document.kindDescription)
    }
    let fields = try FieldReader(top, file: file, context: "hardware file", allowed: ["instances", "note"])
    let list = try fields.value("instances", meaning: "the list of instance types, each starting with '- name:'")
    guard case .list(let items) = list else { throw fields.wrongType("instances", "a list", list) }
    var profiles: [HardwareProfile] = []
    for (index, item) in items.enumerated() {
      guard case .mapping(let entry) = item else {
        throw fields.wrongType("instances", "a list of mappings ('- name: …')", item)
      }
      profiles.append(try HardwareProfile.read(entry, file: file, index: index))
    }
    return profiles
  }

  /// Reads one workload file (also used for `--workload FILE`).
  public static func readWorkloadFile(_ file: String) throws(ProfileError) -> WorkloadProfile {
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    return try WorkloadProfile.read(try parse(file), file: file, defaultName: name)
  }

  /// The hardware profile named `name` (exact match).
  /// - Throws: `ProfileError.unknownHardware` with "Did you mean" for a near miss.
  public func hardware(named name: String) throws(ProfileError) -> HardwareProfile {
    if let profile = hardware.first(where: { $0.name == name }) { return profile }
    let names = hardware.map(\.name)
    let suggestion = names.first { $0.lowercased() == name.lowercased() } ?? closestMatch(to: name, in: names)
    throw .unknownHardware(name: name, suggestion: suggestion, known: names)
  }

  /// The hardware profiles named in `names`, in that order (for `--hardware a,b`).
  public func hardware(named names: [String]) throws(ProfileError) -> [HardwareProfile] {
    var result: [HardwareProfile] = []
    for name in names { result.append(try hardware(named: name)) }
    return result
  }

  /// The workload profile named `name`.
  /// - Throws: `ProfileError.unknownWorkload` with "Did you mean" for a near miss.
  public func workload(named name: String) throws(ProfileError) -> WorkloadProfile {
    if let workload = workloads.first(where: { $0.name == name }) { return workload }
    let names = workloads.map(\.name)
    throw .unknownWorkload(name: name, suggestion: closestMatch(to: name, in: names), known: names)
  }
}
