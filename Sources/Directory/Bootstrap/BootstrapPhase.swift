/// One of C tor's bootstrap phases (control-spec 5.5): the percentage it starts at, the tag
/// controllers match on, and the summary users see, e.g. `Bootstrapped 100% (done): Done`.
///
/// Open: a phase this client does not know (from a newer controller vocabulary) is still a
/// value. The numbers and words are those of control-spec 5.5, which tor 0.4.9.11 prints
/// (its binary carries exactly these summaries).
public struct BootstrapPhase: Hashable, Sendable, CustomStringConvertible {
    /// Where the phase starts, 0 to 100.
    public let progress: Int
    /// The controller-facing keyword.
    public let tag: String
    /// The human-readable text of the task that follows.
    public let summary: String

    /// A phase from its parts.
    public init(progress: Int, tag: String, summary: String) {
        self.progress = progress
        self.tag = tag
        self.summary = summary
    }

    // Stage 1: the first connection to a relay (control-spec 5.5.2).

    /// Phase 0.
    public static let starting = BootstrapPhase(progress: 0, tag: "starting", summary: "Starting")
    /// Phase 1.
    public static let connectingToTransport = BootstrapPhase(progress: 1, tag: "conn_pt", summary: "Connecting to pluggable transport")
    /// Phase 2.
    public static let connectedToTransport = BootstrapPhase(progress: 2, tag: "conn_done_pt", summary: "Connected to pluggable transport")
    /// Phase 3.
    public static let connectingToProxy = BootstrapPhase(progress: 3, tag: "conn_proxy", summary: "Connecting to proxy")
    /// Phase 4.
    public static let connectedToProxy = BootstrapPhase(progress: 4, tag: "conn_done_proxy", summary: "Connected to proxy")
    /// Phase 5.
    public static let connecting = BootstrapPhase(progress: 5, tag: "conn", summary: "Connecting to a relay")
    /// Phase 10.
    public static let connected = BootstrapPhase(progress: 10, tag: "conn_done", summary: "Connected to a relay")
    /// Phase 14.
    public static let handshaking = BootstrapPhase(progress: 14, tag: "handshake", summary: "Handshaking with a relay")
    /// Phase 15.
    public static let handshakeDone = BootstrapPhase(progress: 15, tag: "handshake_done", summary: "Handshake with a relay done")

    // Stage 2: directory information (control-spec 5.5.3).

    /// Phase 20.
    public static let oneHopCreate = BootstrapPhase(
        progress: 20, tag: "onehop_create", summary: "Establishing an encrypted directory connection")
    /// Phase 25.
    public static let requestingStatus = BootstrapPhase(
        progress: 25, tag: "requesting_status", summary: "Asking for networkstatus consensus")
    /// Phase 30.
    public static let loadingStatus = BootstrapPhase(progress: 30, tag: "loading_status", summary: "Loading networkstatus consensus")
    /// Phase 40.
    public static let loadingKeys = BootstrapPhase(progress: 40, tag: "loading_keys", summary: "Loading authority key certs")
    /// Phase 45.
    public static let requestingDescriptors = BootstrapPhase(
        progress: 45, tag: "requesting_descriptors", summary: "Asking for relay descriptors")
    /// Phase 50; reported again with more progress (up to 74) as descriptors arrive.
    public static let loadingDescriptors = BootstrapPhase(progress: 50, tag: "loading_descriptors", summary: "Loading relay descriptors")
    /// Phase 75.
    public static let enoughDirectoryInfo = BootstrapPhase(
        progress: 75, tag: "enough_dirinfo", summary: "Loaded enough directory info to build circuits")

    // Stage 3: the first application circuit (control-spec 5.5.4).

    /// Phase 76.
    public static let applicationConnectingToTransport = BootstrapPhase(
        progress: 76, tag: "ap_conn_pt", summary: "Connecting to pluggable transport to build circuits")
    /// Phase 77.
    public static let applicationConnectedToTransport = BootstrapPhase(
        progress: 77, tag: "ap_conn_done_pt", summary: "Connected to pluggable transport to build circuits")
    /// Phase 78.
    public static let applicationConnectingToProxy = BootstrapPhase(
        progress: 78, tag: "ap_conn_proxy", summary: "Connecting to proxy to build circuits")
    /// Phase 79.
    public static let applicationConnectedToProxy = BootstrapPhase(
        progress: 79, tag: "ap_conn_done_proxy", summary: "Connected to proxy to build circuits")
    /// Phase 80.
    public static let applicationConnecting = BootstrapPhase(
        progress: 80, tag: "ap_conn", summary: "Connecting to a relay to build circuits")
    /// Phase 85.
    public static let applicationConnected = BootstrapPhase(
        progress: 85, tag: "ap_conn_done", summary: "Connected to a relay to build circuits")
    /// Phase 89.
    public static let applicationHandshaking = BootstrapPhase(
        progress: 89, tag: "ap_handshake", summary: "Finishing handshake with a relay to build circuits")
    /// Phase 90.
    public static let applicationHandshakeDone = BootstrapPhase(
        progress: 90, tag: "ap_handshake_done", summary: "Handshake finished with a relay to build circuits")
    /// Phase 95.
    public static let circuitCreate = BootstrapPhase(progress: 95, tag: "circuit_create", summary: "Establishing a Tor circuit")
    /// Phase 100.
    public static let done = BootstrapPhase(progress: 100, tag: "done", summary: "Done")

    /// Every phase, in order.
    public static let all: [BootstrapPhase] = [
        .starting, .connectingToTransport, .connectedToTransport, .connectingToProxy, .connectedToProxy,
        .connecting, .connected, .handshaking, .handshakeDone, .oneHopCreate, .requestingStatus,
        .loadingStatus, .loadingKeys, .requestingDescriptors, .loadingDescriptors, .enoughDirectoryInfo,
        .applicationConnectingToTransport, .applicationConnectedToTransport, .applicationConnectingToProxy,
        .applicationConnectedToProxy, .applicationConnecting, .applicationConnected, .applicationHandshaking,
        .applicationHandshakeDone, .circuitCreate, .done,
    ]

    /// "NN% (tag): summary".
    public var description: String { "\(progress)% (\(tag)): \(summary)" }
}
