import Logging
import Testing
@testable import TorCore

@Suite struct TorLogLineTests {
    @Test func formatsLikeCTor() {
        let time = TorLogLine.Timestamp(month: 11, day: 3, hour: 1, minute: 7, second: 9, millisecond: 45)
        let line = TorLogLine.format(time, severity: .notice, message: "Bootstrapped 5% (conn): Connecting to a relay")
        #expect(line == "Nov 03 01:07:09.045 [notice] Bootstrapped 5% (conn): Connecting to a relay\n")
    }

    @Test func severitiesOrderAndParse() {
        #expect(TorLogSeverity.all == [TorLogSeverity.debug, TorLogSeverity.info, TorLogSeverity.notice, TorLogSeverity.warn, TorLogSeverity.err])
        #expect(TorLogSeverity.all.sorted() == TorLogSeverity.all.reversed().sorted())
        #expect(TorLogSeverity.notice < TorLogSeverity.warn)
        #expect(TorLogSeverity(name: "WARN") == .warn)
        #expect(TorLogSeverity(name: "error") == .err)
        #expect(TorLogSeverity(name: "loud") == nil)
    }

    @Test func swiftLogLevelsMapOntoTorSeverities() {
        #expect(TorLogSeverity(Logger.Level.trace) == .debug)
        #expect(TorLogSeverity(Logger.Level.warning) == .warn)
        #expect(TorLogSeverity(Logger.Level.critical) == .err)
        for severity in TorLogSeverity.all {
            #expect(TorLogSeverity(severity.loggerLevel) == severity)
        }
    }
}
