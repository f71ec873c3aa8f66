import TorCore

/// Window-less flow control of one stream on a circuit whose exit uses congestion control
/// (prop 324 4.1): XOFF / XON instead of stream windows and stream SENDMEs.
///
/// Receiving: when more than ``xoffThreshold`` bytes wait for our reader, ask for an XOFF
/// (once: tor 0.4.9 exits do not count a second XOFF before an XON, "Got multiple XOFF");
/// once the reader has taken everything, ask for an XON with rate 0 (unlimited), which lets
/// the exit read from its edge again. Exits check nothing else of a client's XOFFs (the
/// byte-count limits of prop 324 4.1.4 are checked only by the receiver of an exit's XOFF).
/// Data that was already in flight still arrives after the XOFF; ``maximumQueuedBytes`` bounds
/// what we accept then.
///
/// Sending: an XOFF from the exit pauses packaging on the stream until an XON; an XON while
/// not paused is an advisory rate update and is accepted (prop 324 4.1.1).
public struct StreamFlowControl: Sendable, Hashable {
    /// Cells' worth of data beyond the XOFF threshold that may still arrive: what the exit
    /// already had in flight when our XOFF reached it. Four times cc_ss_max (5000 cells, the
    /// ceiling of slow start), since steady state grows the window only a cell per update, so
    /// only an exit that ignores our XOFF reaches it (about 10 MB).
    public static let maximumCellsAfterXoff = 20_000

    /// Queued bytes above which an XOFF is due (cc_xoff_client cells of 498 bytes).
    public let xoffThreshold: Int
    /// Queued bytes above which the exit must be ignoring our XOFF: the circuit is closed.
    public var maximumQueuedBytes: Int { xoffThreshold + Self.maximumCellsAfterXoff * RelayCell.maximumDataLength }

    /// True after we sent XOFF and until we send XON.
    public private(set) var isXoffSent = false
    /// True after the exit's XOFF and until its XON: do not package data on this stream.
    public private(set) var isPausedByPeer = false
    /// The last advisory rate from the exit's XON, in 1000-byte-per-second units (0: none).
    public private(set) var advisedRate: UInt32 = 0
    /// XOFFs sent, for logs and tests.
    public private(set) var xoffCount = 0
    /// XONs sent.
    public private(set) var xonCount = 0
    /// The most bytes that ever waited for the reader at once: what bounded buffering means.
    public private(set) var largestQueuedBytes = 0

    /// Flow control with the XOFF threshold of the consensus (cc_xoff_client).
    public init(xoffThreshold: Int) {
        self.xoffThreshold = max(1, xoffThreshold)
    }

    /// What the stream must send after its receive queue changed.
    public enum Action: Sendable, Equatable {
        /// Nothing.
        case none
        /// RELAY_XOFF on this stream.
        case sendXoff
        /// RELAY_XON (rate 0) on this stream.
        case sendXon
    }

    /// Data was queued for the reader, which now holds `queuedBytes`.
    ///
    /// - Throws: `congestionControl.queueOverflow` (protocol violation) when the queue passes
    ///   ``maximumQueuedBytes``: the exit kept sending long after our XOFF.
    public mutating func didQueue(queuedBytes: Int) throws -> Action {
        largestQueuedBytes = max(largestQueuedBytes, queuedBytes)
        guard queuedBytes <= maximumQueuedBytes else {
            throw CircuitError(
                .congestionControlQueueOverflow, kind: .protocolViolation,
                "the exit sent \(queuedBytes) bytes on a stream whose reader stopped, far past our "
                    + "XOFF at \(xoffThreshold) (prop 324 4.1); the circuit was closed")
        }
        guard !isXoffSent, queuedBytes > xoffThreshold else { return .none }
        isXoffSent = true
        xoffCount += 1
        return .sendXoff
    }

    /// The reader took data and `queuedBytes` remain.
    public mutating func didDrain(queuedBytes: Int) -> Action {
        guard isXoffSent, queuedBytes == 0 else { return .none }
        isXoffSent = false
        xonCount += 1
        return .sendXon
    }

    /// The exit sent XOFF: stop packaging (a repeated one changes nothing).
    public mutating func receive(_ xoff: XoffMessage) {
        isPausedByPeer = true
    }

    /// The exit sent XON: resume packaging, and note its advisory rate.
    public mutating func receive(_ xon: XonMessage) {
        isPausedByPeer = false
        advisedRate = xon.kilobytesPerSecond
    }
}
