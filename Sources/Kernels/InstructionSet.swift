import CKernels

/// A CPU instruction-set level the kernels can run at, ordered: a CPU that runs a level runs
/// every level below it (`scalar < avx2 < avx512`).
///
/// The level is detected once from the CPU (`ip_cpu_best_isa`, which also checks that the OS
/// saves the wide registers) and may be forced lower with `INFER_PLAN_ISA`, read in `main` and
/// passed to `resolve(requested:)`.
public enum InstructionSet: String, Sendable, CaseIterable, Comparable {
  /// Portable C, the reference.
  case scalar
  /// AVX2 + FMA (Haswell, Zen 1 and later).
  case avx2
  /// AVX-512 F (Skylake-SP, Zen 4 and later).
  case avx512

  /// The value the C kernels and probes take (`ip_isa`).
  public var cValue: Int32 {
    switch self {
    case .scalar: Int32(IP_ISA_SCALAR.rawValue)
    case .avx2: Int32(IP_ISA_AVX2.rawValue)
    case .avx512: Int32(IP_ISA_AVX512.rawValue)
    }
  }

  private var rank: Int {
    switch self {
    case .scalar: 0
    case .avx2: 1
    case .avx512: 2
    }
  }

  public static func < (lhs: InstructionSet, rhs: InstructionSet) -> Bool { lhs.rank < rhs.rank }

  /// The highest level this CPU and OS support (`ip_cpu_best_isa`).
  public static func detect() -> InstructionSet {
    switch Int(ip_cpu_best_isa()) {
    case Int(IP_ISA_AVX512.rawValue): .avx512
    case Int(IP_ISA_AVX2.rawValue): .avx2
    default: .scalar
    }
  }

  /// Every level this machine can run, lowest first (always includes `scalar`).
  public static var supported: [InstructionSet] {
    let best = detect()
    return allCases.filter { $0 <= best }
  }

  /// The level to run at: `requested` (the `INFER_PLAN_ISA` value passed down from `main`) when
  /// given and supported, else the detected best level. An empty string counts as not given.
  ///
  /// - Throws: `InstructionSetError.unknown` for a name that is no level, and
  ///   `InstructionSetError.unsupported` (naming what this CPU has) for a level it can't run.
  public static func resolve(requested: String?) throws -> InstructionSet {
    let best = detect()
    guard let text = requested?.trimmingWhitespace(), !text.isEmpty else { return best }
    guard let level = InstructionSet(rawValue: text.lowercased()) else {
      throw InstructionSetError.unknown(requested: text)
    }
    guard level <= best else { throw InstructionSetError.unsupported(requested: level, best: best) }
    return level
  }
}

extension String {
  fileprivate func trimmingWhitespace() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
