import FoundationEssentials
import Glibc
import TorClient

/// Human and JSON output of the management subcommands.
enum TextOutput {
    /// Columns padded to the widest cell; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `[##########----------] 50% (loading_descriptors)`: 20 cells, one per 5%.
    static func progressBar(progress: Int, tag: String) -> String {
        let clamped = min(max(progress, 0), 100)
        let filled = clamped / 5
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] \(clamped)% (\(tag))"
    }

    /// `text` cut or padded with spaces to exactly `width` characters (a label column).
    static func padded(_ text: String, to width: Int) -> String {
        String(text.prefix(width)) + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `1h 02m 03s`, `4m 05s`, `6s`.
    static func duration(seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds / 60 % 60, rest = seconds % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if hours > 0 { return "\(hours)h \(two(minutes))m \(two(rest))s" }
        if minutes > 0 { return "\(minutes)m \(two(rest))s" }
        return "\(rest)s"
    }

    /// Bytes in B, KiB, MiB or GiB with one decimal.
    static func bytes(_ count: UInt64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard count >= 1024 else { return "\(count) B" }
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return PrintfFormat.string("%.1f", value) + " " + units[unit]
    }

    /// Pretty JSON with sorted keys, so scripts see stable output.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// One-line JSON with sorted keys (for `events`, one object per line).
    static func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Flushes standard output (all C streams: `fflush(NULL)` avoids the `stdout` global, which is
/// not concurrency-safe in Swift 6), so a reader of a pipe sees each event line at once.
func fflushStandardOutput() {
    fflush(nil)
}
