/// The REP octet of a SOCKS5 reply (RFC 1928 §6), with Tor's extended codes (proposal 304,
/// the `ExtendedErrors` SocksPort flag in tor(1)).
///
/// An open set: a reply code the server does not know by name still encodes and decodes.
public struct SocksReplyCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public let rawValue: UInt8
    /// Wraps any wire value, known or not.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// X'00' succeeded.
    public static let succeeded = SocksReplyCode(rawValue: 0x00)
    /// X'01' general SOCKS server failure.
    public static let generalFailure = SocksReplyCode(rawValue: 0x01)
    /// X'02' connection not allowed by ruleset (Tor: the exit policy refused it).
    public static let notAllowedByRuleset = SocksReplyCode(rawValue: 0x02)
    /// X'03' network unreachable.
    public static let networkUnreachable = SocksReplyCode(rawValue: 0x03)
    /// X'04' host unreachable (Tor: the exit could not resolve the hostname).
    public static let hostUnreachable = SocksReplyCode(rawValue: 0x04)
    /// X'05' connection refused.
    public static let connectionRefused = SocksReplyCode(rawValue: 0x05)
    /// X'06' TTL expired (Tor: the stream timed out).
    public static let ttlExpired = SocksReplyCode(rawValue: 0x06)
    /// X'07' command not supported.
    public static let commandNotSupported = SocksReplyCode(rawValue: 0x07)
    /// X'08' address type not supported.
    public static let addressTypeNotSupported = SocksReplyCode(rawValue: 0x08)

    /// X'F0' the onion service descriptor cannot be found on the hashring.
    public static let onionServiceDescriptorNotFound = SocksReplyCode(rawValue: 0xF0)
    /// X'F1' the onion service descriptor cannot be parsed or its signature is invalid.
    public static let onionServiceDescriptorInvalid = SocksReplyCode(rawValue: 0xF1)
    /// X'F2' every introduction attempt failed (NACK or timeout).
    public static let onionServiceIntroductionFailed = SocksReplyCode(rawValue: 0xF2)
    /// X'F3' every rendezvous circuit timed out.
    public static let onionServiceRendezvousFailed = SocksReplyCode(rawValue: 0xF3)
    /// X'F4' the descriptor needs client authorization and none is configured.
    public static let onionServiceMissingClientAuthorization = SocksReplyCode(rawValue: 0xF4)
    /// X'F5' the configured client authorization cannot decrypt the descriptor.
    public static let onionServiceWrongClientAuthorization = SocksReplyCode(rawValue: 0xF5)
    /// X'F6' the .onion address is invalid (checksum, key or encoding).
    public static let onionServiceInvalidAddress = SocksReplyCode(rawValue: 0xF6)
    /// X'F7' every introduction attempt timed out.
    public static let onionServiceIntroductionTimedOut = SocksReplyCode(rawValue: 0xF7)

    /// True for Tor's extended codes X'F0'–X'F7', which tor sends only on a SocksPort with
    /// `ExtendedErrors`; elsewhere they become ``generalFailure`` (observed from tor 0.4.9).
    public var isExtended: Bool { (0xF0...0xF7).contains(rawValue) }

    /// This code as a port without `ExtendedErrors` sends it.
    public func downgraded(extendedErrors: Bool) -> SocksReplyCode {
        isExtended && !extendedErrors ? .generalFailure : self
    }

    /// A readable name, for logs and test output.
    public var description: String {
        switch self {
        case .succeeded: "succeeded"
        case .generalFailure: "general failure"
        case .notAllowedByRuleset: "not allowed by ruleset"
        case .networkUnreachable: "network unreachable"
        case .hostUnreachable: "host unreachable"
        case .connectionRefused: "connection refused"
        case .ttlExpired: "TTL expired"
        case .commandNotSupported: "command not supported"
        case .addressTypeNotSupported: "address type not supported"
        case .onionServiceDescriptorNotFound: "onion service descriptor not found"
        case .onionServiceDescriptorInvalid: "onion service descriptor invalid"
        case .onionServiceIntroductionFailed: "onion service introduction failed"
        case .onionServiceRendezvousFailed: "onion service rendezvous failed"
        case .onionServiceMissingClientAuthorization: "onion service missing client authorization"
        case .onionServiceWrongClientAuthorization: "onion service wrong client authorization"
        case .onionServiceInvalidAddress: "onion service invalid address"
        case .onionServiceIntroductionTimedOut: "onion service introduction timed out"
        default: "reply code \(rawValue)"
        }
    }
}
