import ArgumentParsing

/// One command of the tool, as dispatch, `--help` and "Did you mean" know it.
///
/// Every command runs in two steps, as swift-argument-parser's `validate()` then `run()`:
/// `validate` turns the parsed command line into a request, checking every value, every
/// combination and every path it will write, and does nothing slow and writes nothing; only
/// then does `run` load, measure and write. A bad value is therefore always a usage error
/// (exit 64) before any work.
struct Subcommand: Sendable {
  /// The word that selects it: "simulate", or "create" under "model".
  var name: String
  /// One line for the command lists of `--help`.
  var summary: String
  /// The command's own options; `--quiet` and `--help` are added to every command.
  var options: [OptionSpec]
  /// Its `--help` page.
  var help: @Sendable () -> HelpPage
  /// Subcommands (`model create|inspect|run`); a command with children runs none itself.
  var children: [Subcommand] = []
  private var execute: (@Sendable (ParsedArguments, CommandContext) throws -> Int32)?

  /// A command that runs: `validate` builds its request, then `run` carries it out.
  init<Request>(
    _ name: String, summary: String, options: [OptionSpec], help: @escaping @Sendable () -> HelpPage,
    validate: @escaping @Sendable (ParsedArguments, CommandContext) throws -> Request,
    run: @escaping @Sendable (Request, CommandContext) throws -> Int32
  ) {
    self.name = name
    self.summary = summary
    self.options = options
    self.help = help
    self.execute = { parsed, context in try run(try validate(parsed, context), context) }
  }

  /// A group of subcommands (`model`).
  init(_ name: String, summary: String, help: @escaping @Sendable () -> HelpPage, children: [Subcommand]) {
    self.name = name
    self.summary = summary
    self.options = []
    self.help = help
    self.children = children
  }

  /// Options every command takes, after its own.
  static let commonOptions = [
    OptionSpec("quiet", .flag, help: "print only errors on stderr (no progress, notes or warnings)"),
    OptionSpec("help", .flag, help: "show this help"),
  ]

  /// The command's options followed by the common ones: what it parses and lists in `--help`.
  var allOptions: [OptionSpec] { options + Self.commonOptions }

  /// Its `--help` text (a group lists its subcommands, not options).
  var helpText: String { help().render(options: children.isEmpty ? allOptions : []) }

  /// Parses `arguments`, answers `--help` and `--version`, then validates and runs.
  func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
    let parsed = try ParsedArguments.parse(arguments, options: allOptions)
    if parsed.has("help") {
      context.out(helpText)
      return 0
    }
    if parsed.has("version") {
      context.out("infer-plan \(toolVersion)\n")
      return 0
    }
    var context = context
    context.quiet = parsed.has("quiet")
    guard let execute else {
      preconditionFailure("Subcommand '\(name)' has children and runs none itself; dispatch picks a child.")
    }
    return try execute(parsed, context)
  }
}

/// The help of one command: usage, what it does, options, then sections such as Units,
/// Environment and Examples. `render` lays every page out the same way within 80 columns.
struct HelpPage: Sendable {
  /// A line before the usage (the tool's name and purpose on the top-level page).
  var title: String?
  /// Synopsis lines after "Usage: "; continuation lines start with spaces.
  var usage: [String]
  /// What the command does, in paragraphs separated by blank lines (wrapped when rendered).
  var about: String
  /// Titled blocks after the options, each line as written.
  var sections: [HelpSection] = []

  /// "Usage: …" with continuation lines aligned under the first.
  var usageText: String {
    usage.enumerated().map { $0.offset == 0 ? "Usage: " + $0.element : "       " + $0.element }
      .joined(separator: "\n")
  }

  /// The page as `--help` prints it.
  func render(options: [OptionSpec]) -> String {
    var blocks: [String] = []
    if let title { blocks.append(HelpLayout.paragraphs(title)) }
    blocks.append(usageText)
    blocks.append(HelpLayout.paragraphs(about))
    if !options.isEmpty { blocks.append("Options:\n" + HelpLayout.options(options)) }
    for section in sections {
      blocks.append(section.title + ":\n" + section.lines.map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n"))
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }
}

/// One titled block of a help page ("Units", "Examples").
struct HelpSection: Sendable {
  var title: String
  var lines: [String]

  init(_ title: String, _ lines: [String]) {
    self.title = title
    self.lines = lines
  }

  /// "  name      summary" for each command: the Commands / Subcommands list of a page.
  static func commands(_ title: String, _ commands: [Subcommand]) -> HelpSection {
    let width = (commands.map(\.name.count).max() ?? 0) + 2
    return HelpSection(title, commands.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary })
  }
}
