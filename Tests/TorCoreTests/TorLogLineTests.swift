import Logging
import Testing
@testable import TorCore

@Suite struct TorLogLineTests {
    @Test func formatsLikeCTor() {
        let time = TorLogLine.Timestamp(month: 11, day: 3, hour: 1, minute: 7, second: 9, millisecond: 45)
        let line = TorLogLine.format(time, severity: .notice, message: "Bootstrapped 5% (conn): Connecting to a relay")
        #expect(line == "Nov 03 01:07:09.045 [notice] Bootstrapped 5% (conn): Connecting to a relay\n")
    }

    @Test func swiftLogLevelsMapOntoTorSeverities() {
        #expect(LogSeverity(Logger.Level.trace) == .debug)
        #expect(LogSeverity(Logger.Level.warning) == .warn)
        #expect(LogSeverity(Logger.Level.critical) == .err)
        for severity in LogSeverity.allCases {
            #expect(LogSeverity(severity.loggerLevel) == severity)
        }
    }
}
