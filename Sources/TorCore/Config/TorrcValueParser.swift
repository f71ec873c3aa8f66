/// Reads the scalar value types of a torrc (tor(1), "THE CONFIGURATION FILE FORMAT" and the
/// per-option syntax): Booleans, integers with ranges, paths with `~` expanded.
///
/// Intervals and memory sizes have their own readers (``TorrcInterval``, ``TorrcMemorySize``).
/// Every reader throws a `.badInput` ``TorCoreError`` whose reason names the entry's file, line,
/// option and value, and says what to write instead.
enum TorrcValueParser {
    /// `0` or `1`, as C tor (which rejects `true`, `yes` and the like).
    static func boolean(_ entry: TorrcEntry) throws -> Bool {
        switch entry.value {
        case "0": return false
        case "1": return true
        default:
            throw entry.error(.configBadBoolean, "not a Boolean", fix: "use 1 (on) or 0 (off)")
        }
    }

    /// `0`, `1` or `auto` (nil), for the options where C tor allows `auto`.
    static func automaticBoolean(_ entry: TorrcEntry) throws -> Bool? {
        if entry.value.lowercased() == "auto" { return nil }
        switch entry.value {
        case "0": return false
        case "1": return true
        default:
            throw entry.error(.configBadBoolean, "not a Boolean", fix: "use 1 (on), 0 (off) or auto")
        }
    }

    /// A whole number within `range`.
    static func integer(_ entry: TorrcEntry, in range: ClosedRange<Int>) throws -> Int {
        try integer(entry.value, entry, in: range)
    }

    /// A whole number within `range`, read from `text` (a part of the entry's value).
    static func integer(_ text: String, _ entry: TorrcEntry, in range: ClosedRange<Int>) throws -> Int {
        let fix = "use a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw entry.error(.configBadInteger, "not a whole number", fix: fix, shown: text)
        }
        guard let number = Int(text), range.contains(number) else {
            throw entry.error(.configOutOfRange, "out of range", fix: fix, shown: text)
        }
        return number
    }

    /// An interval within `range` (see ``TorrcInterval`` for the units).
    static func interval(_ entry: TorrcEntry, in range: ClosedRange<Duration>) throws -> Duration {
        guard let duration = TorrcInterval.parse(entry.value) else {
            throw entry.error(
                .configBadInterval, "not an interval",
                fix: "write a number and a unit such as \"30 seconds\", \"10 minutes\", \"2 hours\" or \"500 msec\"")
        }
        guard range.contains(duration) else {
            throw entry.error(
                .configOutOfRange, "out of range",
                fix: "use an interval from \(TorrcInterval.format(range.lowerBound)) to \(TorrcInterval.format(range.upperBound))")
        }
        return duration
    }

    /// A path, with a leading `~` or `~/` replaced by `homeDirectory`, as C tor does.
    ///
    /// `~user/...` is refused: resolving another user's home needs the password database, and a
    /// full path says the same thing.
    static func path(_ entry: TorrcEntry, homeDirectory: String) throws -> String {
        try path(entry.value, entry, homeDirectory: homeDirectory)
    }

    /// A path read from `text` (a part of the entry's value).
    static func path(_ text: String, _ entry: TorrcEntry, homeDirectory: String) throws -> String {
        guard text.hasPrefix("~") else { return text }
        if text == "~" { return homeDirectory }
        guard text.hasPrefix("~/") else {
            throw entry.error(
                .configBadPath, "\"~user\" paths are not supported", fix: "write the full path", shown: text)
        }
        let home = homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory
        return home + text.dropFirst()
    }
}
