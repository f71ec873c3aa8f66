import NIOCore

/// The data of RELAY_CONFLUX_LINK (the client's offer to join a conflux set) and of
/// RELAY_CONFLUX_LINKED (the exit's answer): proposal 329, as tor 0.4.9 encodes it.
///
/// Layout: VERSION (1), which must be 1, then the version 1 payload: NONCE (32), which names
/// the set and is the same on every leg; LAST_SEQNO_SENT (8) and LAST_SEQNO_RECV (8),
/// big-endian, the sender's sequence numbers (0 for a new set); DESIRED_UX (1), what the
/// client asks the exit's scheduler to favour. Bytes after the fields are ignored.
public struct ConfluxLinkMessage: Hashable, Sendable {
    /// The only version proposal 329 defines.
    public static let currentVersion: UInt8 = 1
    /// The nonce's length.
    public static let nonceLength = 32

    /// What the client wants the exit's leg scheduler to optimise (prop 329 "desired_ux").
    public struct UserExperience: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The exit chooses.
        public static let noOpinion = Self(rawValue: 0)
        /// Always the lowest-RTT leg.
        public static let minimumLatency = Self(rawValue: 1)
        /// Lowest latency with small reordering queues.
        public static let lowMemoryLatency = Self(rawValue: 2)
        /// Every leg's full congestion window: the most throughput, the longest reordering
        /// queue at the client. C tor clients ask for it by default.
        public static let highThroughput = Self(rawValue: 3)
        /// Throughput with small reordering queues.
        public static let lowMemoryThroughput = Self(rawValue: 4)
    }

    /// The set's name: random, the same on every leg.
    public var nonce: [UInt8]
    /// The last sequence number the sender sent on the set.
    public var lastSequenceSent: UInt64
    /// The last sequence number the sender received on the set.
    public var lastSequenceReceived: UInt64
    /// What the client asks the exit to favour.
    public var desiredExperience: UserExperience

    /// A message for a new set (sequence numbers 0).
    public init(
        nonce: [UInt8], lastSequenceSent: UInt64 = 0, lastSequenceReceived: UInt64 = 0,
        desiredExperience: UserExperience = .highThroughput
    ) {
        self.nonce = nonce
        self.lastSequenceSent = lastSequenceSent
        self.lastSequenceReceived = lastSequenceReceived
        self.desiredExperience = desiredExperience
    }

    /// Decodes the data of a LINK or LINKED message.
    ///
    /// - Throws: `conflux.truncated` (protocol violation) when a field is cut short,
    ///   `conflux.version` for a version other than 1.
    public init(data: ByteBuffer) throws {
        var data = data
        let version = try data.readWireInteger(as: UInt8.self, orThrow: .confluxTruncated, "the conflux link version")
        guard version == Self.currentVersion else {
            throw TorCoreError(
                .confluxVersion, kind: .protocolViolation,
                "the exit sent a conflux link message of version \(version); only version 1 exists "
                    + "(proposal 329); the circuit is closed")
        }
        guard let nonce = data.readBytes(length: Self.nonceLength) else {
            throw TorCoreError(
                .confluxTruncated, kind: .protocolViolation,
                "the conflux link message ends inside its 32-byte nonce; the circuit is closed")
        }
        self.nonce = nonce
        lastSequenceSent = try data.readWireInteger(as: UInt64.self, orThrow: .confluxTruncated, "the last sequence number sent")
        lastSequenceReceived = try data.readWireInteger(
            as: UInt64.self, orThrow: .confluxTruncated, "the last sequence number received")
        desiredExperience = UserExperience(
            rawValue: try data.readWireInteger(as: UInt8.self, orThrow: .confluxTruncated, "the desired UX"))
    }

    /// Appends the message's bytes.
    ///
    /// - Throws: `conflux.nonceLength` (bad input) when the nonce is not 32 bytes.
    public func encode(into data: inout ByteBuffer) throws {
        guard nonce.count == Self.nonceLength else {
            throw TorCoreError(
                .confluxNonceLength, kind: .badInput,
                "a conflux nonce has \(Self.nonceLength) bytes, not \(nonce.count)")
        }
        data.writeInteger(Self.currentVersion)
        data.writeBytes(nonce)
        data.writeInteger(lastSequenceSent, endianness: .big)
        data.writeInteger(lastSequenceReceived, endianness: .big)
        data.writeInteger(desiredExperience.rawValue)
    }
}

/// Which of the two messages with ``ConfluxLinkMessage``'s layout a value is.
public protocol ConfluxLinkRole: Sendable {
    static var command: RelayCommand { get }
}

/// RELAY_CONFLUX_LINK: sent by the client on each leg, to the exit.
public enum ConfluxLinkOffer: ConfluxLinkRole {
    public static let command = RelayCommand.confluxLink
}

/// RELAY_CONFLUX_LINKED: the exit's answer on each leg, echoing the nonce.
public enum ConfluxLinkAnswer: ConfluxLinkRole {
    public static let command = RelayCommand.confluxLinked
}

/// LINK or LINKED as a relay message: the shared layout under the role's command.
public struct ConfluxLinkRelayMessage<Role: ConfluxLinkRole>: RelayMessage, Hashable {
    public static var command: RelayCommand { Role.command }
    public var fields: ConfluxLinkMessage

    public init(_ fields: ConfluxLinkMessage) { self.fields = fields }
    public init(data: ByteBuffer) throws { fields = try ConfluxLinkMessage(data: data) }
    public func encode(into data: inout ByteBuffer) throws { try fields.encode(into: &data) }
}

/// RELAY_CONFLUX_LINK.
public typealias ConfluxLink = ConfluxLinkRelayMessage<ConfluxLinkOffer>
/// RELAY_CONFLUX_LINKED.
public typealias ConfluxLinked = ConfluxLinkRelayMessage<ConfluxLinkAnswer>

/// RELAY_CONFLUX_LINKED_ACK: the client's acknowledgement of LINKED; empty. The exit times
/// the leg's first RTT from LINKED to it.
public struct ConfluxLinkedAck: RelayMessage, Hashable {
    public static let command = RelayCommand.confluxLinkedAck

    public init() {}
    public init(data: ByteBuffer) throws {}
    public func encode(into data: inout ByteBuffer) throws {}
}

/// RELAY_CONFLUX_SWITCH: the sender moves to the leg it arrives on. Its RELATIVE_SEQ (4,
/// big-endian) is added to the leg's last received sequence number; the SWITCH itself is not
/// counted (proposal 329).
public struct ConfluxSwitch: RelayMessage, Hashable {
    public static let command = RelayCommand.confluxSwitch

    /// How far the sequence numbers on this leg jump.
    public var relativeSequence: UInt32

    public init(relativeSequence: UInt32) { self.relativeSequence = relativeSequence }

    public init(data: ByteBuffer) throws {
        var data = data
        relativeSequence = try data.readWireInteger(as: UInt32.self, orThrow: .confluxTruncated, "the relative sequence number")
    }

    public func encode(into data: inout ByteBuffer) throws {
        data.writeInteger(relativeSequence, endianness: .big)
    }
}

/// Error codes of the conflux messages (proposal 329).
extension TorCoreError.Code {
    /// A conflux message shorter than its fields.
    public static let confluxTruncated: Self = "conflux.truncated"
    /// A LINK or LINKED of a version other than 1.
    public static let confluxVersion: Self = "conflux.version"
    /// A nonce of the wrong length given to the encoder.
    public static let confluxNonceLength: Self = "conflux.nonceLength"
}
