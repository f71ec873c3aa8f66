import NIOCore

/// The data of a RELAY_END message: why a stream closed (tor-spec 6.3).
///
/// Layout: reason (1); for ``EndReason/exitPolicy`` also an IPv4 (4) or IPv6 (16) address and
/// a TTL (4). Following tor-spec 6.3, an empty END reads as MISC, an absent TTL as nil
/// (treat as 0xFFFFFFFF), and an absent or odd-length address as nil, never an error.
public struct EndMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.end

    /// What tor-spec 6.3 says an absent exit-policy TTL means.
    public static let defaultExitPolicyTTL = UInt32.max

    /// Why the stream closed.
    public var reason: EndReason
    /// For ``EndReason/exitPolicy``: the address the exit refused, when sent.
    public var exitPolicyAddress: IPAddress?
    /// For ``EndReason/exitPolicy``: how long to remember the refusal, when sent.
    public var exitPolicyTTL: UInt32?

    /// An END with `reason`; the address and TTL are encoded only for ``EndReason/exitPolicy``.
    public init(reason: EndReason, exitPolicyAddress: IPAddress? = nil, exitPolicyTTL: UInt32? = nil) {
        self.reason = reason
        self.exitPolicyAddress = exitPolicyAddress
        self.exitPolicyTTL = exitPolicyTTL
    }

    public init(data: ByteBuffer) throws {
        var data = data
        guard let reason = data.readInteger(as: UInt8.self).map(EndReason.init(rawValue:)) else {
            self.init(reason: .misc)
            return
        }
        guard reason == .exitPolicy else {
            self.init(reason: reason)
            return
        }
        var address: IPAddress?
        switch data.readableBytes {
        case 4, 8:
            address = .v4(IPv4Address(rawValue: data.readInteger(endianness: .big)!))
        case 16, 20:
            address = IPv6Address.read(from: &data).map(IPAddress.v6)
        default:
            break
        }
        let ttl: UInt32? = address == nil ? nil : data.readInteger(endianness: .big)
        self.init(reason: reason, exitPolicyAddress: address, exitPolicyTTL: ttl)
    }

    public func encode(into data: inout ByteBuffer) throws {
        data.writeInteger(reason.rawValue)
        guard reason == .exitPolicy, let exitPolicyAddress else { return }
        switch exitPolicyAddress {
        case .v4(let address): address.write(into: &data)
        case .v6(let address): address.write(into: &data)
        }
        if let exitPolicyTTL {
            data.writeInteger(exitPolicyTTL, endianness: .big)
        }
    }
}
