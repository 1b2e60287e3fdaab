import Foundation

/// A JSON document infer-plan writes and reads back (plan, simulate, validate, devices, the
/// samples sidecar): one Swift type per document, written and read by the same `Codable`
/// conformance, with a `"schema"` tag checked before any field is read.
///
/// Modelled on infracost's `output.Root` and `Load`
/// (https://github.com/infracost/infracost/blob/master/internal/output/output.go): the
/// document type is the contract; loading checks the version first, so a file from a newer
/// infer-plan is refused with a message instead of misread.
///
/// The serialized form is `{"schema": "infer-plan.<name>/<version>", …fields}`: the tag first,
/// then the type's properties in declaration order (`JSONValueEncoder`). The tag is not a
/// property; the reading code sees the version as `decoder.documentVersion`.
///
/// To add a field, add a property (optional if older files lack it: a missing key reads as
/// nil). To change the layout, append the new version to `readableVersions` (the last one is
/// written) and branch on `decoder.documentVersion` where the versions differ.
public protocol VersionedDocument: Codable, Sendable {
  /// The `<name>` of the tag: `plan`, `validate`, …
  static var name: String { get }
  /// What the document is, for messages: "a plan", "a validate result".
  static var title: String { get }
  /// The versions this build reads, ascending; the last is the one it writes.
  static var readableVersions: [Int] { get }
  /// Integer `"schema": n` values, from before tags were strings, that read as version n.
  static var legacyIntegerVersions: [Int] { get }
  /// The `"command"` such a legacy document carried beside its integer schema (`validate`,
  /// `simulate`), which then tells it apart from other documents; nil when it had none.
  static var legacyCommand: String? { get }
  /// How to make a good file at `path`, e.g. "write one with `infer-plan … --json plan.json`".
  static func remedy(path: String) -> String
}

extension CodingUserInfoKey {
  /// The version of the document being decoded (an `Int`).
  public static let documentVersion = CodingUserInfoKey(rawValue: "infer-plan.document-version")!
}

extension Decoder {
  /// The version of the `VersionedDocument` being decoded; nil outside one.
  public var documentVersion: Int? { userInfo[.documentVersion] as? Int }
}

extension VersionedDocument {
  public static var legacyIntegerVersions: [Int] { [] }
  public static var legacyCommand: String? { nil }

  /// The version this build writes.
  public static var version: Int {
    guard let last = readableVersions.last else { fatalError("\(Self.self).readableVersions is empty") }
    return last
  }

  /// The tag this build writes, e.g. `infer-plan.plan/1`.
  public static var schemaTag: SchemaTag { SchemaTag(document: name, version: version) }

  /// The document as one JSON value: `schema` first, then the fields.
  public var jsonValue: JSONValue {
    let fields: JSONValue
    do { fields = try JSONValueEncoder().encode(self) } catch {
      // Documents hold plain values with synthesized `Encodable`, which the encoder can't fail on.
      fatalError("\(Self.self) did not encode: \(error)")
    }
    guard case .object(let members) = fields else { fatalError("\(Self.self) encodes as \(fields.kindDescription), not an object") }
    return .object([("schema", .string(Self.schemaTag.description))] + members.filter { $0.0 != "schema" })
  }

  /// The document as JSON text: two-space indentation, keys in document order, a final newline.
  public func serialized() -> String { jsonValue.serialized() }

  /// Writes the document to `path` whole or not at all (`AtomicFile`).
  /// - Throws: `AtomicFileError`.
  public func write(to path: String) throws(AtomicFileError) { try AtomicFile.write(serialized(), to: path) }

  /// Reads the document at `path`.
  /// - Throws: `DocumentError` naming the file, what is wrong and how to write a good one.
  public static func read(from path: String) throws(DocumentError) -> Self {
    guard FileManager.default.fileExists(atPath: path) else { throw failure(path, "no such file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw failure(path, "can't read the file") }
    return try decode(data, path: path)
  }

  /// Parses and decodes document text; `path` only labels errors.
  public static func decode(_ bytes: some Collection<UInt8>, path: String) throws(DocumentError) -> Self {
    let value: JSONValue
    do { value = try JSONValue.parse(bytes) } catch {
      throw failure(path, "not valid JSON (\(error))")
    }
    return try decode(value, path: path)
  }

  /// Checks the tag, then decodes the fields of a parsed document.
  public static func decode(_ value: JSONValue, path: String) throws(DocumentError) -> Self {
    guard case .object = value else { throw failure(path, "not a JSON object (found \(value.kindDescription))") }
    let version = try checkedVersion(of: value, path: path)
    var decoder = JSONValueDecoder()
    decoder.userInfo[.documentVersion] = version
    do { return try decoder.decode(Self.self, from: value) } catch {
      throw failure(path, DocumentError.reason(for: error))
    }
  }

  /// The version of `document` if it is one of ours this build reads.
  static func checkedVersion(of document: JSONValue, path: String) throws(DocumentError) -> Int {
    let tag: SchemaTag
    switch document["schema"] {
    case nil:
      throw failure(path, "no \"schema\" key, so not \(title) written by infer-plan")
    case .string(let text)?:
      guard let parsed = SchemaTag(parsing: text) else {
        throw failure(path, "schema '\(text)' is not an infer-plan schema (expected '\(schemaTag)')")
      }
      tag = parsed
    case .integer(let legacy)? where legacyIntegerVersions.contains(legacy):
      // Before string tags, some documents named themselves only in "command".
      if let legacyCommand {
        guard case .string(let command)? = document["command"] else {
          throw failure(path, "no \"command\": \"\(legacyCommand)\" beside \"schema\": \(legacy), so not \(title)")
        }
        guard command == legacyCommand else { throw failure(path, "an infer-plan \(command) result, not \(title)") }
      }
      tag = SchemaTag(document: name, version: legacy)
    case let other?:
      throw failure(path, "schema \(other.serialized(pretty: false)) is not one this infer-plan reads (expected '\(schemaTag)')")
    }
    guard tag.document == name else {
      throw failure(path, "an infer-plan \(tag.document) document (schema '\(tag)'), not \(title)")
    }
    guard readableVersions.contains(tag.version) else {
      let known = readableVersions.map { "'\(SchemaTag(document: name, version: $0))'" }.joined(separator: ", ")
      throw failure(path, "schema '\(tag)' is not one this infer-plan reads (\(known)); use the infer-plan that wrote it")
    }
    return tag.version
  }

  static func failure(_ path: String, _ reason: String) -> DocumentError {
    DocumentError(path: path, reason: reason, remedy: remedy(path: path))
  }
}
