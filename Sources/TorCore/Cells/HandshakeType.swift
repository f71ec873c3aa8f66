/// HTYPE: the circuit handshake carried by CREATE2 and EXTEND2 (tor-spec 5.1, prop 332).
///
/// Open: an unknown type survives decoding. tor 0.4.9 relays accept ntor and ntor v3 only.
public struct HandshakeType: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The original TAP handshake (tor-spec 5.1.3); refused by 0.4.9 relays.
    public static let tap = HandshakeType(rawValue: 0)
    /// Reserved for CREATE_FAST, which has its own cell (tor-spec 5.1).
    public static let fast = HandshakeType(rawValue: 1)
    /// ntor: curve25519 + SHA-256 (tor-spec 5.1.4).
    public static let ntor = HandshakeType(rawValue: 2)
    /// ntor v3, with extra encrypted data (prop 332).
    public static let ntorV3 = HandshakeType(rawValue: 3)

    public var description: String {
        switch self {
        case .tap: "TAP"
        case .fast: "fast"
        case .ntor: "ntor"
        case .ntorV3: "ntor v3"
        default: "handshake type \(rawValue)"
        }
    }
}
