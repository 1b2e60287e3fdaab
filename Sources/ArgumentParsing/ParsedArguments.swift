import Records

/// How an option takes its value.
public enum OptionArity: Sendable, Equatable {
  /// A switch: `--quick`.
  case flag
  /// One value: `--volume 100/min` or `--volume=100/min`. Given twice, the last wins.
  case single
  /// May repeat; each occurrence may also hold a comma-separated list:
  /// `--measurements a.csv --measurements b.csv,c.csv`.
  case repeated
}

/// One option a command accepts.
public struct OptionSpec: Sendable, Equatable {
  /// Long name without dashes: "volume".
  public var name: String
  public var arity: OptionArity
  /// Placeholder shown in help, e.g. "RATE".
  public var valueName: String
  /// One line for `--help`.
  public var help: String

  public init(_ name: String, _ arity: OptionArity = .single, valueName: String = "VALUE", help: String) {
    self.name = name
    self.arity = arity
    self.valueName = valueName
    self.help = help
  }
}

/// The command line of one command after parsing: options by name plus positionals.
public struct ParsedArguments: Sendable, Equatable {
  public var values: [String: [String]] = [:]
  public var flags: Set<String> = []
  public var positionals: [String] = []

  public init() {}

  /// Parses `arguments` against `options`. Accepts `--name value`, `--name=value`, and `--`
  /// (everything after it is positional). A lone `-` is a positional (stdin/stdout).
  ///
  /// - Throws: `ArgumentError` for an unknown option (with "Did you mean …" when one is
  ///   close), a missing value, or a value given to a flag.
  public static func parse(_ arguments: [String], options: [OptionSpec]) throws -> ParsedArguments {
    var result = ParsedArguments()
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
        result.positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      guard argument.hasPrefix("--") else {
        throw ArgumentError("unknown option '\(argument)'; options are spelled with two dashes, e.g. '--help'.")
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let spec = options.first(where: { $0.name == name }) else {
        throw ArgumentError(unknownOptionMessage("--" + name, known: options.map { "--" + $0.name }))
      }
      switch spec.arity {
      case .flag:
        if inlineValue != nil { throw ArgumentError("option '--\(name)' takes no value.") }
        result.flags.insert(name)
      case .single, .repeated:
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard index < arguments.count else {
            throw ArgumentError("option '--\(name)' needs a value (\(spec.valueName)).")
          }
          value = arguments[index]
          index += 1
        }
        if spec.arity == .single {
          result.values[name] = [value]
        } else {
          let parts = value.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
          result.values[name, default: []].append(contentsOf: parts)
        }
      }
    }
    return result
  }

  /// The value of a single-valued option, or nil if absent.
  public func value(_ name: String) -> String? { values[name]?.last }

  /// All values of a repeated option (empty if absent).
  public func list(_ name: String) -> [String] { values[name] ?? [] }

  /// Whether a flag was given.
  public func has(_ name: String) -> Bool { flags.contains(name) }

  /// The value of a required option.
  /// - Throws: `ArgumentError` naming the option when it is missing.
  public func required(_ name: String, valueName: String = "VALUE") throws -> String {
    guard let v = value(name) else {
      throw ArgumentError("missing required option '--\(name) \(valueName)'.")
    }
    return v
  }

  /// Parses an integer option within `range`.
  /// - Throws: `ArgumentError` saying what was found and what is allowed.
  public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let text = value(name) else { return nil }
    guard let n = Int(text) else {
      throw ArgumentError("'--\(name) \(text)': expected a whole number.")
    }
    guard range.contains(n) else {
      throw ArgumentError(
        "'--\(name) \(text)': must be \(range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)").")
    }
    return n
  }
}

/// "unknown option '--volum'. Did you mean '--volume'?" — the suggestion follows
/// `closestMatch`'s rule (at most 2 edits, and fewer than half the name's letters).
public func unknownOptionMessage(_ given: String, known: [String]) -> String {
  var message = "unknown option '\(given)'."
  if let suggestion = closestMatch(to: given, in: known) {
    message += " Did you mean '\(suggestion)'?"
  }
  return message
}

extension ParsedArguments {
  /// The one positional argument a command takes (a model path, an output path).
  ///
  /// - Parameters:
  ///   - command: how the command is named in messages, e.g. "'model run'".
  ///   - missing: the message when none is given (say what is needed, with an example).
  ///   - noun: what the positional is, for the "too many" message, e.g. "model".
  /// - Throws: `ArgumentError` when there is none or more than one.
  public func onlyPositional(command: String, missing: String, noun: String) throws -> String {
    guard positionals.count == 1, let only = positionals.first else {
      throw ArgumentError(
        positionals.isEmpty
          ? missing
          : "\(command) takes one \(noun); found \(positionals.count): \(positionals.joined(separator: " ")).")
    }
    return only
  }
}
