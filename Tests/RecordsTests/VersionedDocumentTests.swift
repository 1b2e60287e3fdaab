import Foundation
import Records
import Testing

@Suite("Versioned documents")
struct VersionedDocumentTests {
  /// A document of version 1 or 2, with legacy integer 1; version 2 added `count`.
  struct Note: VersionedDocument, Equatable {
    static let name = "note"
    static let title = "a note"
    static let readableVersions = [1, 2]
    static let legacyIntegerVersions = [1]
    static let legacyCommand: String? = "note"
    static func remedy(path: String) -> String { "write one with `note --out \(path)`" }

    var toolVersion: String
    var count: Int?
    var readAsVersion: Int?

    enum CodingKeys: String, CodingKey {
      case toolVersion = "tool_version"
      case count
    }

    init(toolVersion: String, count: Int?) {
      self.toolVersion = toolVersion
      self.count = count
    }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      toolVersion = try container.decode(String.self, forKey: .toolVersion)
      count = try container.decodeIfPresent(Int.self, forKey: .count)
      readAsVersion = decoder.documentVersion
    }
  }

  @Test("The tag is written first, in the one string form; the document reads back")
  func writeAndRead() throws {
    let note = Note(toolVersion: "0.1.0", count: 2)
    #expect(note.serialized() == "{\n  \"schema\": \"infer-plan.note/2\",\n  \"tool_version\": \"0.1.0\",\n  \"count\": 2\n}\n")
    let read = try Note.decode(Array(note.serialized().utf8), path: "n.json")
    #expect(read.toolVersion == "0.1.0" && read.count == 2 && read.readAsVersion == 2)
  }

  @Test("Tags parse only in the form infer-plan.<document>/<n>", arguments: [
    ("infer-plan.plan/1", SchemaTag(document: "plan", version: 1)),
    ("infer-plan.samples/12", SchemaTag(document: "samples", version: 12)),
    ("infer-plan.plan/0", nil), ("infer-plan.plan", nil), ("plan/1", nil), ("infer-plan./1", nil),
    ("infer-plan.plan/x", nil), ("infer-plan.a b/1", nil),
  ] as [(String, SchemaTag?)])
  func tags(_ c: (String, SchemaTag?)) {
    #expect(SchemaTag(parsing: c.0) == c.1)
    if let tag = c.1 { #expect(tag.description == c.0) }
  }

  static let remedy = "write one with `note --out n.json`"

  /// File text → the reason of the `DocumentError` (`n.json: <reason>; <remedy>.`).
  static let badFiles: [(String, String)] = [
    ("{", "not valid JSON (line 1, column 2: expected a key in double quotes)"),
    ("[1]", "not a JSON object (found a list)"),
    (#"{"tool_version": "1"}"#, #"no "schema" key, so not a note written by infer-plan"#),
    (#"{"schema": "infer-plan.note/3", "tool_version": "1"}"#,
     "schema 'infer-plan.note/3' is not one this infer-plan reads ('infer-plan.note/1', 'infer-plan.note/2'); use the infer-plan that wrote it"),
    (#"{"schema": "infer-plan.plan/1"}"#, "an infer-plan plan document (schema 'infer-plan.plan/1'), not a note"),
    (#"{"schema": "note/1"}"#, "schema 'note/1' is not an infer-plan schema (expected 'infer-plan.note/2')"),
    (#"{"schema": 2}"#, "schema 2 is not one this infer-plan reads (expected 'infer-plan.note/2')"),
    (#"{"schema": 1, "command": "simulate"}"#, "an infer-plan simulate result, not a note"),
    (#"{"schema": 1}"#, #"no "command": "note" beside "schema": 1, so not a note"#),
    (#"{"schema": "infer-plan.note/1", "tool_version": 5}"#, "'tool_version': expected a string, found a number"),
  ]

  @Test("A bad file says what it is and how to make a good one", arguments: badFiles)
  func badFile(_ c: (String, String)) {
    #expect(throws: DocumentError(path: "n.json", reason: c.1, remedy: Self.remedy)) {
      try Note.decode(Array(c.0.utf8), path: "n.json")
    }
  }

  @Test("A legacy integer schema reads as that version")
  func legacy() throws {
    let note = try Note.decode(Array(#"{"schema": 1, "command": "note", "tool_version": "0.0.9"}"#.utf8), path: "n.json")
    #expect(note.readAsVersion == 1 && note.count == nil)
  }

  @Test("A missing file names the file and the remedy")
  func missingFile() {
    #expect(performing: { try Note.read(from: "/nonexistent/n.json") }, throws: { error in
      "\(error)" == "/nonexistent/n.json: no such file; write one with `note --out /nonexistent/n.json`."
    })
  }

  @Test("A sidecar written before string tags (\"schema\": 1) still reads")
  func legacySidecar() throws {
    let text = #"{"rows":[{"batch_size":1,"device_kind":"cpu","device_name":"X","hardware":"local","idle_gap_s":0,"mode":"back-to-back","row":1,"samples_ms":[0.5,0.25],"sequence_length":0,"threads":2}],"schema":1,"table":"m.csv","tool_version":"0.1.0","unit":"ms"}"#
    let sidecar = try SamplesSidecar.decode(Array(text.utf8), path: "m.csv.samples.json")
    #expect(sidecar.rows.first?.samplesMs == [0.5, 0.25])
    #expect(sidecar.text.hasPrefix(#"{"schema":"infer-plan.samples/1","tool_version":"0.1.0","table":"m.csv","unit":"ms","rows":[{"row":1,"#))
  }
}
