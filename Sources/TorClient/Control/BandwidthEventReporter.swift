import TorCore

/// Publishes one `650 BW read written` event per interval (control-spec.txt §4.1.4: bytes of
/// the last second) from the client's running totals, until its task is cancelled.
///
/// The first reading only sets the baseline; each later one publishes the growth since the
/// previous. Totals that go down (a counter reset) count as zero rather than wrapping.
public struct BandwidthEventReporter: Sendable {
    /// The spec's period: "bandwidth used in the last second".
    public static let interval: Duration = .seconds(1)

    private let client: any ControlledClient
    private let events: ClientControlEvents
    private let clock: any ResilienceClock

    /// A reporter reading `client` and publishing on `events`, timed by `clock`.
    public init(client: any ControlledClient, events: ClientControlEvents, clock: any ResilienceClock = SystemResilienceClock()) {
        self.client = client
        self.events = events
        self.clock = clock
    }

    /// Runs until cancelled (or the clock's sleep throws); returns normally then.
    public func run() async {
        var previous = await client.traffic()
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: Self.interval)
            } catch {
                return
            }
            let current = await client.traffic()
            let (read, written) = Self.delta(from: previous, to: current)
            events.bandwidth(read: read, written: written)
            previous = current
        }
    }

    /// Bytes read and written between two readings; a decrease counts as zero.
    public static func delta(from previous: ControlledTraffic, to current: ControlledTraffic) -> (read: UInt64, written: UInt64) {
        (current.read >= previous.read ? current.read - previous.read : 0,
         current.written >= previous.written ? current.written - previous.written : 0)
    }
}
