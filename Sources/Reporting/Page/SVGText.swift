import Foundation

/// Text and numbers as the HTML page and its SVG charts write them.
enum SVGText {
  /// `text` safe inside an element or a double-quoted attribute (`&`, `<`, `>`, `"`, `'`).
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A pixel coordinate with two decimals (a hundredth of a pixel is below what any screen shows).
  static func coordinate(_ value: Double) -> String {
    let text = String(format: "%.2f", value)
    return text == "-0.00" ? "0.00" : text
  }

  /// A data value as the JSON holds it, to 12 significant digits (`data-…` attributes).
  static func raw(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.12g", value)
  }
}
