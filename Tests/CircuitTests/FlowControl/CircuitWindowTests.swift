import Testing
import TorCore
@testable import Circuit

/// Circuit-level windows and authenticated SENDMEs at their boundaries (tor-spec 7.3, 7.3.1).
@Suite struct CircuitWindowTests {
    /// A stand-in for the running digest after the n-th DATA cell (n from 1).
    static func digest(afterCell number: Int) -> [UInt8] {
        (0..<20).map { UInt8(truncatingIfNeeded: number &* 31 &+ $0) }
    }

    /// Sends `count` DATA cells, numbering them after the `alreadySent` before them.
    static func send(_ count: Int, on window: inout CircuitWindow, alreadySent: Int = 0) throws {
        for number in (alreadySent + 1)...(alreadySent + count) {
            try window.didPackageDataCell(sentCellDigest: digest(afterCell: number))
        }
    }

    @Test func exactlyOneThousandCellsThenBlocked() throws {
        var window = CircuitWindow()
        try Self.send(999, on: &window)
        #expect(window.canPackage)
        try Self.send(1, on: &window, alreadySent: 999)
        #expect(!window.canPackage)
        #expect(window.packageWindow == 0)
        let error = try #require(throws: CircuitError.self) {
            try window.didPackageDataCell(sentCellDigest: Self.digest(afterCell: 1001))
        }
        #expect(error.code == .flowControlWindowClosed)
        #expect(error.kind == .internalFailure)
    }

    @Test func sendmeWithTheHundredthCellsDigestRestoresOneHundred() throws {
        var window = CircuitWindow()
        try Self.send(1000, on: &window)
        try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 100))
        #expect(window.packageWindow == 100)
        #expect(window.canPackage)
    }

    @Test func sendmesAreCheckedOldestFirst() throws {
        var window = CircuitWindow()
        try Self.send(300, on: &window)
        for number in [100, 200, 300] {
            try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: number))
        }
        #expect(window.packageWindow == 1000)
    }

    @Test func sendmeCarryingALaterDigestIsRejected() throws {
        var window = CircuitWindow()
        try Self.send(200, on: &window)
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 200))
        }
        #expect(error.code == .flowControlSendmeDigestMismatch)
        #expect(error.kind == .protocolViolation)
    }

    @Test func sendmeWithTheNinetyNinthCellsDigestIsRejected() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 99))
        }
        #expect(error.code == .flowControlSendmeDigestMismatch)
    }

    @Test func digestIsTakenOnlyForEveryHundredthCell() throws {
        var window = CircuitWindow()
        var evaluated: [Int] = []
        for number in 1...250 {
            try window.didPackageDataCell(sentCellDigest: { evaluated.append(number); return [] }())
        }
        #expect(evaluated == [100, 200])
    }

    @Test(arguments: [0, 99])
    func sendmeBeforeOneIsDueIsRejected(cellsSent: Int) throws {
        var window = CircuitWindow()
        if cellsSent > 0 { try Self.send(cellsSent, on: &window) }
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 100))
        }
        #expect(error.code == .flowControlUnexpectedSendme)
    }

    @Test func secondSendmeForOneIncrementIsRejected() throws {
        var window = CircuitWindow()
        try Self.send(150, on: &window)
        try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 100))
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 100))
        }
        #expect(error.code == .flowControlUnexpectedSendme)
    }

    @Test func unauthenticatedSendmeIsRejectedByDefault() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        let error = try #require(throws: CircuitError.self) { try window.didReceiveSendme(version: 0, digest: nil) }
        #expect(error.code == .flowControlSendmeVersion)
    }

    @Test func unauthenticatedSendmeIsAcceptedWhenTheConsensusAllowsIt() throws {
        var window = CircuitWindow(minimumAcceptedVersion: 0)
        try Self.send(100, on: &window)
        try window.didReceiveSendme(version: 0, digest: nil)
        #expect(window.packageWindow == 1000)
    }

    @Test func unknownSendmeVersionIsRejected() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(version: 2, digest: Self.digest(afterCell: 100))
        }
        #expect(error.code == .flowControlSendmeVersion)
    }

    @Test func shortDigestIsRejected() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(version: 1, digest: Array(Self.digest(afterCell: 100).prefix(19)))
        }
        #expect(error.code == .flowControlSendmeVersion)
    }

    @Test func decodedSendmeMessageIsAccepted() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        try window.didReceiveSendme(.authenticated(digest: Self.digest(afterCell: 100)))
        #expect(window.packageWindow == 1000)
    }

    @Test func decodedLegacySendmeIsRejected() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        let error = try #require(throws: CircuitError.self) { try window.didReceiveSendme(.legacy) }
        #expect(error.code == .flowControlSendmeVersion)
    }

    @Test func longerDataCountsOnlyItsFirstTwentyBytes() throws {
        var window = CircuitWindow()
        try Self.send(100, on: &window)
        try window.didReceiveSendme(version: 1, digest: Self.digest(afterCell: 100) + [0xff, 0xee])
        #expect(window.packageWindow == 1000)
    }

    @Test func everyHundredthDeliveredCellOwesASendmeWithItsDigest() {
        var window = CircuitWindow()
        var owed: [(cell: Int, digest: [UInt8])] = []
        for number in 1...350 {
            if let sendme = window.didDeliverDataCell(receivedCellDigest: Self.digest(afterCell: number)) {
                #expect(sendme.version == 1)
                owed.append((number, sendme.digest ?? []))
            }
        }
        #expect(owed.map(\.cell) == [100, 200, 300])
        #expect(owed.map(\.digest) == [100, 200, 300].map { Self.digest(afterCell: $0) })
        #expect(window.deliverWindow == 950)
    }

    @Test func ninetyNineDeliveredCellsOweNothing() {
        var window = CircuitWindow()
        for number in 1...99 {
            let sendme = window.didDeliverDataCell(receivedCellDigest: Self.digest(afterCell: number))
            #expect(sendme == nil)
        }
        #expect(window.deliverWindow == 901)
    }
}
