/// Times in directory documents: "YYYY-MM-DD HH:MM:SS" in UTC (dir-spec 3.1, 3.4.1), as Unix
/// seconds (`Int64`, the project's convention for wall-clock instants).
public enum DirectoryTime {
    /// Unix seconds for a date argument ("2026-11-23") and a time argument ("02:17:58");
    /// nil when either is not in that exact form or names no real instant.
    public static func unixSeconds(date: String, time: String) -> Int64? {
        let dateDigits = Array(date.utf8)
        let timeDigits = Array(time.utf8)
        guard dateDigits.count == 10, dateDigits[4] == UInt8(ascii: "-"), dateDigits[7] == UInt8(ascii: "-"),
              timeDigits.count == 8, timeDigits[2] == UInt8(ascii: ":"), timeDigits[5] == UInt8(ascii: ":"),
              let year = number(dateDigits[0..<4]), let month = number(dateDigits[5..<7]),
              let day = number(dateDigits[8..<10]), let hour = number(timeDigits[0..<2]),
              let minute = number(timeDigits[3..<5]), let second = number(timeDigits[6..<8])
        else { return nil }
        // Tor's own parser (parse_iso_time) allows a leap second, 60.
        guard year >= 1970, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second
    }

    /// The "YYYY-MM-DD HH:MM:SS" form of `unixSeconds` (at or after 1970).
    public static func format(_ unixSeconds: Int64) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = unixSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) "
            + "\(pad(secondsOfDay / 3_600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))"
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01; years are counted from March so the leap day ends each year, and
    /// the Gregorian calendar repeats every 400 years (146,097 days).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719,468 days separate 0000-03-01 from 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSinceEpoch(year:month:day:)`` for days at or after the epoch.
    private static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
