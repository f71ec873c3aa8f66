/// Splits and decodes control-command arguments (control-spec.txt §2.1, §2.1.1).
///
/// Arguments are separated by spaces. Each is a bare word, a QuotedString, `Key=word` or
/// `Key="quoted"`. Inside quotes, "\\" escapes follow C: `\n \t \r \\ \" \'`, one to three
/// octal digits, `\xHH`; any other escaped character stands for itself (§2.1 quoted-pair).
/// A key is only recognised when the text before "=" is non-empty and has no quote.
public enum ControlArgumentParser {
    /// The decoded arguments, or a thrown `argumentSyntax`/`tooManyArguments` error.
    public static func parse(_ text: String) throws(ControlPortError) -> [ControlArgument] {
        let bytes = Array(text.utf8)
        var index = 0
        var arguments: [ControlArgument] = []
        while true {
            while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count else { return arguments }
            guard arguments.count < ControlLimits.maximumArgumentCount else {
                throw ControlPortError(
                    .tooManyArguments, kind: .protocolViolation,
                    "more than \(ControlLimits.maximumArgumentCount) arguments")
            }
            arguments.append(try parseOne(bytes, &index))
            if index < bytes.count && bytes[index] != UInt8(ascii: " ") {
                throw syntax("expected a space after argument \(arguments.count)")
            }
        }
    }

    private static func parseOne(_ bytes: [UInt8], _ index: inout Int) throws(ControlPortError) -> ControlArgument {
        if bytes[index] == UInt8(ascii: "\"") {
            return ControlArgument(bytes: try quoted(bytes, &index), wasQuoted: true)
        }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "=") {
            if bytes[index] == UInt8(ascii: "\"") { throw syntax("a quote inside an unquoted word") }
            index += 1
        }
        let word = Array(bytes[start..<index])
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
            return ControlArgument(bytes: word)
        }
        guard !word.isEmpty else { throw syntax("an argument starts with \"=\"") }
        let key = String(decoding: word, as: UTF8.self)
        index += 1
        if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
            return ControlArgument(key: key, bytes: try quoted(bytes, &index), wasQuoted: true)
        }
        let valueStart = index
        while index < bytes.count && bytes[index] != UInt8(ascii: " ") {
            if bytes[index] == UInt8(ascii: "\"") { throw syntax("a quote inside an unquoted value") }
            index += 1
        }
        return ControlArgument(key: key, bytes: Array(bytes[valueStart..<index]))
    }

    /// Decodes a QuotedString starting at the opening quote; leaves `index` after the closing one.
    static func quoted(_ bytes: [UInt8], _ index: inout Int) throws(ControlPortError) -> [UInt8] {
        index += 1
        var output: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return output }
            guard byte == UInt8(ascii: "\\") else { output.append(byte); continue }
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "x"):
                guard index + 1 < bytes.count, let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else {
                    throw syntax("\\x must be followed by two hex digits")
                }
                output.append(high << 4 | low)
                index += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]) {
                    value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                guard value <= 0xFF else { throw syntax("octal escape above \\377") }
                output.append(UInt8(value))
            default: output.append(escaped)
            }
        }
        throw syntax("unterminated quoted string")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func syntax(_ reason: String) -> ControlPortError {
        ControlPortError(.argumentSyntax, kind: .protocolViolation, "syntax error in arguments: \(reason)")
    }

    /// `text` as a QuotedString: quotes and backslashes escaped, control bytes as C escapes.
    public static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0..<0x20, 0x7F: output += "\\" + String(scalar.value, radix: 8).leftPadded(to: 3)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
