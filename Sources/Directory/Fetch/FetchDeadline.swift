import TorCore

/// Runs `operation`, failing it with `dir.transport.timeout` once `limit` has passed: every
/// directory fetch is bounded in time, whatever the server does.
func withFetchDeadline<Result: Sendable>(
    _ limit: Duration, _ what: @autoclosure () -> String,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let description = what()
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw DirectoryError(
                .transportTimeout, kind: .resource,
                "\(description) took longer than \(limit.components.seconds) s; another directory will be asked")
        }
        return result
    }
}

/// A connection-level failure as a `dir.transport.connection` error that names `server` but
/// not its address: the underlying NIO errors print addresses, which SafeLogging keeps out of logs.
func connectionFailure(_ error: any Error, server: DirectoryServer, via: String) -> any Error {
    if error is DirectoryError || error is CancellationError { return error }
    return DirectoryError(
        .transportConnection, kind: .resource,
        "Could not fetch from \(server) over \(via) (\(Redacted(String(describing: error)))); "
            + "another directory will be asked")
}
