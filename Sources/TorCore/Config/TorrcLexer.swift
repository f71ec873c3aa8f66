/// Splits torrc text into ``TorrcEntry`` values, following C tor's configuration syntax
/// (tor(1), "THE CONFIGURATION FILE FORMAT").
///
/// The rules, each checked against tor 0.4.9's own parser:
/// - a line is `Keyword value`; leading and trailing whitespace and blank lines are ignored;
/// - `#` starts a comment, except inside a quoted value;
/// - a backslash right before the end of a line joins the next line to the value; once a value is
///   continued, a comment inside it (a whole comment line, or the end of a line after `#`) is
///   dropped *together with its line end*, so the value goes on past it, as in C tor;
/// - a value that starts with `"` is a C-style quoted string (`\n`, `\t`, `\r`, `\\`, `\"`, `\'`,
///   `\xHH`, octal `\NNN`), and only a comment may follow it.
///
/// Pure: no file access. Problems are collected, and the lexer resumes at the next line.
public enum TorrcLexer {
    private static let newline = UInt8(ascii: "\n")
    private static let hash = UInt8(ascii: "#")
    private static let backslash = UInt8(ascii: "\\")
    private static let quote = UInt8(ascii: "\"")

    /// Every logical line of `text`, plus one error (with its line) per line that could not be read.
    public static func entries(
        in text: String, fileName: String
    ) -> (entries: [TorrcEntry], errors: [(line: Int, error: TorCoreError)]) {
        var bytes = Array(text.utf8)
        bytes.removeCarriageReturnsBeforeNewlines()
        var entries: [TorrcEntry] = []
        var errors: [(line: Int, error: TorCoreError)] = []
        var index = 0
        var line = 1

        while index < bytes.count {
            while index < bytes.count, bytes[index].isTorrcSpace || bytes[index] == newline {
                if bytes[index] == newline { line += 1 }
                index += 1
            }
            guard index < bytes.count else { break }
            if bytes[index] == hash {
                skipToLineEnd(bytes, &index)
                continue
            }

            let startLine = line
            let keywordStart = index
            while index < bytes.count, !bytes[index].isTorrcSpace, bytes[index] != newline,
                bytes[index] != hash {
                index += 1
            }
            let keyword = String(decoding: bytes[keywordStart..<index], as: UTF8.self)
            while index < bytes.count, bytes[index].isTorrcSpace { index += 1 }

            let value: String
            if index < bytes.count, bytes[index] == quote {
                switch readQuotedValue(bytes, &index) {
                case .success(let text):
                    value = text
                case .failure(let problem):
                    errors.append((startLine, TorCoreError(
                        .configSyntax, kind: .badInput,
                        "\(fileName):\(startLine): \(keyword): \(problem); close the quotes and put only a comment after them.")))
                    skipToLineEnd(bytes, &index)
                    continue
                }
            } else {
                value = readPlainValue(bytes, &index, line: &line)
            }
            entries.append(TorrcEntry(keyword: keyword, value: value, fileName: fileName, line: startLine))
        }
        return (entries, errors)
    }

    private static func skipToLineEnd(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, bytes[index] != newline { index += 1 }
    }

    /// Reads an unquoted value up to (not including) the newline that ends it.
    private static func readPlainValue(_ bytes: [UInt8], _ index: inout Int, line: inout Int) -> String {
        let start = index
        var continued = false
        while index < bytes.count, bytes[index] != newline, bytes[index] != hash || continued {
            if bytes[index] == backslash, index + 1 < bytes.count, bytes[index + 1] == newline {
                continued = true
                index += 2
                line += 1
            } else if bytes[index] == hash {
                // Inside a continued value a comment takes its line end with it (C tor's rule).
                skipToLineEnd(bytes, &index)
                if index < bytes.count {
                    index += 1
                    line += 1
                }
            } else {
                index += 1
            }
        }
        var raw = Array(bytes[start..<index])
        if continued { raw = removingCommentsAndContinuations(raw) }
        return String(decoding: raw.trimmingTorrcSpace(), as: UTF8.self)
    }

    private static func removingCommentsAndContinuations(_ raw: [UInt8]) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == hash {
                while index < raw.count, raw[index] != newline { index += 1 }
                index += 1
            } else if raw[index] == backslash, index + 1 < raw.count, raw[index + 1] == newline {
                index += 2
            } else {
                kept.append(raw[index])
                index += 1
            }
        }
        return kept
    }

    /// Reads `"..."` with C escapes; only spaces and a comment may follow on the line.
    private static func readQuotedValue(_ bytes: [UInt8], _ index: inout Int) -> Result<String, QuotedValueProblem> {
        var decoded: [UInt8] = []
        index += 1
        while true {
            guard index < bytes.count, bytes[index] != newline else {
                return .failure(QuotedValueProblem("the quoted value is not closed before the end of the line"))
            }
            let byte = bytes[index]
            if byte == quote {
                index += 1
                break
            }
            if byte == backslash {
                guard let escaped = CEscape.decode(bytes, &index) else {
                    return .failure(QuotedValueProblem("the quoted value has a bad escape sequence"))
                }
                decoded.append(escaped)
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        while index < bytes.count, bytes[index].isTorrcSpace { index += 1 }
        if index < bytes.count, bytes[index] != newline, bytes[index] != hash {
            return .failure(QuotedValueProblem("there is text after the quoted value"))
        }
        return .success(String(decoding: decoded, as: UTF8.self))
    }

    private struct QuotedValueProblem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// C-style escapes inside a quoted torrc value.
private enum CEscape {
    /// Decodes the escape at `index` (which points at the backslash) and moves past it.
    static func decode(_ bytes: [UInt8], _ index: inout Int) -> UInt8? {
        guard index + 1 < bytes.count else { return nil }
        let letter = bytes[index + 1]
        switch letter {
        case UInt8(ascii: "n"): index += 2; return UInt8(ascii: "\n")
        case UInt8(ascii: "r"): index += 2; return UInt8(ascii: "\r")
        case UInt8(ascii: "t"): index += 2; return UInt8(ascii: "\t")
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): index += 2; return letter
        case UInt8(ascii: "x"):
            guard index + 3 < bytes.count,
                  let high = bytes[index + 2].torrcHexValue, let low = bytes[index + 3].torrcHexValue
            else { return nil }
            index += 4
            return high << 4 | low
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard index + 3 < bytes.count else { return nil }
            var value = 0
            for offset in 1...3 {
                let digit = bytes[index + offset]
                guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { return nil }
                value = value * 8 + Int(digit - UInt8(ascii: "0"))
            }
            guard value <= 0xFF else { return nil }
            index += 4
            return UInt8(value)
        default:
            return nil
        }
    }
}

extension UInt8 {
    /// Space or tab (newlines are handled separately by the lexer).
    var isTorrcSpace: Bool { self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") || self == 0x0B || self == 0x0C }

    /// The value of a hex digit, or nil.
    var torrcHexValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return self - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func removeCarriageReturnsBeforeNewlines() {
        var kept: [UInt8] = []
        kept.reserveCapacity(count)
        for (offset, byte) in enumerated()
        where !(byte == UInt8(ascii: "\r") && offset + 1 < count && self[offset + 1] == UInt8(ascii: "\n")) {
            kept.append(byte)
        }
        self = kept
    }

    fileprivate func trimmingTorrcSpace() -> ArraySlice<UInt8> {
        var slice = self[...]
        while let first = slice.first, first.isTorrcSpace || first == UInt8(ascii: "\n") { slice.removeFirst() }
        while let last = slice.last, last.isTorrcSpace || last == UInt8(ascii: "\n") { slice.removeLast() }
        return slice
    }
}
