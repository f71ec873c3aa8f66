import NIOCore

extension SocksTarget {
    /// Reads ATYP and the address that follows it (RFC 1928 §5) from `buffer`, which the caller
    /// restores on nil or throw.
    ///
    /// Returns nil when more bytes are needed. Throws ``SocksError/Code/addressTypeUnsupported``
    /// for an unknown ATYP and ``SocksError/Code/hostnameMalformed`` for a zero-length hostname
    /// or, when `validatingHostname`, one that ``SocksHostnameRule`` refuses.
    static func readSocks5(from buffer: inout ByteBuffer, validatingHostname: Bool) throws -> SocksTarget? {
        guard let rawType = buffer.readInteger(as: UInt8.self) else { return nil }
        switch SocksAddressType(rawValue: rawType) {
        case .ipv4:
            return buffer.readInteger(as: UInt32.self).map { .ipv4(SocksIPv4Address(rawValue: $0)) }
        case .ipv6:
            guard let halves = buffer.readMultipleIntegers(as: (UInt64, UInt64).self) else { return nil }
            return .ipv6(SocksIPv6Address(high: halves.0, low: halves.1))
        case .domainName:
            guard let length = buffer.readInteger(as: UInt8.self) else { return nil }
            guard Int(length) >= SocksLimits.minimumHostnameLength else {
                throw SocksError(.hostnameMalformed, kind: .badInput,
                                 "The SOCKS5 request has an empty hostname; ask for a host by name or address.")
            }
            guard let bytes = buffer.readBytes(length: Int(length)) else { return nil }
            return .hostname(try validatedHostname(bytes, validating: validatingHostname))
        default:
            throw SocksError(.addressTypeUnsupported, kind: .badInput,
                             "The SOCKS5 request uses address type \(rawType); use 1 (IPv4), 3 (hostname) or 4 (IPv6).")
        }
    }

    /// The hostname as a String, after the rule check when asked for.
    static func validatedHostname(_ bytes: [UInt8], validating: Bool) throws -> String {
        if validating {
            guard SocksHostnameRule.accepts(bytes) else {
                throw SocksError(.hostnameMalformed, kind: .badInput,
                                 "The application asked for a malformed hostname; check the address it was given.")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
