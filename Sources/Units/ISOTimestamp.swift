/// Parses ISO 8601 date-times by hand: `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]][Z|±hh[:]mm]` (no zone =
/// UTC). Why not `ISO8601DateFormatter`: it is slow on millions of lines and rejects the common
/// space-separated form.
enum ISOTimestamp {
  /// Seconds since 1970-01-01T00:00:00Z; nil when `text` is not in the form above.
  static func epochSeconds(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    var index = 0
    func digits(_ count: Int) -> Int? {
      guard index + count <= bytes.count else { return nil }
      var value = 0
      for offset in 0..<count {
        let byte = bytes[index + offset]
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      index += count
      return value
    }
    func expect(_ characters: String) -> Bool {
      guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
      index += 1
      return true
    }
    guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
      (1...12).contains(month), (1...31).contains(day), expect("T "),
      let hour = digits(2), expect(":"), let minute = digits(2), hour < 24, minute < 60
    else { return nil }
    var seconds = 0.0
    if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
      index += 1
      guard let whole = digits(2), whole <= 60 else { return nil }
      seconds = Double(whole)
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
        index += 1
        var scale = 0.1
        let start = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
          seconds += Double(bytes[index] - 48) * scale
          scale /= 10
          index += 1
        }
        guard index > start else { return nil }
      }
    }
    var offsetSeconds = 0
    if index < bytes.count {
      if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
        index += 1
        guard let zoneHours = digits(2), zoneHours <= 23 else { return nil }
        _ = expect(":")
        guard let zoneMinutes = digits(2), zoneMinutes < 60 else { return nil }
        offsetSeconds = sign * (zoneHours * 3600 + zoneMinutes * 60)
      }
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    return Double(days * 86_400 + hour * 3600 + minute * 60 - offsetSeconds) + seconds
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
  /// Low-Level Date Algorithms", days_from_civil).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
