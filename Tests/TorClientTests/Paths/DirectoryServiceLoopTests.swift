import Directory
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TorClient
import TorCore

/// The directory service's loop when no directory answers: every failure is counted and
/// followed by a bounded back-off sleep on the injected clock, and cancellation ends it.
@Suite(.timeLimit(.minutes(1)))
struct DirectoryServiceLoopTests {
    @Test func aFailingBootstrapIsRetriedAfterBackOffSleepsUntilCancelled() async throws {
        let port = try await Self.closedLoopbackPort()
        let authority = DirectoryAuthority(
            nickname: "gone", address: "127.0.0.1", directoryPort: port, orPort: nil,
            fingerprint: RelayFingerprint(hex: String(repeating: "AB", count: 20))!,
            v3Identity: RelayFingerprint(hex: String(repeating: "CD", count: 20))!)
        let configuration = BootstrapConfiguration(
            authorities: [authority], dataDirectory: nil,
            retry: RetryPolicy(maxAttempts: 2, baseDelay: .zero, maxDelay: .zero))
        let clock = RecordingClock()
        let bootstrapper = DirectoryBootstrapper(configuration: configuration, transport: DirPortTransport(), clock: clock)
        let retry = RetryPolicy(maxAttempts: .max, baseDelay: .seconds(2), maxDelay: .seconds(8))
        let service = DirectoryService(bootstrapper: bootstrapper, clock: clock, retry: retry)
        #expect(await service.isRefreshDue())

        let loop = Task { await service.run() }
        var sleeps: [Duration] = []
        for await sleep in clock.sleeps {
            sleeps.append(sleep)
            if sleeps.count == 3 { break }
        }
        loop.cancel()
        await loop.value

        #expect(sleeps.count == 3)
        for sleep in sleeps {
            #expect(sleep >= DirectoryRefreshTiming.minimumRetrySleep && sleep <= .seconds(8), "\(sleep)")
        }
        let status = await service.status()
        #expect(status.failures >= 3)
        #expect(status.lastFailure?.contains(DirectoryError.Code.bootstrapFailed.description) == true, "\(status.lastFailure ?? "")")
        #expect(status.refreshes == 0)
        #expect(status.validAfter == nil)
        #expect(await service.store.current == nil)
    }

    /// A loopback port nothing listens on: bound by us, then closed.
    static func closedLoopbackPort() async throws -> UInt16 {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return UInt16(port)
    }
}

/// A clock whose sleeps return at once (after a yield), move its time forward, and are
/// reported, in order, on ``sleeps`` — except the zero-length waits of the bootstrapper's own
/// retries, which are not the loop's.
final class RecordingClock: ResilienceClock {
    private let offset = Mutex(Duration.zero)
    private let continuation: AsyncStream<Duration>.Continuation
    let sleeps: AsyncStream<Duration>

    init() {
        (sleeps, continuation) = AsyncStream.makeStream(of: Duration.self)
    }

    func now() -> ResilienceInstant { ResilienceInstant(offset: offset.withLock { $0 }) }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        offset.withLock { $0 += max(duration, .zero) }
        if duration > .zero { continuation.yield(duration) }
        await Task.yield()
        try Task.checkCancellation()
    }
}
