/// A bad `INFER_PLAN_ISA` value.
public enum InstructionSetError: Error, Equatable, CustomStringConvertible {
  /// Not one of `scalar`, `avx2`, `avx512`.
  case unknown(requested: String)
  /// A real level this CPU can't run.
  case unsupported(requested: InstructionSet, best: InstructionSet)

  public var description: String {
    let levels = InstructionSet.allCases.map(\.rawValue).joined(separator: ", ")
    switch self {
    case let .unknown(requested):
      return "INFER_PLAN_ISA='\(requested)' is not an instruction-set level; use one of \(levels), "
        + "or unset it to use the best this CPU has."
    case let .unsupported(requested, best):
      let has = InstructionSet.allCases.filter { $0 <= best }.map(\.rawValue).joined(separator: ", ")
      return "INFER_PLAN_ISA=\(requested.rawValue): this CPU does not support \(requested.rawValue); "
        + "it supports \(has). Set INFER_PLAN_ISA to one of those or unset it."
    }
  }
}
