import NIOCore

/// The data of a RELAY_CONNECTED message: the address the exit connected to (tor-spec 6.2).
///
/// Three forms: empty (BEGIN_DIR, or an exit that says nothing); IPv4 address (4) and TTL
/// (4); or four zero bytes, address type 6, IPv6 address (16) and TTL (4). An IPv4 form
/// without its TTL is accepted with `ttl` nil. Bytes after these forms are ignored.
public struct ConnectedMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.connected

    /// The address type byte of the IPv6 form.
    public static let ipv6AddressType: UInt8 = 6

    /// The address the exit connected to, or nil for the empty form.
    public var address: IPAddress?
    /// Seconds the address may be cached; nil when the IPv4 form omitted it. The IPv6 form
    /// always carries one, so nil is sent there as 0.
    public var ttl: UInt32?

    /// A CONNECTED message; no address gives the empty form.
    public init(address: IPAddress? = nil, ttl: UInt32? = nil) {
        self.address = address
        self.ttl = ttl
    }

    public init(data: ByteBuffer) throws {
        var data = data
        guard data.readableBytes > 0 else {
            self.init()
            return
        }
        let first = try data.readWireInteger(as: UInt32.self, orThrow: .connectedMalformed, "the CONNECTED address")
        if first != 0 {
            self.init(address: .v4(IPv4Address(rawValue: first)), ttl: data.readInteger(endianness: .big))
            return
        }
        let type = try data.readWireInteger(as: UInt8.self, orThrow: .connectedMalformed, "the CONNECTED address type")
        guard type == Self.ipv6AddressType else {
            throw TorCoreError(
                .connectedMalformed, kind: .protocolViolation,
                "a CONNECTED message has address type \(type) where only 6 (IPv6) is defined; "
                    + "the stream is closed")
        }
        guard let address = IPv6Address.read(from: &data) else {
            throw TorCoreError.truncated(.connectedMalformed, "the CONNECTED IPv6 address")
        }
        let ttl = try data.readWireInteger(as: UInt32.self, orThrow: .connectedMalformed, "the CONNECTED TTL")
        self.init(address: .v6(address), ttl: ttl)
    }

    public func encode(into data: inout ByteBuffer) throws {
        switch address {
        case nil:
            return
        case .v4(let address):
            // Four zero bytes announce the IPv6 form, so 0.0.0.0 has no IPv4 encoding.
            guard address.rawValue != 0 else {
                throw TorCoreError(
                    .connectedUnencodableAddress, kind: .internalFailure,
                    "0.0.0.0 cannot be sent in a CONNECTED message; send the empty form instead")
            }
            address.write(into: &data)
            if let ttl { data.writeInteger(ttl, endianness: .big) }
        case .v6(let address):
            data.writeInteger(UInt32(0))
            data.writeInteger(Self.ipv6AddressType)
            address.write(into: &data)
            data.writeInteger(ttl ?? 0, endianness: .big)
        }
    }
}
