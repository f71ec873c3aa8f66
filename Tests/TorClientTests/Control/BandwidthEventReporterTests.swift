import ControlPort
import NIOConcurrencyHelpers
import NIOPosix
import TorClient
import TorCore
import Testing

/// BW events from traffic totals, timed by a clock that never waits for real time.
@Suite(.timeLimit(.minutes(1))) struct BandwidthEventReporterTests {
    /// Each sleep returns at once and is counted; after `limit` sleeps it throws, which ends
    /// the reporter's loop.
    final class CountingClock: ResilienceClock {
        let limit: Int
        let sleeps = NIOLockedValueBox<[Duration]>([])
        init(limit: Int) { self.limit = limit }
        func now() -> ResilienceInstant { ResilienceInstant(offset: .zero) }
        func sleep(for duration: Duration) async throws {
            let count = sleeps.withLockedValue { $0.append(duration); return $0.count }
            if count > limit { throw CancellationError() }
        }
    }

    @Test func deltaNeverWraps() {
        let earlier = ControlledTraffic(read: 100, written: 50)
        #expect(BandwidthEventReporter.delta(from: earlier, to: ControlledTraffic(read: 150, written: 50)) == (50, 0))
        #expect(BandwidthEventReporter.delta(from: earlier, to: ControlledTraffic(read: 10, written: 60)) == (0, 10))
    }

    @Test func publishesTheGrowthOfEachSecond() async throws {
        let server = try await ControlBackendServer.start()
        server.client.state.withLockedValue {
            $0.trafficReadings = [
                ControlledTraffic(read: 1000, written: 500), ControlledTraffic(read: 1600, written: 700),
                ControlledTraffic(read: 1600, written: 700), ControlledTraffic(read: 4000, written: 1000),
            ]
        }
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        try await client.call("SETEVENTS BW")
        let clock = CountingClock(limit: 3)
        await BandwidthEventReporter(client: server.client, events: server.events, clock: clock).run()
        var bodies: [String] = []
        for await event in client.events {
            bodies.append(event.body)
            if bodies.count == 3 { break }
        }
        #expect(bodies == ["600 200", "0 0", "2400 300"])
        #expect(clock.sleeps.withLockedValue { $0 } == Array(repeating: .seconds(1), count: 4))
        await client.close()
        await server.stop()
    }
}
