import NIOCore

/// The payload of a CERTS cell: the certificates a party claims its keys with (tor-spec 4.2).
///
/// Layout: N (1 byte), then N times CertType (1), CLEN (2), certificate (CLEN). Extra bytes
/// after the last certificate are ignored. A CERTS cell holds at most one certificate of each
/// type, so a repeated type is malformed. Bodies are kept as sent; parsing them is the
/// verifier's job (`Ed25519Certificate`, `RSACrosscert`, X.509 in Crypto).
public struct CertsMessage: CellMessage, Hashable {
    public static let command = CellCommand.certs

    /// The largest number of certificates the 1-byte count can announce.
    public static let maximumCount = Int(UInt8.max)

    /// The largest certificate the 2-byte CLEN can announce.
    public static let maximumCertificateLength = Int(UInt16.max)

    /// One certificate as sent: its type and its undecoded bytes.
    public struct Entry: Hashable, Sendable {
        /// What kind of certificate the body is.
        public var type: CertType
        /// The certificate bytes: X.509 DER for types 1–3, cert-spec encodings otherwise.
        public var body: [UInt8]

        /// One certificate of `type`.
        public init(type: CertType, body: [UInt8]) {
            self.type = type
            self.body = body
        }
    }

    /// The certificates, in the order sent.
    public var certificates: [Entry]

    /// A CERTS message listing `certificates` in order.
    public init(certificates: [Entry]) { self.certificates = certificates }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        let count = try payload.readWireInteger(as: UInt8.self, orThrow: .certsTruncated, "the CERTS count")
        var certificates: [Entry] = []
        certificates.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let type = CertType(
                rawValue: try payload.readWireInteger(orThrow: .certsTruncated, "the type of certificate \(index)"))
            let length = try payload.readWireInteger(
                as: UInt16.self, orThrow: .certsTruncated, "the length of certificate \(index)")
            let body = try payload.readWireBytes(
                length: Int(length), orThrow: .certsTruncated, "certificate \(index) (\(type))")
            guard !certificates.contains(where: { $0.type == type }) else {
                throw TorCoreError(
                    .certsDuplicateType, kind: .protocolViolation,
                    "the peer's CERTS cell holds more than one \(type); tor-spec 4.2 allows one "
                        + "of each type, so the connection is closed")
            }
            certificates.append(Entry(type: type, body: body))
        }
        self.certificates = certificates
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard certificates.count <= Self.maximumCount else {
            throw TorCoreError(
                .certsTooMany, kind: .badInput,
                "\(certificates.count) certificates do not fit one CERTS cell (at most "
                    + "\(Self.maximumCount)); send fewer")
        }
        for entry in certificates where entry.body.count > Self.maximumCertificateLength {
            throw TorCoreError.tooLong(
                .certsCertificateTooLong, "the \(entry.type)", limit: Self.maximumCertificateLength,
                actual: entry.body.count)
        }
        payload.writeInteger(UInt8(certificates.count))
        for entry in certificates {
            payload.writeInteger(entry.type.rawValue)
            payload.writeInteger(UInt16(entry.body.count), endianness: .big)
            payload.writeBytes(entry.body)
        }
    }

    /// The body of the certificate of `type`, or nil when the cell has none.
    public func certificate(ofType type: CertType) -> [UInt8]? {
        certificates.first { $0.type == type }?.body
    }
}
