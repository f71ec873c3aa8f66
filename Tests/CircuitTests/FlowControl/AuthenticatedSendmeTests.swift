import Testing
import TorCore
@testable import Circuit

/// RelayCrypto's digests driving CircuitWindow, against the test-only relay side: the digest a
/// relay puts in its SENDME after our 100th DATA cell is the one the window remembered, and the
/// SENDME we owe after its 100th DATA cell carries the digest it recorded (tor-spec 7.3.1).
@Suite struct AuthenticatedSendmeTests {
    static func makePair() throws -> (client: RelayCrypto, relays: RelaySideCircuit) {
        let keys = [try randomCircuitKeys(), try randomCircuitKeys()]
        let client = RelayCrypto()
        for key in keys { client.appendHop(try HopCrypto(keys: key)) }
        return (client, try RelaySideCircuit(keys: keys))
    }

    @Test func relaysSendmeAfterOurHundredthDataCellIsAccepted() throws {
        let (client, relays) = try Self.makePair()
        var window = CircuitWindow()
        var relaySendmeDigests: [[UInt8]] = []
        for number in 1...200 {
            var data = makeRelayPayload(command: 2, streamID: 1, data: [UInt8(number & 0xff)], paddingSeed: UInt64(number))
            try data.withUnsafeMutableBytes { try client.encryptOutbound(payload: $0, toHop: 1) }
            try window.didPackageDataCell(sentCellDigest: client.hop(1).lastSentDigest)
            #expect(relays.receiveFromClient(data)?.hop == 1)
            if number % 100 == 0 { relaySendmeDigests.append(relays.relays[1].lastReceivedDigest) }
            // A non-DATA cell after the trigger moves the running digest but not the window.
            if number % 100 == 0 {
                var begin = makeRelayPayload(command: 1, streamID: 2, data: Array("a:1\0".utf8))
                try begin.withUnsafeMutableBytes { try client.encryptOutbound(payload: $0, toHop: 1) }
                #expect(relays.receiveFromClient(begin)?.hop == 1)
            }
        }
        #expect(window.packageWindow == 800)
        for digest in relaySendmeDigests {
            try window.didReceiveSendme(.authenticated(digest: digest))
        }
        #expect(window.packageWindow == 1000)
    }

    @Test func ourSendmeCarriesTheDigestAfterItsHundredthDataCell() throws {
        let (client, relays) = try Self.makePair()
        var window = CircuitWindow()
        var owed: [SendmeMessage] = []
        var relayDigestsAtTrigger: [[UInt8]] = []
        for number in 1...250 {
            var sealed = relays.sendToClient(
                makeRelayPayload(command: 2, streamID: 1, data: [1, 2, 3], paddingSeed: UInt64(number)), fromHop: 1)
            #expect(try sealed.withUnsafeMutableBytes { try client.decryptInbound(payload: $0) } == 1)
            if number % 100 == 0 { relayDigestsAtTrigger.append(relays.relays[1].lastSentDigest) }
            if let sendme = window.didDeliverDataCell(receivedCellDigest: client.hop(1).lastReceivedDigest) {
                owed.append(sendme)
            }
        }
        #expect(owed == relayDigestsAtTrigger.map { SendmeMessage.authenticated(digest: $0) })
        #expect(owed.count == 2)
    }
}
