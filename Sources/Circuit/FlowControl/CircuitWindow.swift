import TorCore

/// Circuit-level flow control between the client and one hop (tor-spec 7.3, 7.3.1).
///
/// The package window counts the RELAY_DATA cells we may still send to the hop; each
/// authenticated SENDME from it adds ``increment``. The deliver window counts the DATA cells
/// the hop may still send us; every ``increment`` cells we owe it a SENDME. Only RELAY_DATA
/// cells count. Invariants: 0 <= packageWindow <= ``initialWindow`` (a SENDME that would
/// break it is thrown) and ``initialWindow`` - ``increment`` < deliverWindow <= ``initialWindow``.
///
/// Authenticated SENDMEs (version 1, required by tor 0.4.9 relays): a SENDME proves the hop
/// saw our cells by carrying the 20-byte running digest after the DATA cell that triggered
/// it, the one that brought the package window to a multiple of ``increment``. So this type
/// remembers that digest for every such cell and checks SENDMEs against the oldest one.
public struct CircuitWindow: Sendable {
    /// The start of both windows: circwindow's default (tor-spec 7.3).
    public static let initialWindow = 1000
    /// The circuit window increment without congestion control: cells per SENDME (tor-spec 7.3).
    public static let defaultIncrement = 100
    /// The SENDME version we emit and, by default, the lowest we accept: authenticated SENDMEs
    /// (tor-spec 7.3.1; required by 0.4.9 relays, /work/shared/spec/README.md).
    public static let authenticatedVersion: UInt8 = 1
    /// The DIGEST length in a version 1 SENDME (tor-spec 7.3.1).
    public static let sendmeDigestLength = SendmeMessage.digestLength

    /// RELAY_DATA cells we may still send to the hop before a SENDME must arrive.
    public private(set) var packageWindow = initialWindow
    /// RELAY_DATA cells the hop may still send us.
    public private(set) var deliverWindow = initialWindow
    /// The lowest SENDME version accepted (the consensus `sendme_accept_min_version`).
    public let minimumAcceptedVersion: UInt8
    /// DATA cells per SENDME: ``defaultIncrement``, or on a hop that negotiated congestion
    /// control the sendme_inc it agreed to (prop 324 2.2), where only the deliver side of this
    /// window is used and ``CongestionWindow`` governs sending.
    public let increment: Int
    /// Digests of the cells that will trigger the hop's next SENDMEs, oldest first; at most
    /// initialWindow / increment of them, since the package window bounds cells in flight.
    private var expectedDigests: [[UInt8]] = []

    /// Fresh windows for a newly built hop, with a SENDME every `increment` DATA cells
    /// (1 ... ``initialWindow``).
    public init(minimumAcceptedVersion: UInt8 = authenticatedVersion, increment: Int = defaultIncrement) {
        self.minimumAcceptedVersion = minimumAcceptedVersion
        self.increment = min(max(increment, 1), Self.initialWindow)
        expectedDigests.reserveCapacity(Self.initialWindow / self.increment)
    }

    /// True while a RELAY_DATA cell may be sent; when false, stop reading from the circuit's
    /// streams until a SENDME arrives (tor-spec 7.3).
    public var canPackage: Bool { packageWindow > 0 }

    /// Counts a RELAY_DATA cell just encrypted for the hop.
    ///
    /// - Parameter sentCellDigest: the hop's running forward digest after the cell
    ///   (`HopCrypto.lastSentDigest`); evaluated only for every ``increment``th cell.
    /// - Throws: `flowControl.windowClosed` (internal failure) if the window was already zero.
    public mutating func didPackageDataCell(sentCellDigest: @autoclosure () -> [UInt8]) throws {
        guard packageWindow > 0 else {
            throw CircuitError(
                .flowControlWindowClosed, kind: .internalFailure,
                "a DATA cell was sent while the circuit's package window was empty")
        }
        packageWindow -= 1
        if packageWindow % self.increment == 0 {
            expectedDigests.append(sentCellDigest())
        }
    }

    /// Applies a circuit-level SENDME (stream ID 0) from the hop: checks it and reopens the
    /// package window by ``increment`` (tor-spec 7.3, 7.3.1).
    ///
    /// - Parameters:
    ///   - version: the SENDME's VERSION byte.
    ///   - digest: its DATA for version 1 (at least 20 bytes; the first 20 count), else nil.
    /// - Throws: protocol violations: `flowControl.unexpectedSendme` when no SENDME is due,
    ///   `flowControl.sendmeVersion` for a version below the minimum, unknown, or a version 1
    ///   SENDME with fewer than 20 bytes, `flowControl.sendmeDigestMismatch` for a wrong digest.
    public mutating func didReceiveSendme(version: UInt8, digest: [UInt8]?) throws {
        guard packageWindow + self.increment <= Self.initialWindow, !expectedDigests.isEmpty else {
            throw CircuitError(
                .flowControlUnexpectedSendme, kind: .protocolViolation,
                "the relay sent a circuit SENDME when none was due (package window "
                    + "\(packageWindow)); the circuit must be closed")
        }
        try Self.verifySendme(
            version: version, digest: digest, expected: expectedDigests.removeFirst(),
            minimumAcceptedVersion: minimumAcceptedVersion)
        packageWindow += self.increment
    }

    /// Applies a decoded circuit-level SENDME (stream ID 0) from the hop; see
    /// ``didReceiveSendme(version:digest:)`` for what is checked and thrown.
    public mutating func didReceiveSendme(_ sendme: SendmeMessage) throws {
        try didReceiveSendme(version: sendme.version, digest: sendme.digest)
    }

    /// Counts a RELAY_DATA cell received from the hop and says whether we owe it a SENDME now.
    ///
    /// The SENDME is due the moment the window falls to ``initialWindow`` - ``increment``, and
    /// must carry the digest after exactly that cell, so it cannot be deferred; the window
    /// reopens when it is returned. As in tor, that also means a relay that overruns its own
    /// package window cannot be told apart from one that already has our SENDME, so the
    /// deliver window never falls below ``initialWindow`` - ``increment`` here.
    ///
    /// - Parameter receivedCellDigest: the hop's running backward digest after this cell
    ///   (`HopCrypto.lastReceivedDigest`); evaluated only when a SENDME is due.
    /// - Returns: the authenticated SENDME the caller must send now on stream 0 (tor-spec
    ///   7.3.1), carrying the first 20 bytes of that digest, or nil when none is due.
    public mutating func didDeliverDataCell(
        receivedCellDigest: @autoclosure () -> [UInt8]
    ) -> SendmeMessage? {
        deliverWindow -= 1
        guard deliverWindow <= Self.initialWindow - self.increment else { return nil }
        deliverWindow += self.increment
        return .authenticated(digest: Array(receivedCellDigest().prefix(Self.sendmeDigestLength)))
    }
}

extension CircuitWindow {
    /// Checks a circuit SENDME's version and, for version 1, its digest against `expected`,
    /// the digest remembered for the cell that should have triggered it (tor-spec 7.3.1).
    /// Shared with ``CongestionWindow``, which records digests by its own rule.
    ///
    /// - Throws: protocol violations: `flowControl.sendmeVersion` for a version below
    ///   `minimumAcceptedVersion`, unknown, or a version 1 SENDME with fewer than 20 bytes;
    ///   `flowControl.sendmeDigestMismatch` for a wrong digest.
    static func verifySendme(
        version: UInt8, digest: [UInt8]?, expected: [UInt8], minimumAcceptedVersion: UInt8
    ) throws {
        guard version >= minimumAcceptedVersion, version <= authenticatedVersion else {
            throw CircuitError(
                .flowControlSendmeVersion, kind: .protocolViolation,
                "the relay sent a version \(version) SENDME; this client accepts versions "
                    + "\(minimumAcceptedVersion) to \(authenticatedVersion); the circuit must be closed")
        }
        guard version == authenticatedVersion else { return }
        guard let digest, digest.count >= sendmeDigestLength else {
            throw CircuitError(
                .flowControlSendmeVersion, kind: .protocolViolation,
                "the relay's authenticated SENDME carries \(digest?.count ?? 0) digest bytes, "
                    + "fewer than \(sendmeDigestLength); the circuit must be closed")
        }
        guard ConstantTime.equals(Array(digest.prefix(sendmeDigestLength)), expected) else {
            throw CircuitError(
                .flowControlSendmeDigestMismatch, kind: .protocolViolation,
                "the relay's SENDME digest does not match the cell that should have triggered "
                    + "it: it did not see our cells; the circuit must be closed")
        }
    }
}
