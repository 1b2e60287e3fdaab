import Foundation
import Testing

@testable import Units

@Suite struct DailyTrafficTests {
  @Test func hourlyRatesHoldForTheirHour() throws {
    let rates = [Double](repeating: 1, count: 12) + [Double](repeating: 3, count: 12)
    let day = try DailyTraffic(hourlyRates: rates)
    #expect(day.minuteRates.count == 1440)
    #expect(day.minuteRates[719] == 1)
    #expect(day.minuteRates[720] == 3)
    #expect(day.meanRequestsPerSecond == 2)
    #expect(day.peakToMean == 1.5)
    #expect(day.requestsPerDay == 172_800)
  }

  static let badHourlyRates: [([Double], String)] = [
    ([Double](repeating: 1, count: 23), "a day needs 24 hourly rates, found 23; give one per hour, 00:00 UTC first."),
    ([Double](repeating: 1, count: 23) + [-1], "the rate at hour 23 (23:00 UTC) is -1.0; rates must be finite and 0 or more (requests per second)."),
    ([Double](repeating: 1, count: 23) + [.nan], "the rate at hour 23 (23:00 UTC) is nan; rates must be finite and 0 or more (requests per second)."),
    ([2e7] + [Double](repeating: 1, count: 23),
     "the rate at hour 0 (00:00 UTC) is 20000000 requests/s, above 10000000; check the unit (per second, not per minute or per day) or the timestamps' unit."),
    ([Double](repeating: 0, count: 24), "24 hourly rates: every rate is 0; a day with no requests has nothing to plan."),
    ]

  @Test(arguments: badHourlyRates)
  func badHourlyRatesAreRefused(rates: [Double], message: String) {
    do {
      _ = try DailyTraffic(hourlyRates: rates)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test(arguments: [(TrafficShape.diurnal, 3.0), (.diurnal, 1.0), (.diurnal, 24.0), (.businessHours, 2.0), (.businessHours, 3.0), (.flat, 1.0)])
  func namedShapesKeepTheirMeanAndPeak(shape: TrafficShape, ratio: Double) throws {
    let day = try shape.day(meanRequestsPerSecond: 10, peakToMean: ratio)
    #expect(abs(day.meanRequestsPerSecond - 10) < 1e-9)
    #expect(abs(day.peakToMean - ratio) < 1e-6 * ratio)
  }

  @Test func businessHoursByHand() throws {
    // peak 2× the mean: 8 hours at 2m, 16 hours at (24 − 16)/16 = 0.5m; mean (16 + 8)/24 = 1.
    let day = try TrafficShape.businessHours.day(meanRequestsPerSecond: 1, peakToMean: 2)
    #expect(day.minuteRates[539] == 0.5)
    #expect(day.minuteRates[540] == 2)
    #expect(day.minuteRates[1019] == 2)
    #expect(day.minuteRates[1020] == 0.5)
  }

  @Test func diurnalPeaksAtTwoInTheAfternoon() throws {
    let day = try TrafficShape.diurnal.day(meanRequestsPerSecond: 5, peakToMean: 4)
    #expect(day.minuteRates.firstIndex(of: day.peakRequestsPerSecond) == 840)
  }

  @Test(arguments: [
    (TrafficShape.flat, 2.0, "peak_to_mean 2.0 for shape 'flat': use a number from 1 to 1 (peak rate ÷ mean rate)."),
    (.businessHours, 3.5, "peak_to_mean 3.5 for shape 'business-hours': use a number from 1 to 3 (peak rate ÷ mean rate)."),
    (.diurnal, 0.5, "peak_to_mean 0.5 for shape 'diurnal': use a number from 1 to 100 (peak rate ÷ mean rate)."),
  ])
  func shapesRefuseRatiosTheyCannotMake(shape: TrafficShape, ratio: Double, message: String) {
    do {
      _ = try shape.day(meanRequestsPerSecond: 1, peakToMean: ratio)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test func unknownShapeNamesTheKnownOnes() {
    do {
      _ = try TrafficShape(named: "weekly")
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == "unknown traffic shape 'weekly'; use one of flat, diurnal, business-hours, or give 24 hourly_rates.")
    }
  }
}

@Suite struct RequestLogTests {
  @Test func oneRequestPerSecondForTwoMinutesFillsTheDay() throws {
    let text = (0..<120).map { "\(86_400 + $0)" }.joined(separator: "\n")
    let day = try RequestLog.parse(text, path: "log.txt")
    #expect(day.minuteRates.allSatisfy { $0 == 1 })
    #expect(day.burstiness == 0)
    #expect(day.origin == "request log log.txt (2 min of 120 requests, repeated to fill the day)")
  }

  @Test func burstsRaiseTheDispersion() throws {
    // Minutes 0–2: 60 requests in their first second, Σ(n − 1)² = 59² + 59 × 1² = 3540 each;
    // minute 3: one request, (1 − 1/60)² + 59 × (1/60)² = 59/60. Over 181 requests.
    let text = (0..<3).flatMap { minute in (0..<60).map { "\(minute * 60)." + String(format: "%02d", $0) } }.joined(separator: "\n") + "\n180"
    let day = try RequestLog.parse(text, path: "bursty.log")
    let burstiness = try #require(day.burstiness)
    #expect(abs(burstiness - (3540.0 * 3 + 59.0 / 60) / 181) < 1e-9)
  }

  @Test func aDayAndMoreIsFoldedByMinuteOfDay() throws {
    // Two days: 2 requests in minute 0 of day 1 and 4 in minute 0 of day 2 → 3 per minute = 0.05/s.
    var lines = ["0", "1", "86400", "86401", "86402", "86403"]
    lines.append("172799")  // last second of day 2: covers every minute twice
    let day = try RequestLog.parse(lines.joined(separator: "\n"), path: "two-days.log")
    #expect(abs(day.minuteRates[0] - 6.0 / 120) < 1e-12)
    #expect(abs(day.minuteRates[1439] - 1.0 / 120) < 1e-12)
    #expect(day.minuteRates[1] == 0)
  }

  @Test func csvWithATimestampColumnAndISOTimes() throws {
    let text = """
      id,timestamp,path
      1,1970-01-02T00:00:00Z,/a
      2,"1970-01-02 00:00:30.5",/b
      3,1970-01-02T01:01:00+01:00,/c
      """
    let day = try RequestLog.parse(text, path: "requests.csv")
    #expect(day.minuteRates[0] == 2.0 / 60)
    #expect(day.minuteRates[1] == 1.0 / 60)
  }

  @Test(arguments: [
    ("1970-01-02T00:00:00Z", 86_400.0), ("1970-01-01 01:00:00+01:00", 0), ("2000-03-01T00:00:00.25Z", 951_868_800.25),
    ("1970-01-01T00:01-00:30", 1860),
  ])
  func isoTimestamps(text: String, seconds: Double) {
    #expect(ISOTimestamp.epochSeconds(text) == seconds)
  }

  @Test(arguments: [
    ("", "log.txt: no timestamps found; give one timestamp per line (epoch seconds or ISO 8601, e.g. 2026-12-05T11:55:08Z), or a CSV with a 'timestamp' column."),
    ("# a comment\n\n", "log.txt: no timestamps found; give one timestamp per line (epoch seconds or ISO 8601, e.g. 2026-12-05T11:55:08Z), or a CSV with a 'timestamp' column."),
    ("100\n200\n\n150", "log.txt:4: this timestamp is earlier than line 2's; sort the log by time first (e.g. `sort -n` for epoch seconds)."),
    ("100\nyesterday", "log.txt:2: 'yesterday' is not a timestamp; use epoch seconds (1764935708.25) or ISO 8601 (2026-12-05T11:55:08.250Z)."),
    ("100\n-5", "log.txt:2: '-5' is not a timestamp; use epoch seconds (1764935708.25) or ISO 8601 (2026-12-05T11:55:08.250Z)."),
    ("100\nnan", "log.txt:2: 'nan' is not a timestamp; use epoch seconds (1764935708.25) or ISO 8601 (2026-12-05T11:55:08.250Z)."),
    ("id,time\n1,5", "log.txt: the CSV header ('id', 'time') has no 'timestamp' column; rename the column holding request times to 'timestamp'."),
    ("1764935708250", "log.txt:1: 1764935708250 looks like epoch milliseconds; give seconds (divide by 1,000)."),
    ("0\n30", "log.txt: the log spans 30 s; per-minute rates need at least 60 s of requests."),
    ("0\n40000000", "log.txt: the log spans 463 days, more than 366; check that every timestamp uses the same unit."),
  ])
  func badLogsGetClearErrors(text: String, message: String) {
    do {
      _ = try RequestLog.parse(text, path: "log.txt")
      Issue.record("expected an error for \(text.debugDescription)")
    } catch {
      #expect("\(error)" == message)
    }
  }
}
