import Foundation
import Testing

@testable import TorClient

/// The small replacements for Foundation API the client uses now that it does not link
/// swift-corelibs-foundation: each gives what Foundation gave.
@Suite struct FoundationReplacementTests {
    @Test func printfFormatMatchesFoundationForTheFormatsWeUse() {
        let cases: [(String, [any CVarArg])] = [
            ("%04d-%02d-%02d %02d:%02d:%02d UTC", [Int32(2026), Int32(11), Int32(3), Int32(4), Int32(5), Int32(6)]),
            ("%.1f", [1.25]), ("%.1f", [1.35]), ("%.1f", [1023.96]), ("%.1f", [0.04]),
        ]
        for (format, arguments) in cases {
            #expect(PrintfFormat.string(format, arguments: arguments) == String(format: format, arguments: arguments))
        }
        #expect(PrintfFormat.string("%04d-%02d", Int32(7), Int32(8)) == "0007-08")
    }

    @Test func printfFormatCutsAnOverlongResult() {
        let long = PrintfFormat.string("%0600d", Int32(1))
        #expect(long.utf8.count == PrintfFormat.maximumByteCount - 1)
    }

    @Test func reloadStatusSummaryKeepsItsTimestampFormat() {
        // 2026-11-23 05:01:02 UTC
        let status = ReloadStatus.accepted(at: .seconds(1_795_410_062), failedTargets: [])
        #expect(status.summary == "torrc accepted at 2026-11-23 05:01:02 UTC")
    }

    @Test func detachedThreadRunsTheBodyOnANamedThreadOfItsOwn() async throws {
        let caller = pthread_self()
        let (stream, continuation) = AsyncStream.makeStream(of: (name: String, isOtherThread: Bool).self)
        let started = DetachedThread.start(name: "torswift-test-thread") {
            let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            continuation.yield((name.trimmingCharacters(in: .newlines), pthread_equal(pthread_self(), caller) == 0))
            continuation.finish()
        }
        #expect(started)
        var iterator = stream.makeAsyncIterator()
        let seen = try #require(await iterator.next())
        // The kernel keeps 15 bytes of a thread name.
        #expect(seen.name == "torswift-test-t")
        #expect(seen.isOtherThread)
    }
}
