import Records
import Foundation
import YAMLLite

/// The profiles of one profiles folder: `hardware/*.yaml` (each with an `instances:` list),
/// `serverless/*.yaml` (each with a `platforms:` list) and `workloads/*.yaml` (one workload per
/// file). Files load in name order; hardware and serverless names share one namespace and must
/// be unique across files.
public struct ProfileCatalog: Equatable, Sendable {
  /// The folder the profiles came from.
  public var directory: String
  /// Every hardware profile, by file name then order in the file.
  public var hardware: [HardwareProfile]
  /// Every serverless platform, by file name then order in the file (empty without a
  /// `serverless` folder).
  public var serverless: [ServerlessProfile]
  /// Every workload profile, by file name.
  public var workloads: [WorkloadProfile]

  public init(
    directory: String, hardware: [HardwareProfile], serverless: [ServerlessProfile] = [], workloads: [WorkloadProfile]
  ) {
    self.directory = directory
    self.hardware = hardware
    self.serverless = serverless
    self.workloads = workloads
  }

  /// Loads the folder found by `ProfilesLocation.find`.
  public static func load(from location: ProfilesLocation) throws(ProfileError) -> ProfileCatalog {
    try load(directory: location.directory)
  }

  /// Loads `directory/hardware/*.yaml` (required, at least one file), `directory/serverless/*.yaml`
  /// and `directory/workloads/*.yaml` (both optional). Errors name the file as `directory/…`.
  public static func load(directory: String) throws(ProfileError) -> ProfileCatalog {
    guard ProfilesLocation.folderExists(directory) else { throw .unreadable(path: directory, reason: "no such folder") }
    let hardwareFolder = directory + "/hardware"
    let hardwareFiles = ProfilesLocation.folderExists(hardwareFolder) ? try yamlFiles(in: hardwareFolder) : []
    guard !hardwareFiles.isEmpty else { throw .noHardware(directory: directory) }
    // Hardware and serverless names share one namespace: name → where it was first defined.
    var seen: [String: String] = [:]
    let hardware = try readUniquelyNamed(hardwareFiles, seen: &seen, read: readHardwareFile, name: \.name, origin: \.origin)
    let serverlessFolder = directory + "/serverless"
    let serverlessFiles = ProfilesLocation.folderExists(serverlessFolder) ? try yamlFiles(in: serverlessFolder) : []
    let serverless = try readUniquelyNamed(
      serverlessFiles, seen: &seen, read: readServerlessFile, name: \.name, origin: \.origin)
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
    return ProfileCatalog(directory: directory, hardware: hardware, serverless: serverless, workloads: workloads)
  }

  /// Reads every entry of `files` with `read`, refusing a name already in `seen` (which maps each
  /// name to the `file:line` it was first defined at) and adding the new ones.
  static func readUniquelyNamed<Entry>(
    _ files: [String], seen: inout [String: String], read: (String) throws(ProfileError) -> [Entry],
    name: KeyPath<Entry, String>, origin: KeyPath<Entry, String?>
  ) throws(ProfileError) -> [Entry] {
    var entries: [Entry] = []
    for file in files {
      for entry in try read(file) {
        let definedAt = entry[keyPath: origin]
        if let first = seen[entry[keyPath: name]] {
          let line = Int(definedAt?.split(separator: ":").last ?? "") ?? 1
          throw .duplicateName(name: entry[keyPath: name], file: file, line: line, firstDefinedAt: first)
        }
        seen[entry[keyPath: name]] = definedAt ?? file
        entries.append(entry)
      }
    }
    return entries
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
    try readList(file, kind: "hardware", key: "instances", meaning: "the list of instance types") {
      (entry, index) throws(ProfileError) in try HardwareProfile.read(entry, file: file, index: index)
    }
  }

  /// Reads one serverless file: a mapping with a `platforms:` list.
  public static func readServerlessFile(_ file: String) throws(ProfileError) -> [ServerlessProfile] {
    try readList(file, kind: "serverless", key: "platforms", meaning: "the list of serverless platforms") {
      (entry, index) throws(ProfileError) in try ServerlessProfile.read(entry, file: file, index: index)
    }
  }

  /// Reads a file holding a mapping with one list of entries under `key` (plus an optional
  /// `note:`), reading each entry with `read`.
  static func readList<Entry>(
    _ file: String, kind: String, key: String, meaning: String,
    read: (Mapping, Int) throws(ProfileError) -> Entry
  ) throws(ProfileError) -> [Entry] {
    let document = try parse(file)
    guard case .mapping(let top) = document else {
      throw .wrongType(
        file: file, line: 1, context: "\(kind) file", key: "(document)",
        expected: "a mapping with a '\(key):' list", found: document.kindDescription)
    }
    let fields = try FieldReader(top, file: file, context: "\(kind) file", allowed: [key, "note"])
    let list = try fields.value(key, meaning: "\(meaning), each starting with '- name:'")
    guard case .list(let items) = list else { throw fields.wrongType(key, "a list", list) }
    var entries: [Entry] = []
    for (index, item) in items.enumerated() {
      guard case .mapping(let entry) = item else {
        throw fields.wrongType(key, "a list of mappings ('- name: …')", item)
      }
      entries.append(try read(entry, index))
    }
    return entries
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

  /// The serverless platform named `name` (exact match).
  /// - Throws: `ProfileError.unknownHardware` with "Did you mean" for a near miss.
  public func serverless(named name: String) throws(ProfileError) -> ServerlessProfile {
    if let platform = serverless.first(where: { $0.name == name }) { return platform }
    let names = serverless.map(\.name)
    throw .unknownHardware(name: name, suggestion: closestMatch(to: name, in: names), known: names)
  }

  /// The workload profile named `name`.
  /// - Throws: `ProfileError.unknownWorkload` with "Did you mean" for a near miss.
  public func workload(named name: String) throws(ProfileError) -> WorkloadProfile {
    if let workload = workloads.first(where: { $0.name == name }) { return workload }
    let names = workloads.map(\.name)
    throw .unknownWorkload(name: name, suggestion: closestMatch(to: name, in: names), known: names)
  }
}
