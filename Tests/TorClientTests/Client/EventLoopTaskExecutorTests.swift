import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import TorClient

/// The SOCKS delegate's tasks run on the connection's event loop, actor calls included, so a
/// stream costs no wake-up of the global pool's threads (see ``EventLoopTaskExecutor``).
@Suite struct EventLoopTaskExecutorTests {
    /// Runs `body` with an event loop group of `threads` threads, shut down afterwards.
    func withGroup(threads: Int, _ body: (MultiThreadedEventLoopGroup) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        do {
            try await body(group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    /// The order tasks ran in.
    final class RunOrder: Sendable {
        let indices = Mutex<[Int]>([])
    }

    /// A default actor standing in for the circuit pool.
    actor Recorder {
        var calls = 0

        func record(_ loop: any EventLoop) -> Bool {
            calls += 1
            return loop.inEventLoop
        }
    }

    @Test func taskAndDefaultActorRunOnTheLoop() async throws {
        try await withGroup(threads: 2) { group in
            let loop = group.next()
            let other = group.next()
            let recorder = Recorder()
            let observed = try await EventLoopTaskExecutor.makeFuture(on: loop) {
                let atStart = loop.inEventLoop
                let inActor = await recorder.record(loop)
                // A future completed on another loop resumes the task on its own loop again, as
                // CONNECTED arriving on the circuit's loop does.
                try? await other.submit {}.get()
                let afterHop = loop.inEventLoop
                return [atStart, inActor, afterHop]
            }.get()
            #expect(observed == [true, true, true])
            #expect(await recorder.calls == 1)
        }
    }

    @Test func plainTaskDoesNotRunOnTheLoop() async throws {
        // The contrast the executor exists for: EventLoop.makeFutureWithTask runs on the global
        // pool, so this test fails if NIO ever changes that and the executor can go.
        try await withGroup(threads: 1) { group in
            let loop = group.next()
            let onLoop = try await loop.makeFutureWithTask { loop.inEventLoop }.get()
            #expect(!onLoop)
        }
    }

    @Test func jobsRunInEnqueueOrder() async throws {
        try await withGroup(threads: 1) { group in
            let loop = group.next()
            let ran = RunOrder()
            let futures = (0..<50).map { index in
                EventLoopTaskExecutor.makeFuture(on: loop) { ran.indices.withLock { $0.append(index) } }
            }
            for future in futures { try await future.get() }
            #expect(ran.indices.withLock { $0 } == Array(0..<50))
        }
    }
}
