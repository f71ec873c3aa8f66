import TorCore

/// Error codes of the circuit shell: circuits and streams carried over a channel (tor-spec 5, 6).
extension CircuitError.Code {
    /// The relay sent DESTROY for the circuit (tor-spec 5.4); `destroyReason` says why.
    public static let circuitDestroyed: Self = "circuit.destroyed"
    /// A hop sent RELAY_TRUNCATED (tor-spec 5.4); `destroyReason` says why.
    public static let circuitTruncated: Self = "circuit.truncated"
    /// The circuit was not built within CircuitBuildTimeout (path-spec 2.4).
    public static let circuitBuildTimedOut: Self = "circuit.buildTimedOut"
    /// The TLS channel carrying the circuit closed.
    public static let circuitChannelClosed: Self = "circuit.channelClosed"
    /// The circuit was closed by this client, or used after it closed.
    public static let circuitClosed: Self = "circuit.closed"
    /// No free circuit ID was found on the channel (tor-spec 5.1.1).
    public static let circuitIDsExhausted: Self = "circuit.idsExhausted"
    /// A relay sent a cell the circuit's state does not allow (a second CREATED2, DATA from a
    /// middle hop, an inbound RELAY_EARLY: tor-spec 5.6).
    public static let circuitUnexpectedCell: Self = "circuit.unexpectedCell"
    /// A path or relay description the caller passed cannot be used (no hops, a missing key).
    public static let circuitBadPath: Self = "circuit.badPath"
    /// Every RELAY_EARLY cell of the circuit was used (tor-spec 5.6: at most 8), so it cannot be
    /// extended further.
    public static let circuitRelayEarlyExhausted: Self = "circuit.relayEarlyExhausted"
    /// The relay ended a stream with RELAY_END (tor-spec 6.3); `endReason` says why.
    public static let streamEnded: Self = "stream.ended"
    /// The exit did not answer BEGIN, BEGIN_DIR or RESOLVE in time.
    public static let streamTimedOut: Self = "stream.timedOut"
    /// The stream was closed by this client, or used after it closed.
    public static let streamClosed: Self = "stream.closed"
    /// All stream IDs of the circuit are in use (tor-spec 6.2: 16-bit, nonzero).
    public static let streamIDsExhausted: Self = "stream.idsExhausted"
    /// The relay broke the stream protocol (data before CONNECTED, a second CONNECTED).
    public static let streamUnexpectedCell: Self = "stream.unexpectedCell"
    /// RESOLVED carried no answer, or only nontransient errors (tor-spec 6.4, type 0xF1).
    public static let resolveFailed: Self = "stream.resolveFailed"
    /// RESOLVED carried a transient error: the lookup may work later (tor-spec 6.4, type 0xF0).
    public static let resolveFailedTransient: Self = "stream.resolveFailedTransient"
    /// A destination the caller passed cannot be put in a BEGIN or RESOLVE (tor-spec 6.2).
    public static let streamBadTarget: Self = "stream.badTarget"
}

extension CircuitError {
    /// The circuit was destroyed by the relay with `reason` (tor-spec 5.4).
    static func destroyed(_ reason: DestroyReason) -> CircuitError {
        CircuitError(
            .circuitDestroyed, kind: .resource,
            "The relay destroyed the circuit: \(reason). Build a new circuit, through other relays "
                + "if this repeats.",
            destroyReason: reason)
    }

    /// A hop sent RELAY_TRUNCATED with `reason` (tor-spec 5.4).
    static func truncated(_ reason: DestroyReason, hop: Int) -> CircuitError {
        CircuitError(
            .circuitTruncated, kind: .resource,
            "Hop \(hop + 1) of the circuit cut it after itself: \(reason). Build a new circuit, "
                + "through other relays if this repeats.",
            destroyReason: reason)
    }

    /// The channel under the circuit closed, optionally because of `cause`.
    static func channelClosed(_ cause: (any Error)?) -> CircuitError {
        CircuitError(
            .circuitChannelClosed, kind: .resource,
            "The TLS connection to the circuit's first relay closed"
                + (cause.map { " (\($0))" } ?? "")
                + "; its circuits and streams are gone. Build a new circuit.")
    }

    /// The circuit is closed (locally, or used after closing).
    static func circuitClosed() -> CircuitError {
        CircuitError(.circuitClosed, kind: .resource, "The circuit is closed; build a new one.")
    }

    /// A relay sent a cell the circuit did not expect.
    static func unexpected(_ what: String) -> CircuitError {
        CircuitError(
            .circuitUnexpectedCell, kind: .protocolViolation,
            "The relay sent \(what); the circuit was closed. Use other relays if this repeats.")
    }

    /// The exit ended a stream with `reason` (tor-spec 6.3).
    static func streamEnded(_ reason: EndReason, whileOpening: Bool) -> CircuitError {
        CircuitError(
            .streamEnded, kind: .resource,
            (whileOpening ? "The exit refused the stream: " : "The exit closed the stream: ")
                + "\(reason)."
                + (reason == .exitPolicy || reason == .resolveFailed
                    ? " Try another exit or destination." : ""),
            endReason: reason)
    }

    /// The stream is closed (locally, or used after closing).
    static func streamClosed() -> CircuitError {
        CircuitError(.streamClosed, kind: .resource, "The stream is closed; open a new one.")
    }
}
