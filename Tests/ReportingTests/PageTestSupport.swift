import Foundation
import Records
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Fixed plan documents for the page, Markdown, export and diff tests: copies of the plan JSON
/// golden files taken when these outputs were written, so the planner's own golden files can
/// change without changing these outputs.
enum PageFixtures {
  static func url(_ name: String) throws -> URL {
    let parts = name.split(separator: ".")
    return try #require(Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Golden"))
  }

  /// `small`, 100/min, $50/month, p99 ≤ 200 ms: a CPU recommendation.
  static func small() throws -> PlanDocument { try PlanDocument.read(from: url("page-input-small.json").path) }

  /// `large`, 30k/s, $5,000/month, p99 ≤ 500 ms: a GPU recommendation.
  static func large() throws -> PlanDocument { try PlanDocument.read(from: url("page-input-large.json").path) }

  /// Compares `actual` with Golden/`name`; on a difference writes it to
  /// /tmp/infer-plan-golden-pages/`name` to diff and, when right, copy over.
  static func expectGolden(_ actual: String, _ name: String) throws {
    let parts = name.split(separator: ".")
    let file = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Golden")
    let expected = try file.map { try String(contentsOf: $0, encoding: .utf8) }
    if actual != expected {
      let folder = URL(fileURLWithPath: "/tmp/infer-plan-golden-pages")
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try? Data(actual.utf8).write(to: folder.appendingPathComponent(name))
    }
    #expect(actual == expected, "differs from Golden/\(name); actual written to /tmp/infer-plan-golden-pages/\(name)")
  }
}

/// One SVG chart of the page, parsed as XML: its scales and every element with its attributes.
struct ParsedChart {
  struct Scale {
    var isLog: Bool
    var domain: (Double, Double)
    var range: (Double, Double)

    /// The data value drawn at `pixel`.
    func value(at pixel: Double) -> Double {
      let t = (pixel - range.0) / (range.1 - range.0)
      return isLog ? pow(10, log10(domain.0) + t * (log10(domain.1) - log10(domain.0))) : domain.0 + t * (domain.1 - domain.0)
    }
  }

  var id: String
  var x: Scale
  var y: Scale
  var elements: [(name: String, attributes: [String: String])]

  /// Every chart in `html`, each `<svg>…</svg>` parsed on its own.
  static func all(in html: String) throws -> [ParsedChart] {
    var charts: [ParsedChart] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
      charts.append(try ParsedChart(xml: String(rest[start.lowerBound..<end.upperBound])))
      rest = rest[end.upperBound...]
    }
    return charts
  }

  init(xml: String) throws {
    let collector = Collector()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = collector
    #expect(parser.parse(), "the SVG is not well-formed XML: \(String(describing: parser.parserError))")
    elements = collector.elements
    let root = try #require(elements.first { $0.name == "svg" }?.attributes)
    id = root["data-chart"] ?? ""
    func scale(_ axis: String) throws -> Scale {
      let domain = try #require(root["data-\(axis)-domain"]).split(separator: " ").compactMap { Double($0) }
      let range = try #require(root["data-\(axis)-range"]).split(separator: " ").compactMap { Double($0) }
      try #require(domain.count == 2 && range.count == 2)
      return Scale(isLog: root["data-\(axis)-scale"] == "log", domain: (domain[0], domain[1]), range: (range[0], range[1]))
    }
    x = try scale("x")
    y = try scale("y")
  }

  /// The data points of every polyline of `series`, read back from the pixels.
  func linePoints(_ series: String) -> [(x: Double, y: Double)] {
    elements.filter { $0.name == "polyline" && $0.attributes["data-series"] == series }.flatMap { element in
      (element.attributes["points"] ?? "").split(separator: " ").map { pair in
        let xy = pair.split(separator: ",").compactMap { Double($0) }
        return (x.value(at: xy[0]), y.value(at: xy[1]))
      }
    }
  }

  /// The data points of the markers of `series` (circle centres, square centres), from pixels.
  func markers(_ series: String) -> [(x: Double, y: Double)] {
    elements.filter { $0.attributes["data-series"] == series && ($0.name == "circle" || $0.name == "rect") }.map { e in
      let a = e.attributes
      let px = e.name == "circle" ? Double(a["cx"] ?? "") ?? 0 : (Double(a["x"] ?? "") ?? 0) + (Double(a["width"] ?? "") ?? 0) / 2
      let py = e.name == "circle" ? Double(a["cy"] ?? "") ?? 0 : (Double(a["y"] ?? "") ?? 0) + (Double(a["height"] ?? "") ?? 0) / 2
      return (x.value(at: px), y.value(at: py))
    }
  }

  /// The value a rule of `kind` sits at, read from its pixels (x for vertical, y for horizontal).
  func rules(_ kind: String) -> [Double] {
    elements.filter { $0.name == "line" && $0.attributes["data-rule"] == kind }.map { e in
      let a = e.attributes
      return a["x1"] == a["x2"] ? x.value(at: Double(a["x1"] ?? "") ?? 0) : y.value(at: Double(a["y1"] ?? "") ?? 0)
    }
  }

  private final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      elements.append((elementName, attributes))
    }
  }
}

/// Whether `a` and `b` agree within `relative` (pixels are written to 0.01, so a value read back
/// from them is good to far better than 0.1% on these axes).
func close(_ a: Double, _ b: Double, relative: Double = 1e-3) -> Bool {
  abs(a - b) <= relative * max(abs(a), abs(b))
}
