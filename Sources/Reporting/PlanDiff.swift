import Records

/// What changed between two plans (`infer-plan diff OLD.json NEW.json`): the recommendation
/// (hardware, device, batch, replicas), its monthly cost (absolute and %), p50 and p99, the
/// break-even, the inputs, and the options gained or lost. Text by default, Markdown for a
/// pull-request comment.
public struct PlanDiff: Sendable {
  /// One compared figure: its name, the old and new values as text, and the change ("" when
  /// unchanged).
  public struct Row: Sendable, Equatable {
    public var name: String
    public var old: String
    public var new: String
    public var change: String
  }

  public var oldName: String
  public var newName: String
  /// Every compared figure, changed or not, in reading order.
  public var rows: [Row]
  /// Options (hardware · device precision · threads · batch) only in the new plan / only in the old.
  public var gained: [String]
  public var lost: [String]

  /// Compares `old` with `new`; the names are how the output calls them (their paths).
  public init(old: PlanDocument, new: PlanDocument, oldName: String, newName: String) {
    self.oldName = oldName
    self.newName = newName
    var rows: [Row] = []
    func add(_ name: String, _ a: String, _ b: String, change: String? = nil) {
      rows.append(Row(name: name, old: a, new: b, change: a == b ? "" : change ?? "changed"))
    }
    add("volume", ReadableNumber.rate(old.inputs.volume), ReadableNumber.rate(new.inputs.volume))
    add("budget", Self.budget(old), Self.budget(new))
    add("SLO", Self.slo(old), Self.slo(new))
    add("outcome", old.outcome, new.outcome)
    let a = old.recommendation?.option
    let b = new.recommendation?.option
    add("hardware", a?.hardware ?? "none", b?.hardware ?? "none")
    add("device", a.map { "\($0.device) \($0.precision.rawValue)" } ?? "—", b.map { "\($0.device) \($0.precision.rawValue)" } ?? "—")
    add("batch", a.map { String($0.batch) } ?? "—", b.map { String($0.batch) } ?? "—")
    add("replicas", Self.count(a?.replicas), Self.count(b?.replicas))
    add("instances", Self.count(a?.instances), Self.count(b?.instances))
    add(
      "monthly cost", a?.monthlyUSD.map(ReadableNumber.usd) ?? "—", b?.monthlyUSD.map(ReadableNumber.usd) ?? "—",
      change: Self.change(a?.monthlyUSD, b?.monthlyUSD, absolute: { ReadableNumber.usd(abs($0)) }))
    add(
      "p50", a?.p50.map(ReadableNumber.duration) ?? "—", b?.p50.map(ReadableNumber.duration) ?? "—",
      change: Self.change(a?.p50, b?.p50, absolute: nil))
    add(
      "p99", a?.p99.map(ReadableNumber.duration) ?? "—", b?.p99.map(ReadableNumber.duration) ?? "—",
      change: Self.change(a?.p99, b?.p99, absolute: nil))
    add("break-even", Self.breakEven(old), Self.breakEven(new))
    add("options evaluated", String(old.options.count), String(new.options.count),
        change: Self.signed(Double(new.options.count - old.options.count), { String(Int(abs($0))) }))
    self.rows = rows
    let oldKeys = old.options.map(Self.key)
    let newKeys = new.options.map(Self.key)
    gained = Self.unique(newKeys.filter { !oldKeys.contains($0) })
    lost = Self.unique(oldKeys.filter { !newKeys.contains($0) })
  }

  /// Whether anything differs.
  public var hasChanges: Bool { rows.contains { !$0.change.isEmpty } || !gained.isEmpty || !lost.isEmpty }

  /// Options listed by name before the rest are only counted.
  public static let maxListed = 10

  /// The diff as text for a terminal (80 columns).
  public var text: String {
    var lines = ["Plan diff: \(oldName) → \(newName)"]
    guard hasChanges else { return (lines + ["No changes."]).joined(separator: "\n") + "\n" }
    let width = (rows.map(\.name.count).max() ?? 0) + 1
    for row in rows {
      let name = row.name.padding(toLength: width, withPad: " ", startingAt: 0)
      let line = row.change.isEmpty ? "  \(name) \(row.new) (unchanged)" : "  \(name) \(row.old) → \(row.new) (\(row.change))"
      // Padding survives only on lines that fit; a longer one wraps under its values.
      lines += line.count <= 80 ? [line] : TextLayout.wrap(line, firstIndent: "  ", indent: String(repeating: " ", count: width + 3))
    }
    lines += optionLines().flatMap { TextLayout.wrap($0, firstIndent: "  ", indent: "    ") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The diff as GitHub-flavoured Markdown: a table of changed figures, then the options.
  public var markdown: String {
    var lines = ["## infer-plan diff", "", "`\(oldName)` → `\(newName)`", ""]
    guard hasChanges else { return (lines + ["No changes."]).joined(separator: "\n") + "\n" }
    lines += ["| | old | new | change |", "|---|---|---|---|"]
    for row in rows where !row.change.isEmpty {
      lines.append("| \(PlanMarkdown.escape(row.name)) | \(PlanMarkdown.escape(row.old)) | \(PlanMarkdown.escape(row.new)) | \(PlanMarkdown.escape(row.change)) |")
    }
    let unchanged = rows.filter { $0.change.isEmpty }.map(\.name)
    if !unchanged.isEmpty { lines += ["", "Unchanged: \(unchanged.joined(separator: ", "))."] }
    let options = optionLines()
    if !options.isEmpty { lines += [""] + options.map { "- " + PlanMarkdown.escape($0) } }
    return lines.joined(separator: "\n") + "\n"
  }

  func optionLines() -> [String] {
    [("Options gained", gained), ("Options lost", lost)].compactMap { title, keys in
      guard !keys.isEmpty else { return nil }
      let listed = keys.prefix(Self.maxListed).joined(separator: "; ")
      let more = keys.count > Self.maxListed ? "; and \(keys.count - Self.maxListed) more" : ""
      return "\(title) (\(keys.count)): \(listed)\(more)."
    }
  }

  static func key(_ o: PlanDocument.Option) -> String {
    "\(o.hardware) · \(o.device) \(o.precision.rawValue) · \(o.threads)t · batch \(o.batch)"
  }

  static func unique(_ keys: [String]) -> [String] {
    var seen = Set<String>()
    return keys.filter { seen.insert($0).inserted }
  }

  static func budget(_ plan: PlanDocument) -> String {
    plan.inputs.budgetUSDPerMonth.map { ReadableNumber.usd($0) + "/month" } ?? "none"
  }

  static func slo(_ plan: PlanDocument) -> String {
    plan.inputs.latencySLO.map { "p99 ≤ " + ReadableNumber.duration($0) } ?? "none"
  }

  static func count(_ value: Int?) -> String { value.map(String.init) ?? "—" }

  static func breakEven(_ plan: PlanDocument) -> String {
    guard let first = plan.breakEvens.first else { return "none" }
    var text = "≈ \(ReadableNumber.rate(first.rate)) (\(first.cheaperAbove.uppercased()) above)"
    if plan.breakEvens.count > 1 { text += " and \(plan.breakEvens.count - 1) more" }
    return text
  }

  /// "+$49.97, +329%" or "−27%"; "changed" when either side is missing.
  static func change(_ a: Double?, _ b: Double?, absolute: ((Double) -> String)?) -> String {
    guard let a, let b else { return "changed" }
    var parts: [String] = []
    if let absolute { parts.append(signed(b - a, absolute)) }
    if a != 0 { parts.append(signed((b - a) / a * 100, { ReadableNumber.significant(abs($0)) + "%" })) }
    return parts.isEmpty ? "changed" : parts.joined(separator: ", ")
  }

  static func signed(_ value: Double, _ format: (Double) -> String) -> String {
    (value < 0 ? "−" : "+") + format(value)
  }
}
