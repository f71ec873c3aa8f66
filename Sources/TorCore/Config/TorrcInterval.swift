/// Time intervals in a torrc: a number, optionally with a fraction, then an optional unit; a
/// bare number is seconds (tor(1), options typed "N seconds|minutes|hours|days|weeks").
///
/// Units are matched case-insensitively, with or without a space before them. C tor 0.4.9
/// accepts `second(s)`, `minute(s)`, `hour(s)`, `day(s)`, `week(s)` and `month(s)` (2,629,728
/// seconds) on second-valued options and `msec`/`millisecond(s)` on millisecond-valued ones.
/// This reader also accepts `sec`, `min` and the millisecond units everywhere.
public enum TorrcInterval {
    /// The longest interval accepted: C tor stores intervals as a 32-bit count of seconds.
    public static let maximum: Duration = .seconds(Int32.max)

    /// Milliseconds per unit, keyed by lowercased unit name ("" is a bare number).
    private static let millisecondsPerUnit: [String: Int64] = [
        "": 1_000,
        "msec": 1, "millisecond": 1, "milliseconds": 1,
        "sec": 1_000, "second": 1_000, "seconds": 1_000,
        "min": 60_000, "minute": 60_000, "minutes": 60_000,
        "hour": 3_600_000, "hours": 3_600_000,
        "day": 86_400_000, "days": 86_400_000,
        "week": 604_800_000, "weeks": 604_800_000,
        "month": 2_629_728_000, "months": 2_629_728_000,
    ]

    /// The interval `text` denotes, or nil when it is not one (or is longer than ``maximum``).
    public static func parse(_ text: String) -> Duration? {
        guard let (number, unit) = TorrcNumber.split(text),
              let perUnit = millisecondsPerUnit[unit.lowercased()]
        else { return nil }
        let milliseconds = (number * Double(perUnit)).rounded()
        guard milliseconds <= Double(maximum.components.seconds) * 1_000 else { return nil }
        return .milliseconds(Int64(milliseconds))
    }

    /// The interval in the largest unit that divides it exactly: `10 minutes`, `90 seconds`,
    /// `1500 msec`. ``parse(_:)`` reads it back to the same value.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000
            + duration.components.attoseconds / 1_000_000_000_000_000
        let units: [(Int64, String)] = [
            (604_800_000, "week"), (86_400_000, "day"), (3_600_000, "hour"), (60_000, "minute"), (1_000, "second"),
        ]
        for (size, name) in units where milliseconds != 0 && milliseconds % size == 0 {
            let count = milliseconds / size
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }
        return milliseconds == 0 ? "0 seconds" : "\(milliseconds) msec"
    }
}

/// The shared number-then-unit shape of intervals and memory sizes.
enum TorrcNumber {
    /// Splits `12`, `12 minutes`, `1.5MB` into the number and the (possibly empty) unit.
    /// Nil when there is no number, the number is malformed, or there is more than one word after it.
    static func split(_ text: String) -> (Double, Substring)? {
        let trimmed = text[...]
        let numberEnd = trimmed.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) ?? trimmed.endIndex
        let digits = trimmed[..<numberEnd]
        guard !digits.isEmpty, digits.first != ".", digits.last != ".",
              digits.filter({ $0 == "." }).count <= 1,
              let number = Double(digits)
        else { return nil }
        let unit = trimmed[numberEnd...].drop(while: { $0 == " " || $0 == "\t" })
        guard !unit.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        return (number, unit)
    }
}
