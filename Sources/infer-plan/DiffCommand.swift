import ArgumentParsing
import Foundation
import Records
import Reporting

/// Options of `infer-plan diff`.
let diffOptions: [OptionSpec] = [
  OptionSpec("markdown", .flag, help: "print GitHub-flavoured Markdown instead of text"),
]

/// The checked command line of `infer-plan diff OLD.json NEW.json`.
struct DiffRequest {
  var oldPath: String
  var newPath: String
  var markdown: Bool

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    guard parsed.positionals.count == 2 else {
      throw ArgumentError(
        "'diff' compares two plan files: infer-plan diff OLD.json NEW.json (got \(parsed.positionals.count)).")
    }
    oldPath = parsed.positionals[0]
    newPath = parsed.positionals[1]
    markdown = parsed.has("markdown")
    for path in [oldPath, newPath] where !FileManager.default.fileExists(atPath: path) {
      throw CommandFileError.missing(
        option: "diff", path: path, fix: "Write a plan with `infer-plan --model MODEL --volume RATE --budget USD --json \(path)`.")
    }
  }
}

/// `infer-plan diff`: what changed between two plans, on stdout. Exits 0 whether or not they
/// differ (a changed plan is not an error; `--fail-on` is the policy gate).
func runDiff(_ request: DiffRequest, context: CommandContext) throws -> Int32 {
  let old = try PlanDocument.read(from: request.oldPath)
  let new = try PlanDocument.read(from: request.newPath)
  let diff = PlanDiff(old: old, new: new, oldName: request.oldPath, newName: request.newPath)
  context.out(request.markdown ? diff.markdown : diff.text)
  return ExitStatus.success
}

/// `infer-plan diff --help`.
func diffHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan diff OLD.json NEW.json [--markdown]"],
    about: """
      Shows what changed between two plan files (from --json): the recommendation (hardware, \
      device, batch, replicas), its monthly cost (absolute and %), p50 and p99, the break-even, \
      the inputs, and the options gained or lost. Exits 0 whether or not the plans differ.
      """,
    sections: [
      HelpSection(
        "Examples",
        [
          "infer-plan diff main-plan.json pr-plan.json",
          "infer-plan diff main-plan.json pr-plan.json --markdown > comment.md",
        ]),
    ])
}
