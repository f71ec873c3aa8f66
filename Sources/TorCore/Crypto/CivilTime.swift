/// Converts a UTC calendar date to Unix seconds without the C library's time-zone machinery.
///
/// Used for X.509 validity times; `timegm` would work too but is a GNU extension, and this keeps
/// the conversion pure and testable.
enum CivilTime {
    /// Seconds since 1970-01-01T00:00:00Z for a proleptic-Gregorian UTC date and time.
    static func unixSeconds(
        year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64
    ) -> Int64 {
        daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second
    }

    /// Days from 1970-01-01 to the given date (negative before it).
    ///
    /// Counts from 0000-03-01 so that the leap day is the last day of each counted year; an era
    /// is the 400-year cycle after which the Gregorian calendar repeats (146,097 days).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719,468 days separate 0000-03-01 from 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }
}
