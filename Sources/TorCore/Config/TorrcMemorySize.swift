/// Memory sizes and bandwidths in a torrc: a number, optionally with a fraction, then an
/// optional unit; a bare number is bytes (tor(1), options typed
/// "N bytes|KBytes|MBytes|GBytes|TBytes|KBits|MBits|GBits|TBits").
///
/// The unit table is tor 0.4.9's, checked by running it: units are case-insensitive, binary
/// (1 KB = 1024 bytes), bit units are an eighth of the byte unit (1 kbit = 128 bytes), and of the
/// one-letter forms only `m` (megabytes) exists.
public enum TorrcMemorySize {
    private static let kilo: UInt64 = 1 << 10
    private static let mega: UInt64 = 1 << 20
    private static let giga: UInt64 = 1 << 30
    private static let tera: UInt64 = 1 << 40

    /// Bytes per unit, keyed by lowercased unit name ("" is a bare number).
    private static let bytesPerUnit: [String: UInt64] = {
        var table: [String: UInt64] = ["": 1, "b": 1, "byte": 1, "bytes": 1, "m": mega]
        let prefixes: [(short: String, long: String, size: UInt64)] = [
            ("k", "kilo", kilo), ("m", "mega", mega), ("g", "giga", giga), ("t", "tera", tera),
        ]
        for prefix in prefixes {
            for name in ["\(prefix.short)b", "\(prefix.short)byte", "\(prefix.short)bytes",
                         "\(prefix.long)byte", "\(prefix.long)bytes"] {
                table[name] = prefix.size
            }
            for name in ["\(prefix.short)bit", "\(prefix.short)bits", "\(prefix.long)bit", "\(prefix.long)bits"] {
                table[name] = prefix.size / 8
            }
        }
        return table
    }()

    /// The number of bytes `text` denotes, or nil when it is not a memory size or overflows.
    public static func parse(_ text: String) -> UInt64? {
        guard let (number, unit) = TorrcNumber.split(text),
              let perUnit = bytesPerUnit[unit.lowercased()]
        else { return nil }
        let bytes = (number * Double(perUnit)).rounded()
        guard bytes < Double(UInt64.max) else { return nil }
        return UInt64(bytes)
    }

    /// The size in the largest binary unit that divides it exactly: `512 MB`, `1536 KB`, `100 bytes`.
    public static func format(_ bytes: UInt64) -> String {
        for (size, name) in [(tera, "TB"), (giga, "GB"), (mega, "MB"), (kilo, "KB")]
        where bytes != 0 && bytes % size == 0 {
            return "\(bytes / size) \(name)"
        }
        return "\(bytes) bytes"
    }
}
