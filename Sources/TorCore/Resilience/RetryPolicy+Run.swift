extension RetryPolicy {
    /// Runs `operation` until it succeeds, retrying failures that `isRetryable` accepts after a
    /// delay from ``delay(forAttempt:previous:using:)``.
    ///
    /// Runs in the caller's isolation (an actor's methods may pass closures that touch its
    /// state). Rules, in order:
    /// - Cancellation is checked before every attempt and interrupts the wait between attempts;
    ///   either way `CancellationError` is thrown at once.
    /// - Cancellation and a breaker's `breaker.open` rejection are rethrown at once whatever
    ///   `isRetryable` says (``ResilienceErrors/isNeverRetryable(_:)``).
    /// - An error `isRetryable` rejects is rethrown at once, unchanged.
    /// - After `maxAttempts` retryable failures, `TorCoreError` `retry.exhausted` (kind
    ///   `.resource`) is thrown; its ``TorCoreError/retryExhaustion`` holds the attempt count
    ///   and the last error.
    ///
    /// - Parameters:
    ///   - clock: where the delays are slept; tests pass a manual clock.
    ///   - random: the jitter source, copied for this run; tests pass a seeded generator.
    ///   - isRetryable: which errors are worth another attempt.
    ///   - onRetry: told about each failure that will be retried: the failed attempt's number,
    ///     its error, and the delay before the next attempt. Called before the delay.
    ///   - operation: the work; receives the attempt number, starting at 1.
    public func run<Result>(
        clock: some ResilienceClock = SystemResilienceClock(),
        random: some RandomNumberGenerator = SystemRandomNumberGenerator(),
        isolation: isolated (any Actor)? = #isolation,
        isRetryable: (any Error) -> Bool = ResilienceErrors.isRetryable,
        onRetry: ((_ attempt: Int, _ error: any Error, _ delay: Duration) -> Void)? = nil,
        operation: (_ attempt: Int) async throws -> Result
    ) async throws -> Result {
        var generator = random
        var previousDelay: Duration? = nil
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                return try await operation(attempt)
            } catch {
                if ResilienceErrors.isNeverRetryable(error) || !isRetryable(error) {
                    throw error
                }
                guard attempt < maxAttempts else {
                    throw TorCoreError.retryExhausted(attempts: attempt, lastError: error)
                }
                let wait = delay(forAttempt: attempt, previous: previousDelay, using: &generator)
                onRetry?(attempt, error, wait)
                previousDelay = wait
                try await clock.sleep(for: wait)
                attempt += 1
            }
        }
    }
}
