import NIOCore

/// The data of a RELAY_EXTEND2 message: extend the circuit to the relay the link specifiers
/// describe, with the given CREATE2 handshake (tor-spec 5.1.2).
///
/// Layout: NSPEC (1), NSPEC link specifiers, HTYPE (2), HLEN (2), HDATA (HLEN). At most one
/// legacy and one Ed25519 identity may be listed: more is malformed. Send specifiers in the
/// order [IPv4, legacy identity, Ed25519 identity, IPv6] for indistinguishability.
public struct Extend2Message: RelayMessage, Hashable {
    public static let command = RelayCommand.extend2

    /// The largest number of specifiers the 1-byte NSPEC can announce.
    public static let maximumLinkSpecifierCount = Int(UInt8.max)

    /// How to reach and authenticate the next hop.
    public var linkSpecifiers: [LinkSpecifier]
    /// HTYPE of the CREATE2 the extending relay sends.
    public var handshakeType: HandshakeType
    /// HDATA of that CREATE2: the client's onion skin.
    public var handshakeData: [UInt8]

    /// An EXTEND2 to the relay `linkSpecifiers` describe.
    public init(linkSpecifiers: [LinkSpecifier], handshakeType: HandshakeType, handshakeData: [UInt8]) {
        self.linkSpecifiers = linkSpecifiers
        self.handshakeType = handshakeType
        self.handshakeData = handshakeData
    }

    public init(data: ByteBuffer) throws {
        var data = data
        let count = try data.readWireInteger(as: UInt8.self, orThrow: .extend2Truncated, "the EXTEND2 NSPEC")
        var specifiers: [LinkSpecifier] = []
        specifiers.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let specifier = try LinkSpecifier.read(from: &data, index: index)
            let isIdentity = specifier.type == LinkSpecifier.legacyIdentityType
                || specifier.type == LinkSpecifier.ed25519IdentityType
            if isIdentity, specifiers.contains(where: { $0.type == specifier.type }) {
                throw TorCoreError(
                    .extend2DuplicateIdentity, kind: .protocolViolation,
                    "an EXTEND2 message lists two identity specifiers of type \(specifier.type); "
                        + "tor-spec 5.1.2 allows one, so it is refused")
            }
            specifiers.append(specifier)
        }
        linkSpecifiers = specifiers
        handshakeType = HandshakeType(
            rawValue: try data.readWireInteger(orThrow: .extend2Truncated, "the EXTEND2 handshake type"))
        let length = try data.readWireInteger(as: UInt16.self, orThrow: .extend2Truncated, "the EXTEND2 HLEN")
        handshakeData = try data.readWireBytes(
            length: Int(length), orThrow: .extend2Truncated, "the EXTEND2 handshake data")
    }

    public func encode(into data: inout ByteBuffer) throws {
        guard linkSpecifiers.count <= Self.maximumLinkSpecifierCount else {
            throw TorCoreError(
                .extend2TooManyLinkSpecifiers, kind: .internalFailure,
                "\(linkSpecifiers.count) link specifiers do not fit EXTEND2's 1-byte count; "
                    + "this is a bug in the caller")
        }
        guard handshakeData.count <= Int(UInt16.max) else {
            throw TorCoreError.tooLong(
                .extend2HandshakeTooLong, "EXTEND2 handshake data", limit: Int(UInt16.max),
                actual: handshakeData.count)
        }
        try data.writeAllOrNothing { data in
            data.writeInteger(UInt8(linkSpecifiers.count))
            for specifier in linkSpecifiers {
                try specifier.write(into: &data)
            }
            data.writeInteger(handshakeType.rawValue, endianness: .big)
            data.writeInteger(UInt16(handshakeData.count), endianness: .big)
            data.writeBytes(handshakeData)
        }
    }
}
