import Foundation

/// What this machine's CPU and memory are, read from /proc (Linux).
public struct CPUInfo: Equatable, Sendable {
  /// Brand string, e.g. "Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz"; "unknown CPU" if absent.
  public var modelName: String
  /// Hardware threads the OS runs (vCPUs).
  public var logicalCores: Int
  /// Distinct (physical id, core id) pairs: cores that do not share an FPU.
  public var physicalCores: Int
  public var sockets: Int
  /// Total RAM (MemTotal) and what is free for a new process (MemAvailable), in bytes; 0 if unknown.
  public var memoryTotalBytes: Int
  public var memoryAvailableBytes: Int

  public init(
    modelName: String, logicalCores: Int, physicalCores: Int, sockets: Int, memoryTotalBytes: Int,
    memoryAvailableBytes: Int
  ) {
    self.modelName = modelName
    self.logicalCores = logicalCores
    self.physicalCores = physicalCores
    self.sockets = sockets
    self.memoryTotalBytes = memoryTotalBytes
    self.memoryAvailableBytes = memoryAvailableBytes
  }

  /// Hardware threads per physical core: 2 with SMT/Hyper-Threading, else 1.
  public var threadsPerCore: Int { max(1, logicalCores / max(1, physicalCores)) }

  /// Reads /proc/cpuinfo and /proc/meminfo; `logicalCores` is the count the process may use.
  public static func detect(logicalCores: Int = ProcessInfo.processInfo.activeProcessorCount) -> CPUInfo {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
    return parse(cpuinfo: cpuinfo, meminfo: meminfo, logicalCores: logicalCores)
  }

  /// Builds a `CPUInfo` from the text of /proc/cpuinfo and /proc/meminfo.
  ///
  /// Physical cores, in order of preference: "cpu cores" × sockets; else distinct
  /// ("physical id", "core id") pairs; else (no topology, e.g. some VMs and Arm kernels) the logical count,
  /// which treats every vCPU as a core — the safe side for a projection that scales by cores.
  public static func parse(cpuinfo: String, meminfo: String, logicalCores: Int) -> CPUInfo {
    var modelName: String?
    var processors = 0
    var cores = Set<String>()
    var sockets = Set<String>()
    var coresPerSocket: Int?
    var physicalID = "0"
    for block in cpuinfo.components(separatedBy: "\n\n") where !block.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      var coreID: String?
      physicalID = "0"
      var isProcessor = false
      for line in block.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { continue }
        switch parts[0] {
        case "processor": isProcessor = true
        case "model name", "Model", "cpu model": if modelName == nil, !parts[1].isEmpty { modelName = parts[1] }
        case "physical id": physicalID = parts[1]
        case "core id": coreID = parts[1]
        case "cpu cores": coresPerSocket = Int(parts[1])
        default: break
        }
      }
      if isProcessor { processors += 1 }
      sockets.insert(physicalID)
      if let coreID { cores.insert(physicalID + ":" + coreID) }
    }
    let logical = max(1, logicalCores > 0 ? logicalCores : processors)
    var physical = logical
    // "cpu cores" (cores per socket) wins over counting core ids: some KVM guests repeat a
    // few core ids across all vCPUs (seen on a lent 16-vCPU H200 host: core ids gave 2 cores,
    // while "cpu cores: 16", "siblings: 16" and lscpu said 16 cores, 1 thread per core).
    if let coresPerSocket, coresPerSocket > 0 {
      physical = coresPerSocket * max(1, sockets.count)
    } else if !cores.isEmpty {
      physical = cores.count
    }
    // An affinity mask may give this process fewer vCPUs than the machine has.
    if processors > 0, logical < processors {
      physical = max(1, physical * logical / processors)
    }
    return CPUInfo(
      modelName: modelName ?? "unknown CPU", logicalCores: logical, physicalCores: min(physical, logical),
      sockets: max(1, sockets.count), memoryTotalBytes: kibibytes("MemTotal", in: meminfo) * 1024,
      memoryAvailableBytes: kibibytes("MemAvailable", in: meminfo) * 1024)
  }

  private static func kibibytes(_ key: String, in meminfo: String) -> Int {
    for line in meminfo.split(separator: "\n") where line.hasPrefix(key + ":") {
      let fields = line.dropFirst(key.count + 1).split(separator: " ")
      if let first = fields.first, let value = Int(first) { return value }
    }
    return 0
  }
}
