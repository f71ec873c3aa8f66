/// A bounds-checked big-endian reader over a certificate's bytes, throwing
/// `certificate.truncated` when a field runs past the end (cert-spec 2.1: a truncated
/// certificate is invalid).
struct CertificateReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int, _ field: @autoclosure () -> String) throws -> [UInt8] {
        guard count <= remaining else {
            throw TorCoreError(
                .certificateTruncated, kind: .protocolViolation,
                "\(field()) runs past the end of a \(bytes.count)-byte certificate; it is refused")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte(_ field: @autoclosure () -> String) throws -> UInt8 {
        try bytes(1, field())[0]
    }

    mutating func uint16(_ field: @autoclosure () -> String) throws -> UInt16 {
        try bytes(2, field()).reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func uint32(_ field: @autoclosure () -> String) throws -> UInt32 {
        try bytes(4, field()).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
