import ControlPort
import Directory
import TorCore

/// The text of GETINFO `ns/*`, `md/*`, `orconn-status`, `entry-guards` and the ORCONN event
/// (control-spec.txt §3.9, §4.1.3).
extension ControlStatusFormatter {
    /// One router status entry as C tor 0.4.9 prints it on the control port from a microdesc
    /// consensus (observed on a tor 0.4.9.11 client, `GETINFO ns/all`):
    /// `r NICK ID DIGEST PUBLISHED IP ORPORT DIRPORT`, the `a` lines, `s FLAGS`, `w Bandwidth=N`.
    /// ID is the unpadded base64 of the RSA identity digest; DIGEST is the unpadded base64 of
    /// the first 20 bytes of the microdescriptor digest (C tor keeps the microdescriptor digest
    /// where a relay descriptor digest would go and prints its first 20 bytes); the `w` line
    /// carries only Bandwidth (C tor drops Unmeasured=1 there).
    public static func networkStatus(_ entry: RouterStatus) -> String {
        let identity = base64(entry.rsaIdentity)
        let digest = base64(Array(entry.microdescriptorDigest.bytes.prefix(20)))
        var lines = [
            "r \(entry.nickname) \(identity) \(digest) \(DirectoryTime.format(entry.published)) "
                + "\(entry.address) \(entry.orPort) \(entry.dirPort)",
        ]
        lines += entry.additionalAddresses.map { "a " + $0 }
        let flags = RouterFlags.names.filter { entry.flags.contains($0.flag) }.map(\.name) + entry.otherFlags
        lines.append((["s"] + flags.sorted()).joined(separator: " "))
        if let bandwidth = entry.bandwidth { lines.append("w Bandwidth=\(bandwidth.bandwidth)") }
        return lines.joined(separator: "\n")
    }

    /// `ns/all`: every entry, in consensus order.
    public static func networkStatuses(_ directory: ControlledDirectory) -> String {
        directory.entries.map(networkStatus).joined(separator: "\n")
    }

    /// `md/all`: the text of every microdescriptor held, in consensus order, each exactly as
    /// received (C tor prints them back to back, as the directory served them).
    public static func microdescriptors(_ directory: ControlledDirectory) -> String {
        directory.entries.compactMap { directory.microdescriptors[$0.microdescriptorDigest] }.map(microdescriptor).joined()
    }

    /// One microdescriptor's text, ending in a newline.
    public static func microdescriptor(_ descriptor: Microdescriptor) -> String {
        let text = String(decoding: descriptor.bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// An `orconn-status` line: `$FP~nick STATUS`.
    public static func channelStatus(_ channel: ControlledChannel) -> String {
        longName(channel.relay) + " " + channel.status
    }

    /// An ORCONN event body (§4.1.3): `$FP~nick STATUS [REASON=…] ID=N`.
    public static func channelEvent(_ channel: ControlledChannel) -> String {
        channelStatus(channel) + (channel.reason.map { " REASON=" + $0 } ?? "") + " ID=\(channel.id)"
    }

    /// An `entry-guards` line: `$FP~nick STATUS`.
    public static func guardStatus(_ entry: ControlledGuard) -> String {
        longName(entry.relay) + " " + entry.status
    }

    /// Upper-case hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    /// Base64 without `=` padding, as directory documents write identities and digests.
    public static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for byte in chunk { value = value << 8 | Int(byte) }
            value <<= 8 * (3 - chunk.count)
            for position in 0...chunk.count {
                text.append(alphabet[(value >> (18 - 6 * position)) & 0x3F])
            }
            index += 3
        }
        return text
    }
}
