// "Did you mean …": one rule for command-line options, subcommands, choice values and profile keys.

/// The candidate closest to `word` by Levenshtein distance, when it is a likely typo of it.
///
/// The rule: at most 2 edits, and fewer than half the word's length (leading dashes not
/// counted): `--volum` suggests `--volume` (1 edit in 5 letters), `--spot` never suggests
/// `--json` (3 edits). A rule on spelling can't know meaning: `gpu` is 1 edit from `cpu`, so a
/// caller with a known confusion gives an explicit hint first (the GPU kind is `cuda`). On a
/// tie the earlier candidate wins, so list the likelier first.
///
/// - Returns: The suggestion, or nil when no candidate is that close.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
  let letters = word.drop { $0 == "-" }.count
  var best: (candidate: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(word, candidate)
    if distance < best?.distance ?? .max { best = (candidate, distance) }
  }
  guard let best, best.distance <= 2, 2 * best.distance < letters else { return nil }
  return best.candidate
}

/// Levenshtein distance (insertions, deletions, substitutions each cost 1).
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
