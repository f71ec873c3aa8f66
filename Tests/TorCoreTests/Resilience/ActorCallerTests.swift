import Testing
@testable import TorCore

/// Stands in for the directory or circuit manager: an actor whose closures touch its own state
/// while retries and breakers run in its isolation.
private actor Fetcher {
    let pipeline: ResiliencePipeline<String>
    let clock: ManualClock
    private(set) var log: [String] = []

    init(clock: ManualClock) {
        self.clock = clock
        let registry = CircuitBreakerRegistry<String>(
            policy: CircuitBreakerPolicy(consecutiveFailureThreshold: 3, cooldown: .seconds(30)),
            clock: clock)
        pipeline = ResiliencePipeline(retry: .default, breakers: registry, clock: clock)
    }

    func fetchWithRetry() async throws -> Int {
        try await RetryPolicy.default.run(clock: clock, random: SplitMix64(seed: 8)) { attempt in
            log.append("retry \(attempt)")
            if attempt < 2 { throw TransientFailure() }
            return attempt
        }
    }

    func fetchThroughBreaker() async throws -> Int {
        try await pipeline.breakers.breaker(for: "relay").run {
            log.append("breaker")
            return 7
        }
    }

    func fetchThroughPipeline() async throws -> String {
        try await pipeline.run(random: SplitMix64(seed: 8)) { context in
            log.append("choose \(context.number)")
            return "relay"
        } operation: { target, _ in
            log.append("use \(target)")
            return target
        }
    }
}

@Suite struct ActorCallerTests {
    @Test func anActorPassesClosuresThatTouchItsOwnState() async throws {
        let fetcher = Fetcher(clock: ManualClock(autoAdvance: true))
        #expect(try await fetcher.fetchWithRetry() == 2)
        #expect(try await fetcher.fetchThroughBreaker() == 7)
        #expect(try await fetcher.fetchThroughPipeline() == "relay")
        #expect(await fetcher.log == ["retry 1", "retry 2", "breaker", "choose 1", "use relay"])
    }
}
