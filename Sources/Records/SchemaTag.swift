/// The `"schema"` of a JSON document infer-plan writes: `"infer-plan.<document>/<version>"`,
/// e.g. `"infer-plan.plan/1"`, `"infer-plan.validate/1"`.
///
/// The document name says what the file is (a plan, a validate result, …), so a file given to
/// the wrong option is named for what it is; the version says which fields it has. A reader
/// accepts the versions it knows and refuses others (`VersionedDocument`).
public struct SchemaTag: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The prefix every tag starts with.
  public static let prefix = "infer-plan."

  /// The document: `plan`, `simulate`, `validate`, `devices`, `samples`.
  public var document: String
  /// The version of that document's layout, from 1.
  public var version: Int

  public init(document: String, version: Int) {
    self.document = document
    self.version = version
  }

  /// Parses `"infer-plan.<document>/<version>"`; nil for any other text.
  public init?(parsing text: String) {
    guard text.hasPrefix(Self.prefix) else { return nil }
    let rest = text.dropFirst(Self.prefix.count)
    guard let slash = rest.lastIndex(of: "/"), let version = Int(rest[rest.index(after: slash)...]), version >= 1 else {
      return nil
    }
    let document = String(rest[..<slash])
    guard !document.isEmpty, document.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
    self.init(document: document, version: version)
  }

  /// `"infer-plan.plan/1"`.
  public var description: String { "\(Self.prefix)\(document)/\(version)" }
}
