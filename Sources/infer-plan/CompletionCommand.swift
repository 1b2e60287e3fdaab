import ArgumentParsing

/// Options of `infer-plan completion` (the shell is its one argument).
let completionOptions: [OptionSpec] = []

/// The shells `completion` writes for.
enum CompletionShell: String, CaseIterable {
  case bash, zsh, fish
}

/// The checked command line of `infer-plan completion SHELL`.
struct CompletionRequest {
  var shell: CompletionShell

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    let text = try parsed.onlyPositional(
      command: "completion", missing: "'completion' needs a shell: bash, zsh or fish.", noun: "shell")
    shell = try ParsedArguments.choice(text, for: "completion", noun: "shell")
  }
}

/// `infer-plan completion bash|zsh|fish`: prints the completion script, generated from the
/// command table (commands, subcommands and each one's options), so it never falls behind.
func runCompletion(_ request: CompletionRequest, context: CommandContext) throws -> Int32 {
  let table = CompletionTable(subcommands)
  switch request.shell {
  case .bash: context.out(table.bash())
  case .zsh: context.out(table.zsh())
  case .fish: context.out(table.fish())
  }
  return ExitStatus.success
}

/// `infer-plan completion --help`.
func completionHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan completion bash|zsh|fish"],
    about: "Prints a shell completion script for commands, subcommands, options and their fixed values.",
    sections: [
      HelpSection(
        "Examples",
        [
          "source <(infer-plan completion bash)      # this shell only",
          "bash: infer-plan completion bash \\",
          "        > ~/.local/share/bash-completion/completions/infer-plan",
          "zsh:  infer-plan completion zsh > \"${fpath[1]}/_infer-plan\"",
          "fish: infer-plan completion fish > ~/.config/fish/completions/infer-plan.fish",
        ]),
    ])
}
