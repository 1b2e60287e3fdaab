import ArgumentParsing
import CostModel
import Records
import Reporting

/// `--fail-on`'s exit status (exit statuses are listed in CommandLine+Dispatch.swift).
extension ExitStatus {
  /// The plan missed a `--fail-on` policy; its outputs were written.
  static let policyMiss: Int32 = 2
}

/// The plan's page outputs and CI policy, checked before any slow work: `--html FILE`,
/// `--markdown FILE` (paths writable and distinct from the other outputs) and
/// `--fail-on slo,budget` (each limit it names must be set).
struct PlanPageOutputs {
  var htmlPath: String?
  var markdownPath: String?
  var failOn: [PlanPolicy]

  init(_ parsed: ParsedArguments, request: PlanRequest, otherOutputs: [String]) throws {
    htmlPath = parsed.value("html")
    markdownPath = parsed.value("markdown")
    failOn = try parsed.choices("fail-on", noun: "policy")
    var seen = otherOutputs
    for (option, path) in [("--html", htmlPath), ("--markdown", markdownPath)] {
      guard let path else { continue }
      if path == "-" { throw ArgumentError("'\(option) -': give a file name; only --json writes to stdout.") }
      if seen.contains(path) { throw ArgumentError("\(option) '\(path)' names a file another output writes; give a different file.") }
      seen.append(path)
      try checkOutputPath(path, option: option)
    }
    if failOn.contains(.slo), request.latencySLOSeconds == nil {
      throw ArgumentError("'--fail-on slo' needs an SLO to check: give --latency-slo (e.g. 200ms) or a workload with one.")
    }
    if failOn.contains(.budget), request.budgetUSDPerMonth == nil {
      throw ArgumentError("'--fail-on budget' needs a budget to check: give --budget (e.g. 50).")
    }
  }
}

/// Writes `--html` and `--markdown` from the plan document (each atomically).
func writePlanPages(_ document: PlanDocument, inputs: PlanInputs) throws {
  if let path = inputs.pages.htmlPath { try AtomicFile.write(PlanHTML.page(for: document), to: path) }
  if let path = inputs.pages.markdownPath { try AtomicFile.write(PlanMarkdown.text(for: document), to: path) }
}

/// 0, or 2 with a line on stderr (an error: it stays under `--quiet`) naming each `--fail-on`
/// policy the plan misses.
func planPolicyStatus(_ document: PlanDocument, inputs: PlanInputs, context: CommandContext) -> Int32 {
  let missed = PlanPolicy.misses(document, checking: inputs.pages.failOn)
  guard !missed.isEmpty else { return ExitStatus.success }
  let limits = missed.map { $0.limitText(document) }.joined(separator: " and ")
  let flag = missed.map(\.rawValue).joined(separator: ",")
  context.error("Policy: no recommendation meets \(limits) (--fail-on \(flag)); outcome \(document.outcome).\n")
  return ExitStatus.policyMiss
}
