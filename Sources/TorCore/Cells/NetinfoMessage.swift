import NIOCore

/// The payload of a NETINFO cell, the last step of the link handshake (tor-spec 4.5).
///
/// Layout: TIME (4), OTHERADDR, NMYADDR (1), NMYADDR addresses. Extra bytes are ignored.
/// Clients send a zero timestamp and no addresses of their own, to avoid fingerprinting.
public struct NetinfoMessage: CellMessage, Hashable {
    public static let command = CellCommand.netinfo

    /// The largest number of own addresses the 1-byte count can announce.
    public static let maximumAddressCount = Int(UInt8.max)

    /// Seconds since the Unix epoch at the sender (0 from clients).
    public var timestamp: UInt32
    /// The address the sender sees its peer at.
    public var otherAddress: NetinfoAddress
    /// The sender's own addresses (empty from clients).
    public var myAddresses: [NetinfoAddress]

    /// A NETINFO with the given time and addresses.
    public init(timestamp: UInt32, otherAddress: NetinfoAddress, myAddresses: [NetinfoAddress]) {
        self.timestamp = timestamp
        self.otherAddress = otherAddress
        self.myAddresses = myAddresses
    }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        timestamp = try payload.readWireInteger(orThrow: .netinfoTruncated, "the NETINFO timestamp")
        otherAddress = try NetinfoAddress.read(from: &payload, "the NETINFO other address")
        let count = try payload.readWireInteger(as: UInt8.self, orThrow: .netinfoTruncated, "the NETINFO address count")
        var myAddresses: [NetinfoAddress] = []
        myAddresses.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            myAddresses.append(try NetinfoAddress.read(from: &payload, "NETINFO address \(index)"))
        }
        self.myAddresses = myAddresses
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard myAddresses.count <= Self.maximumAddressCount else {
            throw TorCoreError(
                .netinfoTooManyAddresses, kind: .badInput,
                "\(myAddresses.count) addresses do not fit one NETINFO cell (at most "
                    + "\(Self.maximumAddressCount)); list fewer")
        }
        try payload.writeAllOrNothing { payload in
            payload.writeInteger(timestamp, endianness: .big)
            try otherAddress.write(into: &payload)
            payload.writeInteger(UInt8(myAddresses.count))
            for address in myAddresses {
                try address.write(into: &payload)
            }
        }
    }
}
