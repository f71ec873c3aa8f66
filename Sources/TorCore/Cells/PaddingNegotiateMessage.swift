import NIOCore

/// The payload of a PADDING_NEGOTIATE cell, link protocol 5 (tor-spec 7.2, padding-spec).
///
/// Layout: version (1, only 0 is defined), command (1: 1 stop, 2 start), ito_low_ms (2),
/// ito_high_ms (2), then padding.
public struct PaddingNegotiateMessage: CellMessage, Hashable {
    public static let command = CellCommand.paddingNegotiate

    /// The padding command: open, so an unknown value survives.
    public struct Command: Hashable, Sendable, RawRepresentable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Ask the peer to stop channel padding.
        public static let stop = Command(rawValue: 1)
        /// Ask the peer to start channel padding with the given timeouts.
        public static let start = Command(rawValue: 2)
    }

    /// The cell format version; only 0 is defined.
    public var version: UInt8
    /// Start or stop padding.
    public var paddingCommand: Command
    /// Low bound of the randomized inactivity timeout, milliseconds.
    public var inactivityTimeoutLow: UInt16
    /// High bound of the randomized inactivity timeout, milliseconds.
    public var inactivityTimeoutHigh: UInt16

    /// A PADDING_NEGOTIATE request; the timeouts matter only for ``Command/start``.
    public init(
        version: UInt8 = 0, paddingCommand: Command, inactivityTimeoutLow: UInt16 = 0,
        inactivityTimeoutHigh: UInt16 = 0
    ) {
        self.version = version
        self.paddingCommand = paddingCommand
        self.inactivityTimeoutLow = inactivityTimeoutLow
        self.inactivityTimeoutHigh = inactivityTimeoutHigh
    }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        let code = TorCoreError.Code.paddingNegotiateTruncated
        version = try payload.readWireInteger(orThrow: code, "the PADDING_NEGOTIATE version")
        paddingCommand = Command(rawValue: try payload.readWireInteger(orThrow: code, "the PADDING_NEGOTIATE command"))
        inactivityTimeoutLow = try payload.readWireInteger(orThrow: code, "ito_low_ms")
        inactivityTimeoutHigh = try payload.readWireInteger(orThrow: code, "ito_high_ms")
    }

    public func encode(into payload: inout ByteBuffer) throws {
        payload.writeInteger(version)
        payload.writeInteger(paddingCommand.rawValue)
        payload.writeInteger(inactivityTimeoutLow, endianness: .big)
        payload.writeInteger(inactivityTimeoutHigh, endianness: .big)
    }
}
