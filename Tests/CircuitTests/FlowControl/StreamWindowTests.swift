import Testing
@testable import Circuit

/// Stream-level windows at their boundaries (tor-spec 7.4).
@Suite struct StreamWindowTests {
    @Test func exactlyFiveHundredCellsThenBlocked() throws {
        var window = StreamWindow()
        for _ in 1...500 { try window.didPackageDataCell() }
        #expect(!window.canPackage)
        let error = try #require(throws: CircuitError.self) { try window.didPackageDataCell() }
        #expect(error.code == .flowControlWindowClosed)
    }

    @Test func sendmeRestoresFifty() throws {
        var window = StreamWindow()
        for _ in 1...500 { try window.didPackageDataCell() }
        try window.didReceiveSendme()
        #expect(window.packageWindow == 50)
        #expect(window.canPackage)
    }

    @Test(arguments: [0, 49])
    func sendmeBeforeOneIsDueIsRejected(cellsSent: Int) throws {
        var window = StreamWindow()
        for _ in 0..<cellsSent { try window.didPackageDataCell() }
        let error = try #require(throws: CircuitError.self) { try window.didReceiveSendme() }
        #expect(error.code == .flowControlUnexpectedSendme)
        #expect(error.kind == .protocolViolation)
    }

    @Test func fiftiethDeliveredCellMakesASendmeDue() throws {
        var window = StreamWindow()
        for _ in 1...49 { try window.didDeliverDataCell() }
        #expect(!window.isSendmeDue)
        let earlySendme = window.takeDueSendme()
        #expect(!earlySendme)
        try window.didDeliverDataCell()
        #expect(window.isSendmeDue)
        let dueSendme = window.takeDueSendme()
        #expect(dueSendme)
        #expect(window.deliverWindow == 500)
        let secondSendme = window.takeDueSendme()
        #expect(!secondSendme)
    }

    @Test func deferredSendmesAreOwedOnePerFiftyCells() throws {
        var window = StreamWindow()
        for _ in 1...175 { try window.didDeliverDataCell() }
        var sendmes = 0
        while window.takeDueSendme() { sendmes += 1 }
        #expect(sendmes == 3)
        #expect(window.deliverWindow == 475)
    }

    @Test func moreThanFiveHundredUnacknowledgedCellsIsAViolation() throws {
        var window = StreamWindow()
        for _ in 1...500 { try window.didDeliverDataCell() }
        let error = try #require(throws: CircuitError.self) { try window.didDeliverDataCell() }
        #expect(error.code == .flowControlDeliverOverflow)
        #expect(error.kind == .protocolViolation)
    }
}
