extension TorCoreError.Code {
    /// A retried operation failed on every allowed attempt. Kind `.resource`; ``TorCoreError/underlying``
    /// is a ``RetryExhaustion`` carrying the attempt count and the last failure.
    public static let retryExhausted: Self = "retry.exhausted"
    /// A circuit breaker refused a call without running it, because its target failed too often
    /// recently. Kind `.resource`. Never retried: the retry layer rethrows it at once.
    public static let breakerOpen: Self = "breaker.open"
    /// A ``ResiliencePipeline`` ran out of targets to try: the caller's chooser offered none
    /// whose breaker would admit a call. Kind `.resource`.
    public static let resilienceNoTarget: Self = "resilience.noTarget"
}

/// What ``TorCoreError/underlying`` holds for a `retry.exhausted` error: how many attempts ran
/// and the error the last one failed with.
public struct RetryExhaustion: Error, Sendable, CustomStringConvertible {
    /// The number of attempts that ran (the policy's `maxAttempts`).
    public let attempts: Int
    /// The error of the last attempt.
    public let lastError: any Error

    /// Creates the record of an exhausted retry.
    public init(attempts: Int, lastError: any Error) {
        self.attempts = attempts
        self.lastError = lastError
    }

    public var description: String { "\(attempts) attempts, last error: \(lastError)" }
}

extension TorCoreError {
    /// For a `retry.exhausted` error, the attempt count and the last failure; `nil` otherwise.
    public var retryExhaustion: RetryExhaustion? {
        guard code == .retryExhausted else { return nil }
        return underlying as? RetryExhaustion
    }

    /// The error of the last attempt behind a `retry.exhausted` error; `nil` for other errors.
    public var lastAttemptError: (any Error)? { retryExhaustion?.lastError }

    /// The error thrown when a retried operation failed `attempts` times.
    static func retryExhausted(attempts: Int, lastError: any Error) -> TorCoreError {
        TorCoreError(
            .retryExhausted, kind: .resource,
            "Gave up after \(attempts) failed attempts; the last one failed with: \(lastError). "
                + "Act on that last error; if it is a timeout or a refused connection, check the "
                + "network connection and whether the relays are reachable.",
            underlying: RetryExhaustion(attempts: attempts, lastError: lastError))
    }
}

/// Error classification shared by retries and breakers.
public enum ResilienceErrors {
    /// True for a circuit breaker's own fail-fast rejection (`breaker.open`).
    public static func isBreakerRejection(_ error: any Error) -> Bool {
        (error as? TorCoreError)?.code == .breakerOpen
    }

    /// True for errors no retry may ever repeat: cancellation and a breaker's rejection. The
    /// retry layer checks this before, and regardless of, the caller's classifier.
    public static func isNeverRetryable(_ error: any Error) -> Bool {
        error is CancellationError || isBreakerRejection(error)
    }

    /// The default retry classifier: retries every error except cancellation, a breaker's
    /// rejection, and `TorCoreError`s of kind `.badInput` or `.internalFailure`, which another
    /// attempt cannot fix. Timeouts, limits and a peer's protocol violation are retried, since
    /// the next attempt may reach another relay.
    public static func isRetryable(_ error: any Error) -> Bool {
        if isNeverRetryable(error) { return false }
        if let error = error as? TorCoreError {
            return error.kind == .resource || error.kind == .protocolViolation
        }
        return true
    }

    /// The default breaker classifier: every error counts as a failure of the target except
    /// cancellation (the caller gave up, the target did not fail) and a breaker's rejection.
    public static func countsAsBreakerFailure(_ error: any Error) -> Bool {
        !isNeverRetryable(error)
    }
}
