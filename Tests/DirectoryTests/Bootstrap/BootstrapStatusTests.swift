import Logging
import Synchronization
import Testing
import TorCore
@testable import Directory

/// C tor's bootstrap reporting (control-spec 5.5): order, no regression, exact text.
@Suite("Bootstrap progress (control-spec 5.5)")
struct BootstrapStatusTests {
    @Test func phasesMatchControlSpec55() {
        let expected: [(Int, String, String)] = [
            (0, "starting", "Starting"), (1, "conn_pt", "Connecting to pluggable transport"),
            (2, "conn_done_pt", "Connected to pluggable transport"), (3, "conn_proxy", "Connecting to proxy"),
            (4, "conn_done_proxy", "Connected to proxy"), (5, "conn", "Connecting to a relay"),
            (10, "conn_done", "Connected to a relay"), (14, "handshake", "Handshaking with a relay"),
            (15, "handshake_done", "Handshake with a relay done"),
            (20, "onehop_create", "Establishing an encrypted directory connection"),
            (25, "requesting_status", "Asking for networkstatus consensus"),
            (30, "loading_status", "Loading networkstatus consensus"), (40, "loading_keys", "Loading authority key certs"),
            (45, "requesting_descriptors", "Asking for relay descriptors"),
            (50, "loading_descriptors", "Loading relay descriptors"),
            (75, "enough_dirinfo", "Loaded enough directory info to build circuits"),
            (76, "ap_conn_pt", "Connecting to pluggable transport to build circuits"),
            (77, "ap_conn_done_pt", "Connected to pluggable transport to build circuits"),
            (78, "ap_conn_proxy", "Connecting to proxy to build circuits"),
            (79, "ap_conn_done_proxy", "Connected to proxy to build circuits"),
            (80, "ap_conn", "Connecting to a relay to build circuits"),
            (85, "ap_conn_done", "Connected to a relay to build circuits"),
            (89, "ap_handshake", "Finishing handshake with a relay to build circuits"),
            (90, "ap_handshake_done", "Handshake finished with a relay to build circuits"),
            (95, "circuit_create", "Establishing a Tor circuit"), (100, "done", "Done"),
        ]
        #expect(BootstrapPhase.all.map(\.progress) == expected.map(\.0))
        #expect(BootstrapPhase.all.map(\.tag) == expected.map(\.1))
        #expect(BootstrapPhase.all.map(\.summary) == expected.map(\.2))
    }

    @Test func logAndControlLinesAreCTorsExactText() throws {
        var status = BootstrapStatus()
        _ = status.record(.starting)
        let report = status.record(.done)
        let done = try #require(report)
        #expect(done.logMessage == "Bootstrapped 100% (done): Done")
        #expect(done.controlStatus == "NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"")
        #expect(BootstrapStatus.Report(phase: .loadingDescriptors, progress: 57, severity: .notice).logMessage
            == "Bootstrapped 57% (loading_descriptors): Loading relay descriptors")
    }

    @Test func phasesNeverGoBackwardsAndEachComesOnce() {
        var status = BootstrapStatus()
        #expect(status.record(.starting) != nil)
        #expect(status.record(.starting) == nil)
        #expect(status.record(.handshakeDone) != nil)
        #expect(status.record(.connecting) == nil)
        #expect(status.record(.handshakeDone) == nil)
        #expect(status.record(.requestingStatus) != nil)
        #expect(status.history.map(\.phase.tag) == ["starting", "handshake_done", "requesting_status"])
        #expect(status.progress == 25)
    }

    @Test func progressWithinAPhaseRisesAndIsClampedToItsSpan() {
        var status = BootstrapStatus()
        #expect(status.record(.loadingDescriptors, progress: 52)?.progress == 52)
        #expect(status.record(.loadingDescriptors, progress: 52) == nil)
        #expect(status.record(.loadingDescriptors, progress: 51) == nil)
        #expect(status.record(.loadingDescriptors, progress: 99)?.progress == 74)
        #expect(status.record(.enoughDirectoryInfo, progress: 10)?.progress == 75)
    }

    @Test func smallStepsAreInfoAndFivePointStepsAreNotices() {
        var status = BootstrapStatus()
        #expect(status.record(.loadingDescriptors)?.severity == .notice)
        #expect(status.record(.loadingDescriptors, progress: 52)?.severity == .info)
        #expect(status.record(.loadingDescriptors, progress: 54)?.severity == .info)
        #expect(status.record(.loadingDescriptors, progress: 55)?.severity == .notice)
        #expect(status.record(.loadingDescriptors, progress: 59)?.severity == .info)
        #expect(status.record(.enoughDirectoryInfo)?.severity == .notice)
    }

    @Test func nothingAfterDone() {
        var status = BootstrapStatus()
        _ = status.record(.done)
        #expect(status.isDone)
        #expect(status.record(.done) == nil)
        #expect(status.record(.done, progress: 100) == nil)
        #expect(status.history.count == 1)
    }

    @Test func descriptorShareMapsOntoFiftyToSeventyFour() {
        #expect(BootstrapProgress.descriptorProgress(fetched: 0, total: 100, requiredFraction: 0.6) == 50)
        #expect(BootstrapProgress.descriptorProgress(fetched: 30, total: 100, requiredFraction: 0.6) == 62)
        #expect(BootstrapProgress.descriptorProgress(fetched: 60, total: 100, requiredFraction: 0.6) == 74)
        #expect(BootstrapProgress.descriptorProgress(fetched: 100, total: 100, requiredFraction: 0.6) == 74)
        #expect(BootstrapProgress.descriptorProgress(fetched: 5, total: 0, requiredFraction: 0.6) == 50)
    }

    @Test func observerSeesEveryAcceptedReportInOrder() {
        let seen = Mutex<[Int]>([])
        let progress = BootstrapProgress(logger: LogRecorder().logger) { report in seen.withLock { $0.append(report.progress) } }
        progress.report(.starting)
        progress.report(.requestingStatus)
        progress.report(.connecting)
        progress.reportDescriptors(fetched: 3, total: 10, requiredFraction: 0.6)
        #expect(seen.withLock { $0 } == [0, 25, 62])
        #expect(progress.history.map(\.progress) == [0, 25, 62])
    }

    @Test func reporterLogsAcceptedReportsAtTheirLevelAndKeepsTheLast() {
        let recorder = LogRecorder()
        let progress = BootstrapProgress(logger: recorder.logger)
        #expect(progress.controlStatus == "NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY=\"Starting\"")
        progress.report(.starting)
        progress.report(.loadingDescriptors)
        progress.report(.loadingDescriptors, progress: 51)
        progress.report(.connecting)
        progress.report(.enoughDirectoryInfo)
        #expect(recorder.lines == [
            "notice Bootstrapped 0% (starting): Starting",
            "notice Bootstrapped 50% (loading_descriptors): Loading relay descriptors",
            "info Bootstrapped 51% (loading_descriptors): Loading relay descriptors",
            "notice Bootstrapped 75% (enough_dirinfo): Loaded enough directory info to build circuits",
        ])
        #expect(progress.percentage == 75)
        #expect(progress.controlStatus
            == "NOTICE BOOTSTRAP PROGRESS=75 TAG=enough_dirinfo SUMMARY=\"Loaded enough directory info to build circuits\"")
    }
}

/// Collects log lines as "level message".
final class LogRecorder: Sendable {
    private let store = Mutex<[String]>([])

    var lines: [String] { store.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in RecordingHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { store.withLock { $0.append(line) } }

    struct RecordingHandler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append("\(event.level) \(event.message)")
        }
    }
}
