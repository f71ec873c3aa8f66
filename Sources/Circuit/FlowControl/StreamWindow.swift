import TorCore

/// Stream-level flow control for one stream of a circuit (tor-spec 7.4).
///
/// The package window counts the RELAY_DATA cells we may still send on the stream; each
/// stream SENDME (nonzero stream ID, body ignored) from the edge adds ``increment``. The
/// deliver window counts the DATA cells the edge may still send us; once it is at most
/// ``initialWindow`` - ``increment`` we owe a SENDME. tor-spec 7.4 also asks to wait until
/// fewer than ten cells' worth of data is still waiting to be flushed to the application,
/// which only the I/O shell knows: it calls ``takeDueSendme()`` when its buffer drains.
/// Invariants: 0 <= each window <= ``initialWindow``; anything that would break them throws.
public struct StreamWindow: Sendable, Hashable {
    /// The start of both windows (tor-spec 7.4).
    public static let initialWindow = 500
    /// The stream window increment: cells per stream SENDME (tor-spec 7.4).
    public static let increment = 50
    /// tor-spec 7.4: send a stream SENDME only when fewer than this many cell payloads are
    /// waiting to be flushed at our edge, so a slow reader pushes back on the exit.
    public static let maximumUnflushedCellsForSendme = 10

    /// RELAY_DATA cells we may still send on the stream.
    public private(set) var packageWindow = initialWindow
    /// RELAY_DATA cells the edge may still send us on the stream.
    public private(set) var deliverWindow = initialWindow

    /// The SENDME a stream sends: version 0 with no data, since stream SENDMEs are not
    /// authenticated and their body is ignored (tor-spec 7.3.1, 7.4).
    public static let sendme = SendmeMessage.legacy

    /// Fresh windows for a new stream.
    public init() {}

    /// True while a RELAY_DATA cell may be sent on the stream; when false, stop reading from
    /// the application's socket until a stream SENDME arrives.
    public var canPackage: Bool { packageWindow > 0 }

    /// Counts a RELAY_DATA cell sent on the stream.
    ///
    /// - Throws: `flowControl.windowClosed` (internal failure) if the window was already zero.
    public mutating func didPackageDataCell() throws {
        guard packageWindow > 0 else {
            throw CircuitError(
                .flowControlWindowClosed, kind: .internalFailure,
                "a DATA cell was sent while the stream's package window was empty")
        }
        packageWindow -= 1
    }

    /// Applies a stream SENDME from the edge, reopening the package window by ``increment``.
    ///
    /// - Throws: `flowControl.unexpectedSendme` (protocol violation) when that would raise the
    ///   window above ``initialWindow``.
    public mutating func didReceiveSendme() throws {
        guard packageWindow + Self.increment <= Self.initialWindow else {
            throw CircuitError(
                .flowControlUnexpectedSendme, kind: .protocolViolation,
                "the exit sent a stream SENDME when none was due (stream package window "
                    + "\(packageWindow)); the circuit must be closed")
        }
        packageWindow += Self.increment
    }

    /// Counts a RELAY_DATA cell received on the stream.
    ///
    /// - Throws: `flowControl.deliverOverflow` (protocol violation) when the edge sent more
    ///   DATA cells than the stream window allowed.
    public mutating func didDeliverDataCell() throws {
        guard deliverWindow > 0 else {
            throw CircuitError(
                .flowControlDeliverOverflow, kind: .protocolViolation,
                "the exit sent more DATA cells on a stream than its window allows; "
                    + "the circuit must be closed")
        }
        deliverWindow -= 1
    }

    /// True when the deliver window has fallen by at least ``increment`` (tor-spec 7.4).
    public var isSendmeDue: Bool {
        deliverWindow <= Self.initialWindow - Self.increment
    }

    /// If a stream SENDME is due, reopens the deliver window by ``increment`` and returns
    /// true: the caller must then send one on this stream (``sendme``). Call it
    /// once fewer than ``maximumUnflushedCellsForSendme`` cells wait to be flushed; call it
    /// in a loop, since a stalled reader may owe several.
    public mutating func takeDueSendme() -> Bool {
        guard isSendmeDue else { return false }
        deliverWindow += Self.increment
        return true
    }
}
