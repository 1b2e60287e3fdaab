import Foundation

/// Maps data values to pixels along one chart axis, linearly or logarithmically.
///
/// The SVG carries each scale (`data-x-scale`, `data-x-domain`, `data-x-range`, the same for y)
/// so a reader, and the tests, can turn any drawn coordinate back into the plan's figure.
struct ChartScale: Equatable {
  /// Logarithmic (base 10) when true; every value must then be above 0.
  var isLog: Bool
  /// The lowest and highest data value shown.
  var low: Double
  var high: Double
  /// The pixels `low` and `high` map to (for y, `low` maps to the bottom: a larger pixel).
  var pixelLow: Double
  var pixelHigh: Double

  /// A scale covering `values`, widened a little so no mark sits on the frame; a log scale
  /// snaps out to whole decades when that costs less than one decade more.
  init(covering values: [Double], isLog: Bool, pixels: (low: Double, high: Double)) {
    self.isLog = isLog
    pixelLow = pixels.low
    pixelHigh = pixels.high
    let finite = values.filter { $0.isFinite && (!isLog || $0 > 0) }
    var low = finite.min() ?? (isLog ? 1 : 0)
    var high = finite.max() ?? (isLog ? 10 : 1)
    if isLog {
      if high / low < 1.0001 {
        low /= 2
        high *= 2
      }
      low = pow(10, floor(log10(low) * 10) / 10)
      high = pow(10, ceil(log10(high) * 10) / 10)
    } else {
      if high - low < 1e-12 { high = low + max(abs(low), 1) }
      let pad = (high - low) * 0.05
      low = low >= 0 && low - pad < 0 ? 0 : low - pad
      high += pad
    }
    self.low = low
    self.high = high
  }

  /// The pixel for `value` (values outside the domain map outside the pixel range).
  func pixel(_ value: Double) -> Double {
    let t = isLog ? (log10(value) - log10(low)) / (log10(high) - log10(low)) : (value - low) / (high - low)
    return pixelLow + t * (pixelHigh - pixelLow)
  }

  /// Whether `value` can be drawn (finite, and above 0 on a log scale).
  func canDraw(_ value: Double?) -> Bool {
    guard let value, value.isFinite else { return false }
    return !isLog || value > 0
  }

  /// Tick values inside the domain: 1-2-5 steps on a log scale (decades only when the domain
  /// spans more than three), round linear steps otherwise; at least two ticks.
  func ticks() -> [Double] {
    if isLog {
      let decades = log10(high) - log10(low)
      let multipliers: [Double] = decades > 3 ? [1] : decades > 1.5 ? [1, 3] : [1, 2, 5]
      var ticks: [Double] = []
      var exponent = floor(log10(low))
      while exponent <= ceil(log10(high)) {
        for m in multipliers {
          let value = m * pow(10, exponent)
          if value >= low * 0.9999 && value <= high * 1.0001 { ticks.append(value) }
        }
        exponent += 1
      }
      if decades > 6 { ticks = ticks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
      return ticks.count >= 2 ? ticks : [low, high]
    }
    let rough = (high - low) / 5
    let magnitude = pow(10, floor(log10(rough)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
    var ticks: [Double] = []
    var value = ceil(low / step) * step
    while value <= high + step * 1e-9 {
      ticks.append(value)
      value += step
    }
    return ticks
  }

  /// The scale as the SVG's `data-…` attributes say it: kind, domain and pixel range.
  func attributes(axis: String) -> String {
    "data-\(axis)-scale=\"\(isLog ? "log" : "linear")\" data-\(axis)-domain=\"\(SVGText.raw(low)) \(SVGText.raw(high))\" "
      + "data-\(axis)-range=\"\(SVGText.coordinate(pixelLow)) \(SVGText.coordinate(pixelHigh))\""
  }
}
