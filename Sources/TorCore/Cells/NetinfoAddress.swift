import NIOCore

/// One address in a NETINFO cell: ATYPE (1), ALEN (1), AVAL (ALEN) (tor-spec 4.5).
///
/// An address of a known type with the wrong length is not an error: tor-spec 4.5 says to
/// ignore it, so it decodes as ``unknown(type:value:)`` and re-encodes byte-exact.
public enum NetinfoAddress: Hashable, Sendable {
    /// ATYPE 4, ALEN 4.
    case ipv4(IPv4Address)
    /// ATYPE 6, ALEN 16.
    case ipv6(IPv6Address)
    /// Any other type, or a known type with the wrong length.
    case unknown(type: UInt8, value: [UInt8])

    /// ATYPE of an IPv4 address.
    public static let ipv4Type: UInt8 = 4
    /// ATYPE of an IPv6 address.
    public static let ipv6Type: UInt8 = 6

    /// The address as an `IPAddress`, or nil for ``unknown(type:value:)``.
    public var ipAddress: IPAddress? {
        switch self {
        case .ipv4(let address): .v4(address)
        case .ipv6(let address): .v6(address)
        case .unknown: nil
        }
    }

    /// The NETINFO form of an IP address.
    public init(_ address: IPAddress) {
        switch address {
        case .v4(let v4): self = .ipv4(v4)
        case .v6(let v6): self = .ipv6(v6)
        }
    }

    /// Reads one address; throws `netinfo.truncated` when it runs past the payload.
    static func read(from payload: inout ByteBuffer, _ field: String) throws -> NetinfoAddress {
        let type = try payload.readWireInteger(as: UInt8.self, orThrow: .netinfoTruncated, "the type of \(field)")
        let length = try payload.readWireInteger(as: UInt8.self, orThrow: .netinfoTruncated, "the length of \(field)")
        var value = try payload.readWireSlice(length: Int(length), orThrow: .netinfoTruncated, field)
        switch (type, Int(length)) {
        case (ipv4Type, IPv4Address.byteCount):
            return .ipv4(IPv4Address(rawValue: value.readInteger(endianness: .big)!))
        case (ipv6Type, IPv6Address.byteCount):
            return .ipv6(IPv6Address.read(from: &value)!)
        default:
            return .unknown(type: type, value: Array(value.readableBytesView))
        }
    }

    /// Appends ATYPE, ALEN and AVAL; throws when an unknown value exceeds 255 bytes.
    func write(into payload: inout ByteBuffer) throws {
        switch self {
        case .ipv4(let address):
            payload.writeInteger(Self.ipv4Type)
            payload.writeInteger(UInt8(IPv4Address.byteCount))
            address.write(into: &payload)
        case .ipv6(let address):
            payload.writeInteger(Self.ipv6Type)
            payload.writeInteger(UInt8(IPv6Address.byteCount))
            address.write(into: &payload)
        case .unknown(let type, let value):
            guard value.count <= Int(UInt8.max) else {
                throw TorCoreError.tooLong(
                    .netinfoAddressTooLong, "a NETINFO address", limit: Int(UInt8.max), actual: value.count)
            }
            payload.writeInteger(type)
            payload.writeInteger(UInt8(value.count))
            payload.writeBytes(value)
        }
    }
}
