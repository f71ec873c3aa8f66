import NIOCore

/// A Swift concurrency task executor that runs jobs on one NIO event loop: a task that prefers
/// it (SE-0417) runs its nonisolated code, and the code of default actors it calls (the circuit
/// pool), on that loop's thread.
///
/// Why: a SOCKS request is a short async exchange (ask the pool for a circuit, send BEGIN, wait
/// for CONNECTED) that starts and ends on the connection's event loop. Run as a plain task, it
/// wakes a thread of the global pool to start, again when CONNECTED arrives, and then the event
/// loop to send the reply: three thread wake-ups per stream, each a scheduling delay on a busy
/// machine, where C tor has none. Preferring the connection's loop leaves only the hop to the
/// circuit's loop and back (none when they are the same loop). Actor isolation is unchanged: a
/// default actor still runs one job at a time; only the thread it borrows differs.
///
/// Invariant: every job enqueued runs exactly once, on `eventLoop`, in enqueue order. Jobs are
/// short (no blocking calls), as everything on an event loop must be.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop every job runs on.
    let eventLoop: any EventLoop

    /// An executor for `eventLoop`; cheap, one per request is fine.
    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Runs `job` on the event loop, after whatever the loop already has queued.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    /// A future completed on `eventLoop` with the result of `body`, run as a task that prefers
    /// this executor: `EventLoop.makeFutureWithTask` without the global pool's thread hops.
    static func makeFuture<Value: Sendable>(
        on eventLoop: any EventLoop, _ body: @escaping @Sendable () async -> Value
    ) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        Task(executorPreference: EventLoopTaskExecutor(eventLoop)) {
            promise.succeed(await body())
        }
        return promise.futureResult
    }
}
