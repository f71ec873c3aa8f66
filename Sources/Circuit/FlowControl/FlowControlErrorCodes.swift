import TorCore

/// Error codes of fixed-window flow control (tor-spec 7.3, 7.4).
///
/// All but `flowControlWindowClosed` mean the peer broke the protocol: the circuit must be
/// torn down (tor-spec 7.3: "the circuit should be torn down").
extension CircuitError.Code {
    /// More DATA cells arrived than our deliver window allowed.
    public static let flowControlDeliverOverflow: Self = "flowControl.deliverOverflow"
    /// A SENDME arrived that would raise a package window above its start value.
    public static let flowControlUnexpectedSendme: Self = "flowControl.unexpectedSendme"
    /// An authenticated SENDME's digest is not the one remembered for it.
    public static let flowControlSendmeDigestMismatch: Self = "flowControl.sendmeDigestMismatch"
    /// A SENDME of a version below the minimum we accept, or unknown, or too short for its version.
    public static let flowControlSendmeVersion: Self = "flowControl.sendmeVersion"
    /// The caller packaged a DATA cell while the package window was zero (a local bug).
    public static let flowControlWindowClosed: Self = "flowControl.windowClosed"
}
