import Records
import Testing

@Suite("closestMatch: one 'Did you mean' rule")
struct ClosestMatchTests {
  static let planOptions = [
    "--model", "--volume", "--budget", "--latency-slo", "--workload", "--profiles", "--hardware", "--measurements",
    "--validation", "--seq-len", "--csv", "--json", "--quick", "--threads", "--max-delay", "--utilization",
    "--peak-factor", "--version", "--quiet", "--help",
  ]

  /// (typed, candidates, suggestion): at most 2 edits and fewer than half the typed letters.
  static let cases: [(String, [String], String?)] = [
    ("--volum", planOptions, "--volume"),  // 1 edit in 5 letters
    ("--spot", planOptions, nil),  // '--json' is 3 edits away
    ("--region", planOptions, nil),  // '--version' is 3 edits away
    ("--thread", planOptions, "--threads"),
    ("--bugdet", planOptions, "--budget"),  // 2 edits in 6 letters
    ("--qiuck", planOptions, "--quick"),  // 2 edits in 5 letters
    ("--jsn", planOptions, "--json"),  // 1 edit in 3 letters: under half
    ("fp61", ["fp16", "fp32", "bf16"], nil),  // 2 edits in 4 letters: not under half
    ("gpu", ["cpu", "cuda"], "cpu"),  // spelling alone says 'cpu': callers add the 'cuda' hint
    ("cpus", ["cpu", "cuda"], "cpu"),
    ("tensor", ["cpu", "cuda"], nil),
    ("plam", ["plan", "profile", "devices", "model", "simulate", "validate", "gpu-check"], "plan"),
    ("ab", ["a", "b"], nil),  // 1 edit is half of 2 letters: too close to call a typo
    ("x", ["y"], nil),
    ("", ["a"], nil),
    ("anything", [], nil),
  ]

  @Test(arguments: cases)
  func suggestion(_ c: (String, [String], String?)) {
    #expect(closestMatch(to: c.0, in: c.1) == c.2)
  }

  @Test("A tie goes to the earlier candidate")
  func tie() {
    #expect(closestMatch(to: "cat", in: ["bat", "cut"]) == "bat")
  }

  @Test("Levenshtein distance", arguments: [
    ("", "", 0), ("a", "", 1), ("", "abc", 3), ("kitten", "sitting", 3), ("spot", "json", 3), ("region", "version", 3),
    ("volum", "volume", 1), ("flaw", "lawn", 2),
  ])
  func distance(_ c: (String, String, Int)) {
    #expect(editDistance(c.0, c.1) == c.2)
    #expect(editDistance(c.1, c.0) == c.2)
  }
}
