/// Small text decoders shared by the torrc option readers: hex and base64.
enum TorrcText {
    /// The bytes of an even-length hex string (either case), or nil.
    static func hexBytes<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = digits[index].torrcHexValue, let low = digits[index + 1].torrcHexValue else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// Upper-case hex, the way tor prints fingerprints.
    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A weight as a torrc writes it: `2` rather than `2.0`, `2.5` as is.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// The bytes of standard base64 (RFC 4648 §4), with or without `=` padding, or nil.
    /// Tor writes ed25519 keys in base64 without padding (dir-spec.txt, "master-key-ed25519").
    static func base64Bytes<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        var symbols = Array(text.utf8)
        while symbols.last == UInt8(ascii: "=") { symbols.removeLast() }
        guard symbols.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        for symbol in symbols {
            guard let value = base64Value(symbol) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
            }
        }
        // Leftover bits must be zero, or the text was not produced by an encoder.
        guard accumulator & ((1 << UInt32(bitCount)) - 1) == 0 else { return nil }
        return bytes
    }

    private static func base64Value(_ symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return symbol - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return symbol - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return symbol - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

/// A relay's RSA identity fingerprint: the SHA-1 digest of its identity key, 20 bytes, written as
/// 40 hex digits (tor-spec.txt §0.3, "fingerprint"; dir-spec.txt).
public struct RelayFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The number of bytes in a fingerprint (SHA-1 output).
    public static let byteCount = 20

    /// The 20 digest bytes.
    public let bytes: [UInt8]

    /// Reads 40 hex digits (either case); spaces between groups, as tor prints them
    /// (`1A25 C635 ...`), are allowed. Nil for anything else.
    public init?<Text: StringProtocol>(hex text: Text) {
        let digits = String(text.filter { $0 != " " && $0 != "\t" })
        guard digits.utf8.count == Self.byteCount * 2, let bytes = TorrcText.hexBytes(digits) else { return nil }
        self.bytes = bytes
    }

    /// 40 upper-case hex digits.
    public var description: String { TorrcText.hexString(bytes) }
}
