import Foundation
import Records
import Testing

@Suite("JSON value: Codable encoder and decoder")
struct JSONCodingTests {
  struct Inner: Codable, Equatable, Sendable {
    var name: String
    var ratio: Double?
  }

  enum Colour: String, Codable, Sendable { case red, green }

  struct Sample: Codable, Equatable, Sendable {
    var zebra: Int
    var apple: String
    var missing: Double?
    var unbounded: Double
    var seed: UInt64
    var colour: Colour
    var list: [Inner]
    @OmittedWhenNil var extra: [String]?

    enum CodingKeys: String, CodingKey {
      case zebra, apple, missing, unbounded, seed, colour, list, extra
    }
  }

  static let sample = Sample(
    zebra: 3, apple: "a", missing: nil, unbounded: 0.5, seed: UInt64.max, colour: .green,
    list: [Inner(name: "x", ratio: 0.25), Inner(name: "y", ratio: nil)], extra: nil)

  @Test("Keys follow declaration order; nil is null; an empty OmittedWhenNil is left out")
  func encodingOrder() throws {
    let text = try JSONValueEncoder().encode(Self.sample).serialized(pretty: false)
    #expect(text == #"{"zebra":3,"apple":"a","missing":null,"unbounded":0.5,"seed":18446744073709551615,"colour":"green","list":[{"name":"x","ratio":0.25},{"name":"y","ratio":null}]}"#)
    var withExtra = Self.sample
    withExtra.extra = ["e"]
    #expect(try JSONValueEncoder().encode(withExtra).serialized(pretty: false).hasSuffix(#","extra":["e"]}"#))
  }

  @Test("decode(encode(x)) == x, with and without the omitted key")
  func roundTrip() throws {
    var withExtra = Self.sample
    withExtra.extra = ["e"]
    for value in [Self.sample, withExtra] {
      let json = try JSONValue.parse(try JSONValueEncoder().encode(value).serialized())
      #expect(try JSONValueDecoder().decode(Sample.self, from: json) == value)
    }
  }

  @Test("A non-finite Double is written as null")
  func nonFinite() throws {
    var value = Self.sample
    value.unbounded = .infinity
    #expect(try JSONValueEncoder().encode(value)["unbounded"] == .null)
  }

  static let full = #"{"zebra":3,"apple":"a","unbounded":1,"seed":1,"colour":"red","list":[]}"#

  /// Edited documents → the decoding error's message, naming the key path.
  static let badDocuments: [(String, String)] = [
    (full.replacingOccurrences(of: #""zebra":3,"#, with: ""), "'zebra' is missing"),
    (full.replacingOccurrences(of: #""apple":"a""#, with: #""apple":2"#), "'apple': expected a string, found a number"),
    (full.replacingOccurrences(of: #""zebra":3"#, with: #""zebra":2.5"#),
     "'zebra': expected a whole number from \(Int.min) to \(Int.max), found a number"),
    (full.replacingOccurrences(of: #""seed":1"#, with: #""seed":-1"#),
     "'seed': expected a whole number from 0 to 18446744073709551615, found a number"),
    (full.replacingOccurrences(of: #""unbounded":1"#, with: #""unbounded":null"#), "'unbounded': expected a number, found null"),
    (full.replacingOccurrences(of: #""list":[]"#, with: #""list":[{"name":1}]"#), "'list[0].name': expected a string, found a number"),
    (full.replacingOccurrences(of: #""list":[]"#, with: #""list":{}"#), "'list': expected a list, found an object"),
    (full.replacingOccurrences(of: #""colour":"red""#, with: #""colour":"blue""#),
     "'colour': Cannot initialize Colour from invalid String value blue"),
  ]

  @Test("A bad document names the key and what was found", arguments: badDocuments)
  func badDocument(_ c: (String, String)) throws {
    let value = try JSONValue.parse(c.0)
    #expect(performing: { try JSONValueDecoder().decode(Sample.self, from: value) }, throws: { error in
      DocumentError.reason(for: error) == c.1
    })
  }

  @Test("Whole-number doubles read as integers and integers as doubles; unknown keys are ignored")
  func lenientNumbers() throws {
    let value = try JSONValue.parse(#"{"zebra":3.0,"apple":"a","unbounded":7,"seed":2,"colour":"red","list":[],"later":true}"#)
    let decoded = try JSONValueDecoder().decode(Sample.self, from: value)
    #expect(decoded.zebra == 3 && decoded.unbounded == 7 && decoded.missing == nil && decoded.extra == nil)
  }
}
