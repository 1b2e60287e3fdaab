import Foundation
import YAMLLite

/// Runs Python's `yaml.safe_load` on documents and returns each result in a canonical text
/// form (`["ok", tree]` or `["error", message]`), which `canonical(_:)` also produces for our
/// `Value`, so the two compare as strings. Floats travel as `float.hex()`, so they compare
/// bit for bit.
enum PyYAMLOracle {
  static let script = """
    import json, sys, yaml
    def canon(v):
        if v is None: return ["null"]
        if isinstance(v, bool): return ["bool", "true" if v else "false"]
        if isinstance(v, int): return ["int", str(v)]
        if isinstance(v, float): return ["float", v.hex()]
        if isinstance(v, str): return ["str", v]
        if isinstance(v, list): return ["list", [canon(x) for x in v]]
        if isinstance(v, dict): return ["map", [[canon(k), canon(x)] for k, x in v.items()]]
        return ["other", type(v).__name__, repr(v)]
    out = []
    for text in json.load(open(sys.argv[1], encoding="utf-8")):
        try:
            out.append(json.dumps(["ok", canon(yaml.safe_load(text))], separators=(",", ":")))
        except Exception as e:
            out.append(json.dumps(["error", type(e).__name__], separators=(",", ":")))
    json.dump(out, sys.stdout)
    """

  /// Whether `python3` with PyYAML can be run here (checked once).
  static let isAvailable: Bool = (try? run(["-c", "import yaml"], input: nil)) != nil

  /// Runs python3 with `arguments`; returns stdout, or nil when it exits non-zero.
  static func run(_ arguments: [String], input: String?) throws -> Data? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? data : nil
  }

  /// PyYAML's result for each document, in the canonical form.
  static func load(_ documents: [String]) throws -> [String] {
    let input = FileManager.default.temporaryDirectory
      .appendingPathComponent("yamllite-oracle-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: documents).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    guard let data = try run(["-c", script, input.path], input: nil),
      let results = try JSONSerialization.jsonObject(with: data) as? [String]
    else { throw OracleError(message: "python3 failed to run the PyYAML script") }
    return results
  }

  struct OracleError: Error { var message: String }

  /// Our value in the canonical form of `script` (json.dumps with ensure_ascii).
  static func canonical(_ value: Value) -> String {
    "[\"ok\",\(tree(value))]"
  }

  static func tree(_ value: Value) -> String {
    switch value {
    case .null: "[\"null\"]"
    case .bool(let b): "[\"bool\",\"\(b)\"]"
    case .int(let i): "[\"int\",\"\(i)\"]"
    case .double(let d): "[\"float\",\"\(pythonHex(d))\"]"
    case .string(let s): "[\"str\",\(pythonJSON(s))]"
    case .list(let items): "[\"list\",[\(items.map(tree).joined(separator: ","))]]"
    case .mapping(let m):
      "[\"map\",[\(m.entries.map { "[[\"str\",\(pythonJSON($0.key))],\(tree($0.value))]" }.joined(separator: ","))]]"
    }
  }

  /// `float.hex()`: "0x1.8000000000000p+1", "-0x0.0p+0", "inf", "nan".
  static func pythonHex(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    let sign = d.sign == .minus ? "-" : ""
    if d == 0 { return sign + "0x0.0p+0" }
    let digits = String(d.significandBitPattern, radix: 16)
    let padded = String(repeating: "0", count: 13 - digits.count) + digits
    if d.isSubnormal { return sign + "0x0.\(padded)p-1022" }
    let e = Int(d.exponent)
    return sign + "0x1.\(padded)p\(e >= 0 ? "+" : "")\(e)"
  }

  /// A string as Python's `json.dumps` writes it (ASCII only, UTF-16 escapes).
  static func pythonJSON(_ s: String) -> String {
    var out = "\""
    for unit in s.utf16 {
      switch unit {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
      default:
        let hex = String(unit, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return out + "\""
  }
}
