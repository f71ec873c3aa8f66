import NIOCore
import TorCore

/// Cuts a link's byte stream into cells, switching codecs right after the relay's first
/// VERSIONS cell (tor-spec 3, 4.1). Sans-IO: the I/O shell is ``CellCodecHandler``.
///
/// The first VERSIONS cell (and any VPADDING before it) has 2-byte circuit IDs; every byte
/// after it, including bytes that came in the same read, is framed for the negotiated link
/// protocol, which is the highest version both sides offered. The negotiation is
/// `VersionsMessage.highestCommonVersion(with:)` over the same offered list that
/// ``LinkHandshakeStateMachine`` uses, so framer and handshake agree by construction. When
/// the VERSIONS cell is malformed or shares no version, the framer stops (returns nil from
/// then on): nothing after it can be framed, and the handshake fails on that cell.
public struct LinkCellFramer: Sendable {
    private enum Stage: Sendable {
        case awaitingVersions, negotiated, stopped
    }

    /// The versions we offer in our VERSIONS cell.
    public let offeredVersions: [UInt16]
    /// The codec the next inbound cell is framed with.
    public private(set) var inboundCodec = CellCodec.handshake
    private var stage = Stage.awaitingVersions

    /// A framer for a link on which we offer `offeredVersions` (tor 0.4.9 relays: 4 and 5).
    public init(offeredVersions: [UInt16] = VersionsMessage.clientVersions) {
        self.offeredVersions = offeredVersions
    }

    /// The negotiated link protocol, once the relay's VERSIONS cell was framed.
    public var linkProtocol: UInt16? {
        stage == .negotiated ? inboundCodec.linkProtocol : nil
    }

    /// The codec for cells we send: the handshake codec for our VERSIONS cell, the negotiated
    /// one once known. Nil after a failed negotiation.
    public var outboundCodec: CellCodec? {
        switch stage {
        case .awaitingVersions: .handshake
        case .negotiated: inboundCodec
        case .stopped: nil
        }
    }

    /// The next complete cell in `buffer`, consuming its bytes; nil when more bytes are needed
    /// (nothing consumed) or the framer stopped. Throws the codec's TorCore error for a cell
    /// that announces more payload than the codec accepts.
    public mutating func nextCell(from buffer: inout ByteBuffer) throws -> Cell? {
        guard stage != .stopped, let cell = try inboundCodec.decode(from: &buffer) else { return nil }
        if stage == .awaitingVersions, cell.command == .versions {
            let relayVersions = try? cell.message(as: VersionsMessage.self)
            if let version = relayVersions?.highestCommonVersion(with: VersionsMessage(versions: offeredVersions)) {
                inboundCodec = CellCodec(linkProtocol: version)
                stage = .negotiated
            } else {
                stage = .stopped
            }
        }
        return cell
    }
}
