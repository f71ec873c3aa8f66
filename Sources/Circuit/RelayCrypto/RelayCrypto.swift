import NIOCore
import TorCore

/// The layered relay-cell crypto of one circuit as the client sees it (tor-spec 5.5, 6.1).
///
/// Hops are numbered from 0, the first hop (the guard the channel connects to), to
/// `hopCount - 1`. Outbound, a payload addressed to hop N gets hop N's digest and is then
/// encrypted with hop N's forward key, N-1's, ... down to hop 0's (5.5.2.1). Inbound, a
/// payload is decrypted with hop 0's backward key, then hop 1's, ..., until a hop recognizes
/// it (5.5.3). Everything happens in place on the 509-byte payload, with no allocation or
/// lock per cell; the object belongs to the circuit's event loop.
public final class RelayCrypto {
    private var hops: [HopCrypto] = []

    /// An empty circuit; ``appendHop(_:)`` adds the first hop once CREATED2/CREATED_FAST arrives.
    public init() {}

    /// The number of hops whose keys are in place.
    public var hopCount: Int { hops.count }

    /// Adds the next hop after its handshake completed (CREATED2, CREATED_FAST or EXTENDED2).
    public func appendHop(_ hop: HopCrypto) {
        hops.append(hop)
    }

    /// Forgets every hop from index `count` on, after a RELAY_TRUNCATED from hop `count - 1`
    /// (tor-spec 5.4): the hops beyond it are gone and so are their keys.
    public func truncate(toHopCount count: Int) {
        guard count < hops.count else { return }
        hops.removeSubrange(max(count, 0)...)
    }

    /// The crypto of hop `index` (0 = first hop), for its SENDME digests.
    public func hop(_ index: Int) -> HopCrypto {
        hops[index]
    }

    /// Seals and encrypts a plaintext relay payload addressed to hop `toHop`, in place
    /// (tor-spec 5.5.2.1, 6.1).
    ///
    /// `payload` must be the 509-byte plaintext from the relay-cell encoder; its 'recognized'
    /// and 'digest' fields are overwritten. Afterwards
    /// `hop(toHop).lastSentDigest` is the digest a SENDME triggered by this cell will carry.
    ///
    /// - Throws: ``CircuitError`` `relayCrypto.misuse` (internal failure) when the payload is
    ///   not 509 bytes or `toHop` is not a hop of the circuit; the payload is then untouched.
    public func encryptOutbound(payload: UnsafeMutableRawBufferPointer, toHop: Int) throws {
        try checkPayload(payload.count)
        guard hops.indices.contains(toHop) else {
            throw CircuitError(
                .relayCryptoMisuse, kind: .internalFailure,
                "a relay cell was addressed to hop \(toHop) of a \(hops.count)-hop circuit")
        }
        hops[toHop].sealOutbound(payload)
        for index in stride(from: toHop, through: 0, by: -1) {
            hops[index].forwardCipher.apply(payload)
        }
    }

    /// ``encryptOutbound(payload:toHop:)`` on the readable bytes of a cell's payload buffer.
    public func encryptOutbound(payload: inout ByteBuffer, toHop: Int) throws {
        try payload.withUnsafeMutableReadableBytes { try encryptOutbound(payload: $0, toHop: toHop) }
    }

    /// Decrypts an inbound relay payload in place and says which hop sent it (tor-spec 5.5.3).
    ///
    /// Afterwards the payload is plaintext as that hop wrote it, and
    /// `hop(index).lastReceivedDigest` is the digest our SENDME must carry if this cell
    /// triggers one.
    ///
    /// - Returns: the index of the hop that recognized the cell (0 = first hop).
    /// - Throws: ``CircuitError`` `relayCrypto.unrecognized` (protocol violation: tear the
    ///   circuit down) when no hop recognizes it; `relayCrypto.misuse` for a payload that is
    ///   not 509 bytes or a circuit with no hops.
    public func decryptInbound(payload: UnsafeMutableRawBufferPointer) throws -> Int {
        try checkPayload(payload.count)
        try checkHasHops()
        hops[0].backwardCipher.apply(payload)
        return try recognize(payload)
    }

    /// ``decryptInbound(payload:)`` that leaves the ciphertext alone: the first hop's layer is
    /// removed while copying `ciphertext` (for example a slice of the link's read buffer, which
    /// other cells share) into `plaintext`, after which the rest happens in place there. Saves
    /// copying each inbound cell before decrypting it. On a throw `plaintext` is unchanged for
    /// a bad length or no hops, and holds the undecryptable payload for an unrecognized cell.
    public func decryptInbound(from ciphertext: ByteBuffer, into plaintext: inout ByteBuffer) throws -> Int {
        try checkPayload(ciphertext.readableBytes)
        try checkHasHops()
        let first = hops[0].backwardCipher
        let offset = plaintext.readableBytes
        plaintext.writeWithUnsafeMutableBytes(minimumWritableBytes: RelayPayloadLayout.length) { output in
            ciphertext.withUnsafeReadableBytes { first.apply(from: $0, into: output) }
            return RelayPayloadLayout.length
        }
        return try plaintext.withUnsafeMutableReadableBytes { readable in
            try recognize(UnsafeMutableRawBufferPointer(rebasing: readable[offset...]))
        }
    }

    /// Peels the remaining layers from a payload the first hop's key already decrypted.
    private func recognize(_ payload: UnsafeMutableRawBufferPointer) throws -> Int {
        for index in hops.indices {
            if index > 0 { hops[index].backwardCipher.apply(payload) }
            if hops[index].recognizeInbound(payload) { return index }
        }
        throw CircuitError(
            .relayCellUnrecognized, kind: .protocolViolation,
            "a relay cell was recognized by none of the circuit's \(hops.count) hops: it was "
                + "corrupted or forged; the circuit must be closed")
    }

    /// ``decryptInbound(payload:)`` on the readable bytes of a cell's payload buffer.
    public func decryptInbound(payload: inout ByteBuffer) throws -> Int {
        try payload.withUnsafeMutableReadableBytes { try decryptInbound(payload: $0) }
    }

    private func checkHasHops() throws {
        guard !hops.isEmpty else {
            throw CircuitError(
                .relayCryptoMisuse, kind: .internalFailure,
                "a relay cell arrived on a circuit whose first hop has no keys yet")
        }
    }

    private func checkPayload(_ count: Int) throws {
        guard count == RelayPayloadLayout.length else {
            throw CircuitError(
                .relayCryptoMisuse, kind: .internalFailure,
                "a relay payload of \(count) bytes reached relay crypto; it must be exactly "
                    + "\(RelayPayloadLayout.length)")
        }
    }
}
