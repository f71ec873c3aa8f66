/// Typed readers for item arguments; each failure is a ``DirectoryError/Code/valueMalformed``
/// error at the item's line.
extension DocumentItem {
    /// The error for an argument of this item that is not what the spec says it is.
    func malformed(_ what: String, file: String = #fileID, line: Int = #line) -> DirectoryError {
        .document(.valueMalformed, what, at: self, file: file, line: line)
    }

    /// Argument `index`; a missing one is reported rather than trapping, though the rule table
    /// normally guarantees it.
    func argument(at index: Int) throws(DirectoryError) -> String {
        guard index < arguments.count else {
            throw .document(.itemArguments, "\"\(keyword)\" needs at least \(index + 1) argument(s)", at: self)
        }
        return arguments[index]
    }

    /// Argument `index` as a decimal integer within `range` (no sign, no leading "+").
    func integer<Value: FixedWidthInteger>(
        at index: Int, as type: Value.Type, in range: ClosedRange<Value>? = nil
    ) throws(DirectoryError) -> Value {
        let text = try argument(at: index)
        guard let value = DocumentNumbers.parse(text, as: Value.self),
              range.map({ $0.contains(value) }) ?? true
        else {
            throw malformed("Argument \(index + 1) of \"\(keyword)\" is not a valid number: \"\(text)\"")
        }
        return value
    }

    /// Arguments `index` and `index + 1` as a "YYYY-MM-DD HH:MM:SS" UTC time, in Unix seconds.
    func time(at index: Int) throws(DirectoryError) -> Int64 {
        guard index + 1 < arguments.count,
              let seconds = DirectoryTime.unixSeconds(date: arguments[index], time: arguments[index + 1])
        else {
            throw malformed("\"\(keyword)\" does not carry a time of the form YYYY-MM-DD HH:MM:SS")
        }
        return seconds
    }

    /// Argument `index` as hex of exactly `byteCount` bytes.
    func hex(at index: Int, byteCount: Int) throws(DirectoryError) -> [UInt8] {
        guard let bytes = DirectoryHex.decode(try argument(at: index)), bytes.count == byteCount else {
            throw malformed("Argument \(index + 1) of \"\(keyword)\" is not \(byteCount * 2) hex digits")
        }
        return bytes
    }

    /// Argument `index` as base64 (padded or not) of exactly `byteCount` bytes.
    func base64(at index: Int, byteCount: Int) throws(DirectoryError) -> [UInt8] {
        guard let bytes = DirectoryBase64.decode(try argument(at: index)), bytes.count == byteCount else {
            throw malformed("Argument \(index + 1) of \"\(keyword)\" is not base64 of \(byteCount) bytes")
        }
        return bytes
    }

    /// Argument `index` as a dotted-quad IPv4 address, returned in its canonical text form.
    func ipv4Address(at index: Int) throws(DirectoryError) -> String {
        let text = try argument(at: index)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4,
              parts.allSatisfy({ DocumentNumbers.parse($0, as: UInt8.self) != nil && ($0 == "0" || !$0.hasPrefix("0")) })
        else {
            throw malformed("Argument \(index + 1) of \"\(keyword)\" is not an IPv4 address")
        }
        return text
    }

    /// "Key=Value" arguments from `index` on, values 32-bit signed integers (dir-spec 3.4.1
    /// "params" and "bandwidth-weights"); a repeated key is malformed. Keys are keywords that
    /// may also hold "_": real consensus parameters do (cc_alg, cc_sendme_inc,
    /// sendme_emit_min_version), and tor accepts them.
    func integerParameters(from index: Int) throws(DirectoryError) -> [String: Int32] {
        var parameters: [String: Int32] = [:]
        for argument in arguments.dropFirst(index) {
            guard let equals = argument.firstIndex(of: "="),
                  Self.isParameterName(argument[..<equals]),
                  let value = DocumentNumbers.parseSigned(argument[argument.index(after: equals)...], as: Int32.self)
            else {
                throw malformed("\"\(argument)\" in \"\(keyword)\" is not Keyword=Int32")
            }
            let key = String(argument[..<equals])
            guard parameters.updateValue(value, forKey: key) == nil else {
                throw malformed("\"\(key)\" appears twice in \"\(keyword)\"")
            }
        }
        return parameters
    }

    /// A keyword in which "_" may stand for "-" (consensus parameter names).
    static func isParameterName(_ name: Substring) -> Bool {
        let bytes = name.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }
        return DirectoryDocumentReader.isKeyword(bytes[...])
    }
}

/// Strict decimal numbers: digits only, so "+5", " 5" and "0x5" are all refused.
enum DocumentNumbers {
    /// An unsigned decimal that fits `Value`; nil otherwise.
    static func parse<Value: FixedWidthInteger>(_ text: some StringProtocol, as type: Value.Type) -> Value? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Value(text, radix: 10)
    }

    /// A decimal with an optional leading "-" that fits `Value`; nil otherwise.
    static func parseSigned<Value: FixedWidthInteger>(_ text: some StringProtocol, as type: Value.Type) -> Value? {
        if text.hasPrefix("-") {
            guard parse(text.dropFirst(), as: UInt64.self) != nil else { return nil }
            return Value(text, radix: 10)
        }
        return parse(text, as: Value.self)
    }
}
