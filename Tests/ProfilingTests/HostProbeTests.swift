import CKernels
import CUDA
import Testing

@testable import Profiling

@Suite("HostProbe and CPUInfo")
struct HostProbeTests {
  static func cpuinfo(_ entries: [(physical: Int, core: Int)], model: String = "Test CPU @ 2.0GHz") -> String {
    entries.enumerated().map { index, entry in
      "processor\t: \(index)\nmodel name\t: \(model)\nphysical id\t: \(entry.physical)\n"
        + "siblings\t: 4\ncore id\t\t: \(entry.core)\ncpu cores\t: 2\n"
    }.joined(separator: "\n")
  }

  static let meminfo = "MemTotal:       16318740 kB\nMemFree:         1000000 kB\nMemAvailable:   12000000 kB\n"

  /// (cpuinfo, logical cores usable) → (physical cores, sockets, threads per core).
  static let topologies: [(String, Int, Int, Int, Int)] = [
    // 2 cores × 2 SMT threads, one socket.
    (cpuinfo([(0, 0), (0, 1), (0, 0), (0, 1)]), 4, 2, 1, 2),
    // 2 sockets × 2 cores, no SMT.
    (cpuinfo([(0, 0), (0, 1), (1, 0), (1, 1)]), 4, 4, 2, 1),
    // No topology lines (some VMs, Arm): every vCPU counts as a core.
    ("processor\t: 0\nBogoMIPS\t: 50\n\nprocessor\t: 1\nBogoMIPS\t: 50\n", 2, 2, 1, 1),
    // Affinity mask: 2 of 4 SMT vCPUs usable → 1 physical core's worth.
    (cpuinfo([(0, 0), (0, 1), (0, 0), (0, 1)]), 2, 1, 1, 2),
    // KVM guest (a lent H200 host) repeating two core ids over 16 vCPUs while saying
    // "cpu cores: 16": 16 cores, 1 thread per core, as lscpu reports.
    (kvmRepeatingCoreIDs, 16, 16, 1, 1),
  ]

  static let kvmRepeatingCoreIDs = (0..<16).map {
    "processor\t: \($0)\nphysical id\t: 0\nsiblings\t: 16\ncore id\t\t: \($0 % 2)\ncpu cores\t: 16\n"
  }.joined(separator: "\n")

  @Test("physical cores from /proc/cpuinfo topology, with fallbacks", arguments: topologies)
  func topology(text: String, logical: Int, physical: Int, sockets: Int, threadsPerCore: Int) {
    let info = CPUInfo.parse(cpuinfo: text, meminfo: Self.meminfo, logicalCores: logical)
    #expect(info.physicalCores == physical)
    #expect(info.sockets == sockets)
    #expect(info.threadsPerCore == threadsPerCore)
    #expect(info.logicalCores == logical)
  }

  @Test("model name and memory from /proc text")
  func nameAndMemory() {
    let info = CPUInfo.parse(cpuinfo: Self.cpuinfo([(0, 0)]), meminfo: Self.meminfo, logicalCores: 1)
    #expect(info.modelName == "Test CPU @ 2.0GHz")
    #expect(info.memoryTotalBytes == 16_318_740 * 1024)
    #expect(info.memoryAvailableBytes == 12_000_000 * 1024)
    let empty = CPUInfo.parse(cpuinfo: "", meminfo: "", logicalCores: 3)
    #expect(empty == CPUInfo(modelName: "unknown CPU", logicalCores: 3, physicalCores: 3, sockets: 1, memoryTotalBytes: 0, memoryAvailableBytes: 0))
  }

  @Test("probes run on this CPU and refuse an instruction set it lacks")
  func probesRun() {
    let best = ip_cpu_best_isa()
    for level in 0...best { #expect(ip_probe_fma_gflops(level, 0.005) > 0) }
    if best < 2 { #expect(ip_probe_fma_gflops(best + 1, 0.005) < 0) }
    #expect(ip_probe_fma_gflops(-1, 0.005) < 0)
    #expect(ip_probe_copy_gbps(1 << 20, 2, 0.005) > 0)
    #expect(ip_probe_copy_gbps(1 << 20, 0, 0.005) < 0)
    #expect(ip_probe_triad_gbps(1 << 20, 2, 0.005) > 0)
    #expect(ip_probe_triad_gbps(1 << 20, 1, 0.005) > 0)
    #expect(ip_probe_triad_gbps(1 << 20, 0, 0.005) < 0)
    #expect(ip_probe_triad_gbps(1 << 12, 2, 0.005) < 0)  // slices below one page
  }

  @Test("the measuring host names the best level the CPU supports and measures at the kernels' level")
  func measuringHost() throws {
    let cpu = CPUInfo.detect()
    let host = try #require(HostProbe.measuringHost(cpu: cpu, instructionSet: .scalar, probes: 3, seconds: 0.005))
    #expect(host.cpuModel == cpu.modelName)
    #expect(host.physicalCores == max(1, cpu.physicalCores))
    #expect(host.perCoreGFLOPS > 0 && host.memoryBandwidthGBps > 0)
    #expect(host.instructionSet == HostProbe.hostInstructionSet)
    #if arch(x86_64)
      #expect(host.architecture == "x86_64")
    #endif
    #expect(HostProbe.triadBytesPerArray >= 64 << 20 && HostProbe.triadBytesPerArray <= 1 << 30)
  }
}

@Suite("CUDA_VISIBLE_DEVICES (profiler)")
struct HiddenGPUTests {
  /// A library path that cannot load: if discovery tried it, the reason would say "not found".
  @Test("'' and -1 hide every GPU without loading the driver", arguments: ["", "-1", " -1 "])
  func hidden(visible: String) {
    let found = GPUDiscovery.discover(cudaVisibleDevices: visible, libcudaPath: "/nonexistent/libcuda.so.1")
    #expect(found.gpus.isEmpty)
    #expect(found.unavailableReason?.contains("hides all GPUs") == true)
    #expect(found.unavailableReason?.contains("not found") == false)
  }
}
