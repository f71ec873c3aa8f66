import NIOCore
import TorCore

/// The pool of channels to relays: one channel per relay identity, shared by every circuit
/// whose first hop is that relay (tor-spec 5.3.1: reuse a canonical connection), opened on
/// first use and closed when idle or old (`ConnectionPoolMaxIdle`, `ConnectionPoolMaxLife`).
///
/// Control plane only: it is asked once per circuit, never per cell. Concurrent requests for
/// the same relay share one opening. Time comes from an injected ``TorCore/ResilienceClock``;
/// ``sweep()`` applies the idle and age limits, and ``runSweeps(every:)`` calls it periodically.
public actor ChannelManager {
    /// Opens a link-authenticated channel to a relay with the circuit layer installed.
    public typealias Opener = @Sendable (RelayTarget) async throws -> CircuitChannel

    private struct Entry {
        let channel: CircuitChannel
        let openedAt: ResilienceInstant
        let isPooled: Bool
        var idleSince: ResilienceInstant?
        /// Too old for new circuits; closed once idle.
        var isRetired = false
    }

    private var settings: ChannelPoolSettings
    private let clock: any ResilienceClock
    private let opener: Opener
    private var entries: [ObjectIdentifier: Entry] = [:]
    /// The channel new circuits to a relay (by fingerprint) use.
    private var pooled: [String: ObjectIdentifier] = [:]
    private var openings: [String: Task<CircuitChannel, any Error>] = [:]

    /// A pool that opens channels with `opener`.
    public init(settings: ChannelPoolSettings = ChannelPoolSettings(), clock: any ResilienceClock = SystemResilienceClock(), opener: @escaping Opener) {
        self.settings = settings
        self.clock = clock
        self.opener = opener
    }

    /// A pool that opens real channels on `group` (``CircuitChannel/open(to:group:timeout:now:logger:)``).
    public init(
        group: any EventLoopGroup, connectTimeout: TimeAmount, settings: ChannelPoolSettings = ChannelPoolSettings(),
        clock: any ResilienceClock = SystemResilienceClock()
    ) {
        self.init(settings: settings, clock: clock) { relay in
            try await CircuitChannel.open(to: relay, group: group, timeout: connectTimeout)
        }
    }

    /// True while circuits to one relay share its pooled channel (EnableConnectionPooling).
    public var isPoolingEnabled: Bool { settings.isPoolingEnabled }

    /// Channels currently open (pooled, unpooled and retired).
    public var channelCount: Int { entries.count }

    /// Applies reloaded settings; they take effect at the next request and sweep.
    public func update(settings newSettings: ChannelPoolSettings) {
        settings = newSettings
        if !newSettings.isPoolingEnabled { pooled.removeAll() }
    }

    /// A channel to `relay`: the pooled one while it is open and young enough, else a new one.
    public func channel(to relay: RelayTarget) async throws -> CircuitChannel {
        let key = relay.fingerprint
        guard settings.isPoolingEnabled else {
            return register(try await opener(relay), key: key, pooled: false)
        }
        if let id = pooled[key], var entry = entries[id] {
            if entry.channel.isActive, !isTooOld(entry) {
                entry.idleSince = nil
                entries[id] = entry
                return entry.channel
            }
            pooled[key] = nil
        }
        if let opening = openings[key] {
            return try await opening.value
        }
        let opening = Task { [opener] in try await opener(relay) }
        openings[key] = opening
        defer { openings[key] = nil }
        let channel = try await opening.value
        // Re-checked after the await: a reload may have turned pooling off meanwhile.
        return register(channel, key: key, pooled: settings.isPoolingEnabled)
    }

    /// Checks that `relay` answers (a guard before a build, guard-spec 4.6): its pooled channel
    /// is opened or reused for the build that follows; with pooling off the channel is closed
    /// again, since the build opens its own and nothing else would ever use this one.
    public func checkReachable(_ relay: RelayTarget) async throws {
        let channel = try await channel(to: relay)
        if entries[ObjectIdentifier(channel.channel)]?.isPooled == false { channel.close() }
    }

    private func register(_ channel: CircuitChannel, key: String, pooled isPooled: Bool) -> CircuitChannel {
        let id = ObjectIdentifier(channel.channel)
        entries[id] = Entry(channel: channel, openedAt: clock.now(), isPooled: isPooled)
        if isPooled { pooled[key] = id }
        channel.channel.closeFuture.whenComplete { _ in
            Task { await self.forget(id, key: key) }
        }
        return channel
    }

    private func forget(_ id: ObjectIdentifier, key: String) {
        entries[id] = nil
        if pooled[key] == id { pooled[key] = nil }
    }

    private func isTooOld(_ entry: Entry) -> Bool {
        clock.now().duration(since: entry.openedAt) >= settings.maximumLife
    }

    /// Closes channels that carried no circuit for `ConnectionPoolMaxIdle`, retires channels
    /// older than `ConnectionPoolMaxLife` (closing them once idle), and closes an unpooled
    /// channel as soon as its circuits are gone.
    public func sweep() async {
        for (id, entry) in entries {
            guard entry.channel.isActive else {
                forget(id, key: entry.channel.relay.fingerprint)
                continue
            }
            guard let usage = try? await entry.channel.usage() else { continue }
            // Re-checked after the await: the channel may have closed or been swept meanwhile.
            guard var current = entries[id] else { continue }
            let now = clock.now()
            let key = current.channel.relay.fingerprint
            if !current.isRetired, now.duration(since: current.openedAt) >= settings.maximumLife {
                current.isRetired = true
                if pooled[key] == id { pooled[key] = nil }
            }
            guard usage.open == 0 else {
                current.idleSince = nil
                entries[id] = current
                continue
            }
            let idleSince = current.idleSince ?? now
            current.idleSince = idleSince
            // Nothing new will use an unpooled channel after its circuits, or a retired one.
            let finished = (usage.created > 0 && !current.isPooled) || current.isRetired
            if finished || now.duration(since: idleSince) >= settings.maximumIdle {
                forget(id, key: key)
                current.channel.close()
            } else {
                entries[id] = current
            }
        }
    }

    /// Sweeps every `interval` until the calling task is cancelled.
    public func runSweeps(every interval: Duration) async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: interval) } catch { return }
            await sweep()
        }
    }

    /// Closes every channel (at shutdown); their circuits fail with `circuit.channelClosed`.
    public func closeAll() {
        for entry in entries.values { entry.channel.close() }
        entries.removeAll()
        pooled.removeAll()
    }
}
