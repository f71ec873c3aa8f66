import NIOCore

/// One link specifier of an EXTEND2 message: how the extending relay finds and checks the
/// next hop (tor-spec 5.1.2).
///
/// Layout: LSTYPE (1), LSLEN (1), LSPEC (LSLEN). Known types must have their fixed length;
/// unknown types keep their bytes and re-encode unchanged (relays must ignore them).
public enum LinkSpecifier: Hashable, Sendable {
    /// Type 0: IPv4 address (4) and ORPort (2).
    case ipv4(IPv4Address, port: UInt16)
    /// Type 1: IPv6 address (16) and ORPort (2).
    case ipv6(IPv6Address, port: UInt16)
    /// Type 2: the 20-byte SHA-1 RSA identity fingerprint.
    case legacyIdentity([UInt8])
    /// Type 3: the 32-byte Ed25519 identity key.
    case ed25519Identity([UInt8])
    /// Any other type, with its bytes as sent.
    case unknown(type: UInt8, data: [UInt8])

    /// LSTYPE of ``ipv4(_:port:)`` (tor-spec 5.1.2).
    public static let ipv4Type: UInt8 = 0
    /// LSTYPE of ``ipv6(_:port:)``.
    public static let ipv6Type: UInt8 = 1
    /// LSTYPE of ``legacyIdentity(_:)``.
    public static let legacyIdentityType: UInt8 = 2
    /// LSTYPE of ``ed25519Identity(_:)``.
    public static let ed25519IdentityType: UInt8 = 3

    /// LSLEN of ``ipv4(_:port:)``.
    public static let ipv4Length = 6
    /// LSLEN of ``ipv6(_:port:)``.
    public static let ipv6Length = 18
    /// LSLEN of ``legacyIdentity(_:)``.
    public static let legacyIdentityLength = 20
    /// LSLEN of ``ed25519Identity(_:)``.
    public static let ed25519IdentityLength = 32

    /// This specifier's LSTYPE.
    public var type: UInt8 {
        switch self {
        case .ipv4: Self.ipv4Type
        case .ipv6: Self.ipv6Type
        case .legacyIdentity: Self.legacyIdentityType
        case .ed25519Identity: Self.ed25519IdentityType
        case .unknown(let type, _): type
        }
    }

    /// Reads one specifier; throws `linkSpecifier.truncated` or `linkSpecifier.badLength`.
    static func read(from data: inout ByteBuffer, index: Int) throws -> LinkSpecifier {
        let type = try data.readWireInteger(as: UInt8.self, orThrow: .linkSpecifierTruncated, "the type of link specifier \(index)")
        let length = Int(try data.readWireInteger(as: UInt8.self, orThrow: .linkSpecifierTruncated, "the length of link specifier \(index)"))
        var body = try data.readWireSlice(length: length, orThrow: .linkSpecifierTruncated, "link specifier \(index)")
        let expected: Int? = switch type {
        case ipv4Type: ipv4Length
        case ipv6Type: ipv6Length
        case legacyIdentityType: legacyIdentityLength
        case ed25519IdentityType: ed25519IdentityLength
        default: nil
        }
        if let expected, expected != length {
            throw TorCoreError(
                .linkSpecifierBadLength, kind: .protocolViolation,
                "link specifier \(index) of type \(type) is \(length) bytes long where tor-spec "
                    + "5.1.2 says \(expected); the EXTEND2 message is malformed")
        }
        switch type {
        case ipv4Type:
            return .ipv4(IPv4Address(rawValue: body.readInteger(endianness: .big)!), port: body.readInteger(endianness: .big)!)
        case ipv6Type:
            return .ipv6(IPv6Address.read(from: &body)!, port: body.readInteger(endianness: .big)!)
        case legacyIdentityType:
            return .legacyIdentity(Array(body.readableBytesView))
        case ed25519IdentityType:
            return .ed25519Identity(Array(body.readableBytesView))
        default:
            return .unknown(type: type, data: Array(body.readableBytesView))
        }
    }

    /// Appends LSTYPE, LSLEN and LSPEC; throws `linkSpecifier.badLength` when an identity
    /// has the wrong length or unknown data exceeds 255 bytes.
    func write(into data: inout ByteBuffer) throws {
        data.writeInteger(type)
        switch self {
        case .ipv4(let address, let port):
            data.writeInteger(UInt8(Self.ipv4Length))
            address.write(into: &data)
            data.writeInteger(port, endianness: .big)
        case .ipv6(let address, let port):
            data.writeInteger(UInt8(Self.ipv6Length))
            address.write(into: &data)
            data.writeInteger(port, endianness: .big)
        case .legacyIdentity(let bytes):
            try Self.writeBody(bytes, expected: Self.legacyIdentityLength, into: &data)
        case .ed25519Identity(let bytes):
            try Self.writeBody(bytes, expected: Self.ed25519IdentityLength, into: &data)
        case .unknown(_, let bytes):
            try Self.writeBody(bytes, expected: nil, into: &data)
        }
    }

    private static func writeBody(_ bytes: [UInt8], expected: Int?, into data: inout ByteBuffer) throws {
        guard bytes.count == (expected ?? bytes.count), bytes.count <= Int(UInt8.max) else {
            throw TorCoreError(
                .linkSpecifierBadLength, kind: .internalFailure,
                "a link specifier body of \(bytes.count) bytes does not fit its type"
                    + (expected.map { " (which needs \($0))" } ?? " (at most 255)")
                    + "; this is a bug in the caller")
        }
        data.writeInteger(UInt8(bytes.count))
        data.writeBytes(bytes)
    }
}
