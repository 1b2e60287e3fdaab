import Foundation

/// One chart as inline SVG: a frame with ticks and axis titles, then lines, bands, markers and
/// reference rules, and a legend below. No script, no external asset.
///
/// Every drawn value also carries its data value (`data-x`, `data-y`, `data-value`) and the
/// chart carries its scales, so the page can be checked against the plan JSON it came from.
struct SVGChart {
  /// How a line or marker looks: colour plus a second cue (dash or shape) so colour is never
  /// the only difference.
  struct Style: Equatable {
    var color: String
    /// SVG `stroke-dasharray`; nil draws solid.
    var dash: String?
    var width: Double = 2
  }

  /// A marker's shape: CPU options are circles, GPU options squares.
  enum Shape { case circle, square }

  static let width = 720.0
  static let plotLeft = 78.0
  static let plotRight = 700.0
  static let plotTop = 14.0
  static let plotBottom = 290.0

  /// Used in element ids and as `data-chart`.
  var id: String
  /// Read by screen readers (`<title>`, `<desc>`).
  var title: String
  var summary: String
  var x: ChartScale
  var y: ChartScale
  var xTitle: String
  var yTitle: String
  var xTickText: (Double) -> String
  var yTickText: (Double) -> String
  /// Tick values for x when the data has natural ones (batch sizes); nil uses the scale's.
  var xTicks: [Double]?
  private var marks: [String] = []
  private var legend: [(text: String, style: Style, shape: Shape?)] = []

  init(
    id: String, title: String, summary: String, x: ChartScale, y: ChartScale, xTitle: String, yTitle: String,
    xTickText: @escaping (Double) -> String, yTickText: @escaping (Double) -> String
  ) {
    self.id = id
    self.title = title
    self.summary = summary
    self.x = x
    self.y = y
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.xTickText = xTickText
    self.yTickText = yTickText
  }

  /// The x and y pixel ranges of the plot area, for building scales.
  static var xPixels: (low: Double, high: Double) { (plotLeft, plotRight) }
  static var yPixels: (low: Double, high: Double) { (plotBottom, plotTop) }

  /// A line through `points` (in data units), skipping none: split gaps before calling.
  mutating func line(series: String, points: [(x: Double, y: Double)], style: Style, label: String? = nil) {
    let drawable = points.filter { x.canDraw($0.x) && y.canDraw($0.y) }
    guard !drawable.isEmpty else { return }
    let pixels = drawable.map { "\(SVGText.coordinate(x.pixel($0.x))),\(SVGText.coordinate(y.pixel($0.y)))" }
    marks.append(
      "<polyline data-series=\"\(SVGText.escape(series))\" points=\"\(pixels.joined(separator: " "))\" fill=\"none\" "
        + "stroke=\"\(style.color)\" stroke-width=\"\(SVGText.raw(style.width))\"\(dash(style))/>")
    if let label, let last = drawable.last {
      marks.append(
        "<text x=\"\(SVGText.coordinate(x.pixel(last.x) + 4))\" y=\"\(SVGText.coordinate(y.pixel(last.y) - 4))\" "
          + "font-size=\"11\" fill=\"\(style.color)\">\(SVGText.escape(label))</text>")
    }
  }

  /// A shaded band between `lower` and `upper` at each x (a p99 band).
  mutating func band(series: String, points: [(x: Double, lower: Double, upper: Double)], color: String) {
    let drawable = points.filter { x.canDraw($0.x) && y.canDraw($0.lower) && y.canDraw($0.upper) }
    guard drawable.count >= 2 else { return }
    let upper = drawable.map { "\(SVGText.coordinate(x.pixel($0.x))),\(SVGText.coordinate(y.pixel($0.upper)))" }
    let lower = drawable.reversed().map { "\(SVGText.coordinate(x.pixel($0.x))),\(SVGText.coordinate(y.pixel($0.lower)))" }
    marks.append(
      "<polygon data-series=\"\(SVGText.escape(series))\" data-band=\"p99\" points=\"\((upper + lower).joined(separator: " "))\" "
        + "fill=\"\(color)\" fill-opacity=\"0.12\" stroke=\"none\"/>")
  }

  /// A marker at (`valueX`, `valueY`) with a hover title; hollow when `filled` is false.
  mutating func marker(
    series: String, x valueX: Double, y valueY: Double, shape: Shape, style: Style, filled: Bool, tooltip: String,
    radius: Double = 4
  ) {
    guard x.canDraw(valueX), y.canDraw(valueY) else { return }
    let cx = x.pixel(valueX)
    let cy = y.pixel(valueY)
    let data = "data-series=\"\(SVGText.escape(series))\" data-x=\"\(SVGText.raw(valueX))\" data-y=\"\(SVGText.raw(valueY))\""
    let paint = "fill=\"\(filled ? style.color : "#ffffff")\" stroke=\"\(style.color)\" stroke-width=\"1.5\""
    let tip = "<title>\(SVGText.escape(tooltip))</title>"
    switch shape {
    case .circle:
      marks.append(
        "<circle \(data) cx=\"\(SVGText.coordinate(cx))\" cy=\"\(SVGText.coordinate(cy))\" r=\"\(SVGText.raw(radius))\" \(paint)>\(tip)</circle>")
    case .square:
      let side = radius * 1.8
      marks.append(
        "<rect \(data) x=\"\(SVGText.coordinate(cx - side / 2))\" y=\"\(SVGText.coordinate(cy - side / 2))\" "
          + "width=\"\(SVGText.coordinate(side))\" height=\"\(SVGText.coordinate(side))\" \(paint)>\(tip)</rect>")
    }
  }

  /// A ring and a label around one point (the recommendation).
  mutating func highlight(x valueX: Double, y valueY: Double, text: String) {
    guard x.canDraw(valueX), y.canDraw(valueY) else { return }
    let cx = x.pixel(valueX)
    let cy = y.pixel(valueY)
    marks.append(
      "<circle data-highlight=\"\(SVGText.escape(text))\" data-x=\"\(SVGText.raw(valueX))\" data-y=\"\(SVGText.raw(valueY))\" "
        + "cx=\"\(SVGText.coordinate(cx))\" cy=\"\(SVGText.coordinate(cy))\" r=\"10\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>")
    let anchor = cx > (Self.plotLeft + Self.plotRight) / 2 ? "end" : "start"
    let tx = anchor == "end" ? cx - 13 : cx + 13
    marks.append(
      "<text x=\"\(SVGText.coordinate(tx))\" y=\"\(SVGText.coordinate(cy - 8))\" font-size=\"12\" font-weight=\"bold\" "
        + "text-anchor=\"\(anchor)\">\(SVGText.escape(text))</text>")
  }

  /// A vertical rule at data value `value` (a volume, a budget), labelled at the top.
  mutating func verticalRule(_ kind: String, at value: Double, text: String, style: Style) {
    guard x.canDraw(value) else { return }
    let px = SVGText.coordinate(x.pixel(value))
    marks.append(
      "<line data-rule=\"\(kind)\" data-value=\"\(SVGText.raw(value))\" x1=\"\(px)\" y1=\"\(SVGText.coordinate(Self.plotTop))\" "
        + "x2=\"\(px)\" y2=\"\(SVGText.coordinate(Self.plotBottom))\" stroke=\"\(style.color)\" "
        + "stroke-width=\"\(SVGText.raw(style.width))\"\(dash(style))/>")
    let anchor = x.pixel(value) > Self.plotRight - 120 ? "end" : "start"
    let tx = x.pixel(value) + (anchor == "end" ? -4 : 4)
    let ty = Self.plotTop + 12 + Double(marks.count % 3) * 13
    marks.append(
      "<text x=\"\(SVGText.coordinate(tx))\" y=\"\(SVGText.coordinate(ty))\" font-size=\"11\" text-anchor=\"\(anchor)\" "
        + "fill=\"\(style.color)\">\(SVGText.escape(text))</text>")
  }

  /// A horizontal rule at data value `value` (an SLO), labelled at the right.
  mutating func horizontalRule(_ kind: String, at value: Double, text: String, style: Style) {
    guard y.canDraw(value) else { return }
    let py = SVGText.coordinate(y.pixel(value))
    marks.append(
      "<line data-rule=\"\(kind)\" data-value=\"\(SVGText.raw(value))\" x1=\"\(SVGText.coordinate(Self.plotLeft))\" "
        + "y1=\"\(py)\" x2=\"\(SVGText.coordinate(Self.plotRight))\" y2=\"\(py)\" stroke=\"\(style.color)\" "
        + "stroke-width=\"\(SVGText.raw(style.width))\"\(dash(style))/>")
    marks.append(
      "<text x=\"\(SVGText.coordinate(Self.plotRight - 4))\" y=\"\(SVGText.coordinate(y.pixel(value) - 4))\" font-size=\"11\" "
        + "text-anchor=\"end\" fill=\"\(style.color)\">\(SVGText.escape(text))</text>")
  }

  /// Adds a legend entry (a line sample, with a marker when `shape` is given).
  mutating func legendEntry(_ text: String, style: Style, shape: Shape? = nil) {
    legend.append((text, style, shape))
  }

  /// The whole `<svg>` element.
  func render() -> String {
    let columns = legendColumns
    let rows = (legend.count + columns - 1) / columns
    let height = Self.plotBottom + 62 + Double(rows) * 18
    var parts: [String] = []
    parts.append(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-\(id)\" data-chart=\"\(id)\" viewBox=\"0 0 \(SVGText.raw(Self.width)) "
        + "\(SVGText.raw(height))\" width=\"\(SVGText.raw(Self.width))\" height=\"\(SVGText.raw(height))\" role=\"img\" "
        + "aria-labelledby=\"chart-\(id)-title chart-\(id)-desc\" font-family=\"sans-serif\" \(x.attributes(axis: "x")) "
        + "\(y.attributes(axis: "y"))>")
    parts.append("<title id=\"chart-\(id)-title\">\(SVGText.escape(title))</title>")
    parts.append("<desc id=\"chart-\(id)-desc\">\(SVGText.escape(summary))</desc>")
    parts.append(frame())
    parts.append("<g clip-path=\"url(#chart-\(id)-clip)\">")
    parts += marks
    parts.append("</g>")
    parts.append(legendMarkup())
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  private func dash(_ style: Style) -> String {
    style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
  }

  /// The clip path, the plot frame, grid lines, tick labels and axis titles.
  private func frame() -> String {
    let left = SVGText.coordinate(Self.plotLeft)
    let right = SVGText.coordinate(Self.plotRight)
    let top = SVGText.coordinate(Self.plotTop)
    let bottom = SVGText.coordinate(Self.plotBottom)
    var parts = [
      // Room for a ring or marker drawn at the frame's edge.
      "<defs><clipPath id=\"chart-\(id)-clip\"><rect x=\"\(SVGText.coordinate(Self.plotLeft - 12))\" y=\"0\" "
        + "width=\"\(SVGText.coordinate(Self.plotRight - Self.plotLeft + 24))\" height=\"\(SVGText.coordinate(Self.plotBottom + 12))\"/>"
        + "</clipPath></defs>",
      "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(SVGText.coordinate(Self.plotRight - Self.plotLeft))\" "
        + "height=\"\(SVGText.coordinate(Self.plotBottom - Self.plotTop))\" fill=\"#ffffff\" stroke=\"#555555\"/>",
    ]
    for tick in xTicks ?? x.ticks() where tick >= x.low * 0.9999 && tick <= x.high * 1.0001 {
      let px = SVGText.coordinate(x.pixel(tick))
      parts.append("<line x1=\"\(px)\" y1=\"\(top)\" x2=\"\(px)\" y2=\"\(bottom)\" stroke=\"#e2e2e2\"/>")
      parts.append(
        "<text x=\"\(px)\" y=\"\(SVGText.coordinate(Self.plotBottom + 16))\" font-size=\"11\" text-anchor=\"middle\" "
          + "fill=\"#333333\">\(SVGText.escape(xTickText(tick)))</text>")
    }
    for tick in y.ticks() {
      let py = SVGText.coordinate(y.pixel(tick))
      parts.append("<line x1=\"\(left)\" y1=\"\(py)\" x2=\"\(right)\" y2=\"\(py)\" stroke=\"#e2e2e2\"/>")
      parts.append(
        "<text x=\"\(SVGText.coordinate(Self.plotLeft - 6))\" y=\"\(SVGText.coordinate(y.pixel(tick) + 4))\" font-size=\"11\" "
          + "text-anchor=\"end\" fill=\"#333333\">\(SVGText.escape(yTickText(tick)))</text>")
    }
    parts.append(
      "<text x=\"\(SVGText.coordinate((Self.plotLeft + Self.plotRight) / 2))\" y=\"\(SVGText.coordinate(Self.plotBottom + 36))\" "
        + "font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\">\(SVGText.escape(xTitle))</text>")
    parts.append(
      "<text x=\"14\" y=\"\(SVGText.coordinate((Self.plotTop + Self.plotBottom) / 2))\" font-size=\"12\" text-anchor=\"middle\" "
        + "fill=\"#222222\" transform=\"rotate(-90 14 \(SVGText.coordinate((Self.plotTop + Self.plotBottom) / 2)))\">"
        + "\(SVGText.escape(yTitle))</text>")
    return parts.joined(separator: "\n")
  }

  /// Two legend columns when every entry fits half the width (about 44 characters), else one.
  private var legendColumns: Int { legend.allSatisfy { $0.text.count <= 44 } ? 2 : 1 }

  /// Legend entries below the x-axis title.
  private func legendMarkup() -> String {
    var parts: [String] = []
    let columns = legendColumns
    for (index, entry) in legend.enumerated() {
      let left = Self.plotLeft + Double(index % columns) * 311
      let top = Self.plotBottom + 52 + Double(index / columns) * 18
      parts.append(
        "<line x1=\"\(SVGText.coordinate(left))\" y1=\"\(SVGText.coordinate(top))\" x2=\"\(SVGText.coordinate(left + 28))\" "
          + "y2=\"\(SVGText.coordinate(top))\" stroke=\"\(entry.style.color)\" stroke-width=\"\(SVGText.raw(entry.style.width))\""
          + "\(dash(entry.style))/>")
      switch entry.shape {
      case .circle:
        parts.append(
          "<circle cx=\"\(SVGText.coordinate(left + 14))\" cy=\"\(SVGText.coordinate(top))\" r=\"4\" fill=\"\(entry.style.color)\"/>")
      case .square:
        parts.append(
          "<rect x=\"\(SVGText.coordinate(left + 10.4))\" y=\"\(SVGText.coordinate(top - 3.6))\" width=\"7.20\" height=\"7.20\" "
            + "fill=\"\(entry.style.color)\"/>")
      case nil: break
      }
      parts.append(
        "<text x=\"\(SVGText.coordinate(left + 34))\" y=\"\(SVGText.coordinate(top + 4))\" font-size=\"11\" fill=\"#222222\">"
          + "\(SVGText.escape(entry.text))</text>")
    }
    return parts.joined(separator: "\n")
  }
}
