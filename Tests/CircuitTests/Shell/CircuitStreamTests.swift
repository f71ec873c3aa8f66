import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

/// Streams on a built circuit: BEGIN, CONNECTED in its forms, END, BEGIN_DIR, RESOLVE, data
/// both ways (tor-spec 6).
@Suite struct CircuitStreamTests {
    @Test func beginCarriesTheLowercasedAddressAndPortToTheExit() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        _ = circuit.openStream(host: "Example.COM", port: 443)
        let (hop, cell, command) = try harness.readRelay()
        #expect(hop == 2)
        #expect(command == .relay)
        #expect(cell.streamID != 0)
        let begin = try cell.message(as: BeginMessage.self)
        #expect(begin.address == "example.com")
        #expect(begin.port == 443)
    }

    @Test func anIPv6DestinationIsBracketed() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        _ = circuit.openStream(host: "2001:db8::1", port: 80)
        let begin = try harness.readRelay().cell.message(as: BeginMessage.self)
        #expect(begin.address == "[2001:db8::1]")
    }

    @Test(arguments: [
        ConnectedMessage(),
        ConnectedMessage(address: .v4(IPv4Address(10, 1, 2, 3)), ttl: nil),
        ConnectedMessage(address: .v4(IPv4Address(10, 1, 2, 3)), ttl: 60),
        ConnectedMessage(address: .v6(IPv6Address("2001:db8::7")!), ttl: 60),
    ])
    func everyFormOfConnectedOpensTheStream(connected: ConnectedMessage) throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let opening = circuit.openStream(host: "example.com", port: 80)
        let begin = try harness.readRelay().cell
        try harness.send(connected, streamID: begin.streamID, fromHop: 2)
        let stream = try #require(ShellHarness.outcome(opening)).get()
        #expect(stream.streamID == begin.streamID)
        #expect(stream.connected == connected)
    }

    @Test(arguments: [EndReason.connectRefused, .exitPolicy, .resolveFailed, .misc, EndReason(rawValue: 200)])
    func endWhileOpeningFailsWithTheTypedReason(reason: EndReason) throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let opening = circuit.openStream(host: "example.com", port: 80)
        let begin = try harness.readRelay().cell
        try harness.send(EndMessage(reason: reason), streamID: begin.streamID, fromHop: 2)
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(opening)).get() }
        #expect(error.code == .streamEnded)
        #expect(error.endReason == reason)
        #expect(circuit.isOpen, "a refused stream leaves the circuit open")
        #expect(circuit.streams.isEmpty)
    }

    /// A closed stream's END leaves in the same flush as the circuit's next cell, so no relay
    /// holds the next stream's BEGIN behind a lone, unacknowledged END (Nagle at the relays).
    @Test func aClosedStreamsEndTravelsWithTheNextBegin() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        stream.close()
        harness.loop.run()
        #expect(try harness.readRelayIfAny() == nil)
        _ = circuit.openStream(host: "example.com", port: 443)
        let end = try harness.readRelay().cell
        #expect(end.command == .end)
        #expect(end.streamID == stream.streamID)
        let begin = try harness.readRelay().cell
        #expect(begin.command == .begin)
        harness.loop.advanceTime(by: TorCircuit.endDeferral)
        #expect(try harness.readRelayIfAny() == nil, "the END was sent once")
    }

    @Test func anUnansweredBeginTimesOutAndSendsEnd() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let opening = circuit.openStream(host: "example.com", port: 80, timeout: .seconds(5))
        let begin = try harness.readRelay().cell
        harness.loop.advanceTime(by: .seconds(5))
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(opening)).get() }
        #expect(error.code == .streamTimedOut)
        harness.loop.advanceTime(by: TorCircuit.endDeferral)
        let end = try harness.readRelay().cell
        #expect(end.command == .end)
        #expect(end.streamID == begin.streamID)
        #expect(try end.message(as: EndMessage.self).reason == .misc)
    }

    @Test func dataFlowsBothWaysInCellsOfAtMost498Bytes() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, core) = try harness.openStream()
        let endpoint = RecordingEndpoint()
        #expect(core.attach(endpoint))
        let written = SecureRandom.bytes(1000)
        let write = stream.write(ByteBuffer(bytes: written))
        harness.loop.run()
        var sent: [UInt8] = []
        var sizes: [Int] = []
        while let (hop, cell) = try harness.readRelayIfAny() {
            #expect(hop == 2)
            #expect(cell.command == .data)
            #expect(cell.streamID == stream.streamID)
            sizes.append(cell.data.readableBytes)
            sent += cell.data.readableBytesView
        }
        #expect(sizes == [498, 498, 4])
        #expect(sent == written)
        #expect(try ShellHarness.outcome(write)?.get() != nil)
        let reply = SecureRandom.bytes(700)
        try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(bytes: reply[..<498])), fromHop: 2)
        try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(bytes: reply[498...])), fromHop: 2)
        #expect(endpoint.bytes == reply)
    }

    @Test func endDoneAfterDataFinishesCleanlyAndOtherReasonsFailTyped() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (first, firstCore) = try harness.openStream()
        let (second, secondCore) = try harness.openStream()
        let clean = RecordingEndpoint()
        let reset = RecordingEndpoint()
        #expect(firstCore.attach(clean))
        #expect(secondCore.attach(reset))
        try harness.send(RelayCell(command: .data, streamID: first.streamID, data: ByteBuffer(string: "last words")), fromHop: 2)
        try harness.send(EndMessage(reason: .done), streamID: first.streamID, fromHop: 2)
        try harness.send(EndMessage(reason: .connectionReset), streamID: second.streamID, fromHop: 2)
        #expect(clean.bytes == Array("last words".utf8))
        #expect(clean.didFinish)
        #expect(clean.finishError == nil)
        #expect(reset.didFinish)
        let error = try #require(reset.finishError)
        #expect(error.endReason == .connectionReset)
        #expect(try harness.readCell() == nil, "no END goes back for an END (tor-spec 6.3)")
        let late = first.write(ByteBuffer(string: "too late"))
        harness.loop.run()
        #expect(throws: CircuitError.self) { try ShellHarness.outcome(late)?.get() }
    }

    @Test func closingAStreamSendsEndMiscAndDropsLateData() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, core) = try harness.openStream()
        let endpoint = RecordingEndpoint()
        #expect(core.attach(endpoint))
        stream.close()
        harness.loop.run()
        #expect(try harness.readRelayIfAny() == nil, "a lone END waits for a cell to travel with")
        harness.loop.advanceTime(by: TorCircuit.endDeferral)
        let end = try harness.readRelay().cell
        #expect(end.command == .end)
        #expect(try end.message(as: EndMessage.self).reason == .misc)
        #expect(endpoint.didFinish)
        #expect(endpoint.finishError == nil)
        try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(string: "late")), fromHop: 2)
        #expect(endpoint.received.isEmpty)
        #expect(circuit.isOpen)
        #expect(circuit.windows[2].deliverWindow == CircuitWindow.initialWindow - 1, "late DATA still counts for the circuit")
    }

    @Test func beginDirIsEmptyAndItsConnectedIsNotRead() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit(hops: 1)
        let opening = circuit.openDirectoryStream()
        let (hop, cell, _) = try harness.readRelay()
        #expect(hop == 0)
        #expect(cell.command == .beginDir)
        #expect(cell.data.readableBytes == 0)
        try harness.send(RelayCell(command: .connected, streamID: cell.streamID), fromHop: 0)
        let stream = try #require(ShellHarness.outcome(opening)).get()
        #expect(stream.connected == nil)
    }

    @Test func resolveReturnsTheAnswersAndTypesItsFailures() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let answers = [ResolvedAnswer(.ipv4(IPv4Address(192, 0, 2, 1)), ttl: 60)]
        let lookup = circuit.resolve(hostname: "example.org")
        let request = try harness.readRelay().cell
        #expect(try request.message(as: ResolveMessage.self).hostname == "example.org")
        try harness.send(ResolvedMessage(answers: answers), streamID: request.streamID, fromHop: 2)
        #expect(try ShellHarness.outcome(lookup)?.get() == answers)

        for (answer, code) in [
            (ResolvedAnswer.Value.transientError([]), CircuitError.Code.resolveFailedTransient),
            (.nontransientError(Array("Error resolving hostname".utf8)), .resolveFailed),
        ] {
            let failing = circuit.resolve(hostname: "example.org")
            let request = try harness.readRelay().cell
            try harness.send(ResolvedMessage(answers: [ResolvedAnswer(answer, ttl: 0)]), streamID: request.streamID, fromHop: 2)
            let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(failing)).get() }
            #expect(error.code == code)
        }
        #expect(circuit.streams.isEmpty)
    }

    @Test func manyStreamsShareTheCircuitWithDistinctIDs() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        var ids: Set<UInt16> = []
        for _ in 0..<20 { ids.insert(try harness.openStream().0.streamID) }
        #expect(ids.count == 20)
        #expect(!ids.contains(0))
        #expect(circuit.streams.count == 20)
    }

    @Test func dataFromAMiddleHopIsAProtocolViolation() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(string: "x")), fromHop: 1)
        #expect(circuit.closeError?.code == .circuitUnexpectedCell)
    }

    @Test func aDestinationThatCannotBeSentIsBadInputAndSendsNothing() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        for opening in [circuit.openStream(host: "", port: 80), circuit.openStream(host: "example.com", port: 0)] {
            let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(opening)).get() }
            #expect(error.code == .streamBadTarget)
            #expect(error.kind == .badInput)
        }
        let lookup = circuit.resolve(hostname: "")
        #expect(throws: CircuitError.self) { try #require(ShellHarness.outcome(lookup)).get() }
        #expect(try harness.readCell() == nil)
        #expect(circuit.streams.isEmpty)
        #expect(circuit.isOpen)
    }
}
