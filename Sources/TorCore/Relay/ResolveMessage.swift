import NIOCore

/// The data of a RELAY_RESOLVE message: a hostname for the exit to look up, NUL-terminated
/// (tor-spec 6.4). Reverse lookups send the in-addr.arpa (or ip6.arpa) name of the address.
public struct ResolveMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.resolve

    /// The name to resolve, without the terminating NUL.
    public var hostname: String

    /// A RESOLVE for `hostname`.
    public init(hostname: String) { self.hostname = hostname }

    /// A reverse lookup of `address`: "4.3.2.1.in-addr.arpa" for 1.2.3.4, and the nibble form
    /// under "ip6.arpa" for IPv6.
    public static func reverseLookup(of address: IPAddress) -> ResolveMessage {
        switch address {
        case .v4(let v4):
            return ResolveMessage(hostname: v4.bytes.reversed().map(String.init).joined(separator: ".") + ".in-addr.arpa")
        case .v6(let v6):
            let nibbles = v6.bytes.reversed().flatMap { [String($0 & 0x0F, radix: 16), String($0 >> 4, radix: 16)] }
            return ResolveMessage(hostname: nibbles.joined(separator: ".") + ".ip6.arpa")
        }
    }

    public init(data: ByteBuffer) throws {
        var data = data
        let bytes = try data.readNulTerminatedBytes(orThrow: .resolveUnterminated, "the RESOLVE hostname")
        guard let hostname = exactUTF8String(bytes) else {
            throw TorCoreError(
                .resolveMalformedHostname, kind: .protocolViolation,
                "a RESOLVE hostname is not valid UTF-8; the request is refused")
        }
        self.hostname = hostname
    }

    public func encode(into data: inout ByteBuffer) throws {
        guard !hostname.isEmpty, !hostname.utf8.contains(0) else {
            throw TorCoreError(
                .resolveMalformedHostname, kind: .badInput,
                "cannot resolve \(Redacted(hostname)): a hostname must be non-empty and contain no NUL")
        }
        data.writeString(hostname)
        data.writeInteger(UInt8(0))
    }
}
