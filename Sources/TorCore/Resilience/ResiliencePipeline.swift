/// Retries composed with per-target circuit breakers: every attempt passes through the breaker
/// of the target it uses, so every failure counts against that target, and an open breaker
/// turns into a fail-fast rejection that is never retried.
///
/// Two ways to call it:
/// - ``run(target:random:isolation:isRetryable:onRetry:operation:)`` for one fixed target (a
///   directory authority): an open breaker ends the run at once with `breaker.open`.
/// - ``run(random:isolation:isRetryable:onRetry:chooseTarget:operation:)`` when any of several
///   targets will do (extending a circuit through another relay): before each attempt the
///   chooser picks a target; when that target's breaker rejects, the chooser is asked again at
///   once, without a delay and without using up an attempt, so "a relay that keeps failing is
///   skipped while its breaker is open". The run ends with `breaker.open` only if the chooser
///   offers a target that was already rejected during the same attempt, and with
///   `resilience.noTarget` when it returns `nil`.
public struct ResiliencePipeline<Key: Hashable & Sendable>: Sendable {
    /// The most targets one attempt may ask for before it gives up: keeps a chooser that never
    /// runs out of rejected candidates from looping forever.
    public static var maximumChoicesPerAttempt: Int { 64 }

    /// The retry schedule for the whole run.
    public let retry: RetryPolicy
    /// Where each target's breaker lives.
    public let breakers: CircuitBreakerRegistry<Key>
    /// The clock the delays are slept on (the breakers read the registry's own clock).
    public let clock: any ResilienceClock

    /// Creates a pipeline; give it the same clock as the registry.
    public init(
        retry: RetryPolicy = .default, breakers: CircuitBreakerRegistry<Key>,
        clock: any ResilienceClock = SystemResilienceClock()
    ) {
        self.retry = retry
        self.breakers = breakers
        self.clock = clock
    }

    /// Runs `operation` against one fixed target with retries, each attempt through the
    /// target's breaker. A breaker rejection is rethrown at once (`breaker.open`); other
    /// failures follow ``RetryPolicy/run(clock:random:isolation:isRetryable:onRetry:operation:)``.
    public func run<Result>(
        target: Key,
        random: some RandomNumberGenerator = SystemRandomNumberGenerator(),
        isolation: isolated (any Actor)? = #isolation,
        isRetryable: (any Error) -> Bool = ResilienceErrors.isRetryable,
        onRetry: ((_ attempt: Int, _ error: any Error, _ delay: Duration) -> Void)? = nil,
        operation: (_ attempt: Int) async throws -> Result
    ) async throws -> Result {
        try await run(
            random: random, isolation: isolation, isRetryable: isRetryable, onRetry: onRetry,
            chooseTarget: { _ in target },
            operation: { _, attempt in try await operation(attempt) })
    }

    /// Runs `operation` with retries, choosing the target of each attempt with `chooseTarget`
    /// and passing the attempt through that target's breaker.
    ///
    /// - Parameters:
    ///   - chooseTarget: picks the next target from what the run has seen so far, or returns
    ///     `nil` when none is left (the run then throws `resilience.noTarget`, whose
    ///     `underlying` is the last rejection or failure).
    ///   - operation: the work for one attempt against the chosen target.
    public func run<Result>(
        random: some RandomNumberGenerator = SystemRandomNumberGenerator(),
        isolation: isolated (any Actor)? = #isolation,
        isRetryable: (any Error) -> Bool = ResilienceErrors.isRetryable,
        onRetry: ((_ attempt: Int, _ error: any Error, _ delay: Duration) -> Void)? = nil,
        chooseTarget: (ResilienceAttempt<Key>) async throws -> Key?,
        operation: (_ target: Key, _ attempt: Int) async throws -> Result
    ) async throws -> Result {
        var failed: [Key] = []
        var rejected: Set<Key> = []
        var lastError: (any Error)? = nil
        return try await retry.run(
            clock: clock, random: random, isolation: isolation,
            isRetryable: { error in
                (error as? TorCoreError)?.code != .resilienceNoTarget && isRetryable(error)
            },
            onRetry: onRetry
        ) { attempt in
            var rejectedThisAttempt: [Key: any Error] = [:]
            for _ in 0..<Self.maximumChoicesPerAttempt {
                let context = ResilienceAttempt(
                    number: attempt, failedTargets: failed, rejectedTargets: rejected)
                guard let key = try await chooseTarget(context) else {
                    throw Self.noTarget(attempt: attempt, underlying: lastError)
                }
                // Offered again within one attempt: the chooser has nothing better.
                if let rejection = rejectedThisAttempt[key] { throw rejection }
                let breaker = await breakers.breaker(for: key)
                let permit: CircuitBreakerPermit
                do {
                    permit = try await breaker.acquirePermission()
                } catch {
                    rejectedThisAttempt[key] = error
                    rejected.insert(key)
                    lastError = error
                    continue
                }
                do {
                    let result = try await operation(key, attempt)
                    await breaker.record(.success, for: permit)
                    return result
                } catch {
                    await breaker.record(error: error, for: permit)
                    failed.append(key)
                    lastError = error
                    throw error
                }
            }
            throw Self.noTarget(attempt: attempt, underlying: lastError)
        }
    }

    private static func noTarget(attempt: Int, underlying: (any Error)?) -> TorCoreError {
        TorCoreError(
            .resilienceNoTarget, kind: .resource,
            "No target left to try for attempt \(attempt): every candidate was rejected by its "
                + "open circuit breaker or none was offered. Wait for the breakers' cooldown or "
                + "check the network connection.",
            underlying: underlying)
    }
}
