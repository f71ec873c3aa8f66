/// Which hostnames a SOCKS client may ask for.
///
/// Tor refuses a malformed hostname at the SOCKS layer with a general failure rather than send it
/// to an exit. The rule below reproduces what tor 0.4.9 accepts, observed by probing it: an IPv4 or
/// IPv6 literal (IPv6 with or without brackets), or dot-separated labels of ASCII letters, digits,
/// `-` and `_`, where no label is empty, no label starts with `-` or `_`, and one trailing dot is
/// allowed. Stricter than tor in one place: tor cuts a hostname at an embedded NUL and we refuse
/// it, so the name we log and isolate on is the name we send.
public enum SocksHostnameRule {
    /// True when `bytes` is a hostname tor would send to an exit.
    public static func accepts<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard !bytes.isEmpty else { return false }
        if bytes.contains(UInt8(ascii: ":")) { return isIPv6Literal(Array(bytes)) }
        return isDottedName(Array(bytes))
    }

    private static func isDottedName(_ bytes: [UInt8]) -> Bool {
        var labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        return labels.allSatisfy { label in
            guard let first = label.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "_") else {
                return false
            }
            return label.allSatisfy(isLabelByte)
        }
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, one "::" standing for one or more
    /// zero groups, and an optional dotted IPv4 tail counting as two groups.
    static func isIPv6Literal(_ raw: [UInt8]) -> Bool {
        var bytes = raw[...]
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.last == UInt8(ascii: "]"), bytes.count > 2 else { return false }
            bytes = bytes.dropFirst().dropLast()
        }
        let body = Array(bytes)
        let colon = UInt8(ascii: ":")
        var elision: Int?
        for index in body.indices.dropLast() where body[index] == colon && body[index + 1] == colon {
            guard elision == nil else { return false }
            elision = index
        }
        let halves = elision.map { [body[..<$0], body[($0 + 2)...]] } ?? [body[...]]
        var groupCount = 0
        for (index, half) in halves.enumerated() where !half.isEmpty {
            let groups = half.split(separator: colon, omittingEmptySubsequences: false)
            for (position, group) in groups.enumerated() {
                let isLast = index == halves.count - 1 && position == groups.count - 1
                let text = Substring(decoding: group, as: UTF8.self)
                if isLast, text.contains("."), isDottedQuad(text) {
                    groupCount += 2
                } else if (1...4).contains(group.count), text.allSatisfy({ $0.isASCII && $0.isHexDigit }) {
                    groupCount += 1
                } else {
                    return false
                }
            }
        }
        return elision == nil ? groupCount == 8 : groupCount <= 7
    }

    /// Four decimal octets 0–255 of one to three digits (tor accepts leading zeros here).
    static func isDottedQuad(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part) else { return false }
            return value <= 255
        }
    }
}
