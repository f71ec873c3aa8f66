/// Base64 (RFC 4648 section 4, standard alphabet) as Tor's directory documents use it.
///
/// Tor writes some values with their trailing "=" and some without (dir-spec 3.3: identities,
/// microdescriptor digests and ntor keys are unpadded; objects are padded), so decoding accepts
/// both, and rejects padding that does not complete a 4-character group. Unused low bits of
/// the last character are not required to be zero: tor writes them as zero, and C tor does not
/// check them either, so refusing them would only reject documents tor accepts.
enum DirectoryBase64 {
    /// The 64 characters, in value order.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    /// Decodes `text`, padded or unpadded; nil when it is not base64.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(bytes: Array(text.utf8))
    }

    /// Decodes base64 characters given as bytes; nil when they are not base64.
    static func decode(bytes characters: [UInt8]) -> [UInt8]? {
        var end = characters.count
        var padding = 0
        while end > 0, characters[end - 1] == UInt8(ascii: "="), padding < 2 {
            end -= 1
            padding += 1
        }
        if padding > 0, characters.count % 4 != 0 { return nil }
        // A lone character left over carries only 6 bits: not a whole byte.
        if end % 4 == 1 { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(end * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<end {
            let value = values[Int(characters[index])]
            if value == 0xFF { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// Encodes `bytes`, with trailing "=" when `padded`.
    static func encode(_ bytes: [UInt8], padded: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = min(3, bytes.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group = (group << 8) | UInt32(offset < remaining ? bytes[index + offset] : 0)
            }
            for position in 0..<(remaining + 1) {
                output.append(alphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)])
            }
            if padded {
                for _ in remaining..<3 { output.append(UInt8(ascii: "=")) }
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
