import Circuit
import Directory
import NIOConcurrencyHelpers
import NIOCore
import TorCore

/// Follows the client's channels (TLS links) to relays for the control port: GETINFO
/// `orconn-status` and the ORCONN events LAUNCHED, CONNECTED, FAILED and CLOSED (control-spec
/// §3.9, §4.1.3). It wraps the channel manager's opener, so it sees every channel the client
/// opens, once per channel and never per cell.
///
/// Invariant: the table holds exactly the channels launched and not yet failed or closed.
public final class RelayChannelTracker: Sendable {
    private struct State {
        var nextID = 1
        var channels: [Int: ControlledChannel] = [:]
        var hasConnected = false
    }

    private let state = NIOLockedValueBox(State())
    private let report: @Sendable (ControlledChannel) -> Void
    private let firstConnection: @Sendable () -> Void

    /// A tracker that calls `report` for each status change and `firstConnection` once, when
    /// the first channel completes its handshake (the network is live).
    public init(
        report: @escaping @Sendable (ControlledChannel) -> Void, firstConnection: @escaping @Sendable () -> Void = {}
    ) {
        self.report = report
        self.firstConnection = firstConnection
    }

    /// The channels opening or open, by ID.
    public var channels: [ControlledChannel] {
        state.withLockedValue { $0.channels.values.sorted { $0.id < $1.id } }
    }

    /// Whether any channel completed its handshake since start.
    public var hasConnected: Bool { state.withLockedValue { $0.hasConnected } }

    /// An opener that reports what `open` does: LAUNCHED before, CONNECTED or FAILED after, and
    /// CLOSED when the channel closes. `relayName` gives the relay's nickname, when known.
    public func tracking(
        _ open: @escaping ChannelManager.Opener, relayName: @escaping @Sendable (RelayTarget) async -> String?
    ) -> ChannelManager.Opener {
        { [self] target in
            let relay = ControlledRelay(fingerprint: ControlStatusFormatter.hex(target.rsaIdentity), nickname: await relayName(target))
            let id = launched(relay)
            do {
                let channel = try await open(target)
                connected(id)
                channel.channel.closeFuture.whenComplete { _ in self.ended(id, status: "CLOSED", reason: "DONE") }
                return channel
            } catch {
                ended(id, status: "FAILED", reason: Self.reason(for: error))
                throw error
            }
        }
    }

    private func launched(_ relay: ControlledRelay) -> Int {
        let channel = state.withLockedValue { state in
            let channel = ControlledChannel(id: state.nextID, relay: relay, status: "LAUNCHED")
            state.nextID += 1
            state.channels[channel.id] = channel
            return channel
        }
        report(channel)
        return channel.id
    }

    private func connected(_ id: Int) {
        let (channel, isFirst) = state.withLockedValue { state -> (ControlledChannel?, Bool) in
            state.channels[id]?.status = "CONNECTED"
            let isFirst = !state.hasConnected
            state.hasConnected = true
            return (state.channels[id], isFirst)
        }
        if let channel { report(channel) }
        if isFirst { firstConnection() }
    }

    private func ended(_ id: Int, status: String, reason: String) {
        guard var channel = state.withLockedValue({ $0.channels.removeValue(forKey: id) }) else { return }
        channel.status = status
        channel.reason = reason
        report(channel)
    }

    /// The ORCONN reason (§4.1.3) for a failed opening: TIMEOUT, CONNECTREFUSED, IDENTITY or MISC.
    static func reason(for error: any Error) -> String {
        let text = "\(error)".lowercased()
        if text.contains("timed out") || text.contains("timeout") { return "TIMEOUT" }
        if text.contains("refused") { return "CONNECTREFUSED" }
        if text.contains("identity") || text.contains("certificate") { return "IDENTITY" }
        return "MISC"
    }
}
