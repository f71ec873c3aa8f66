import NIOCore
import Testing
import TorCore
@testable import Circuit

/// The sans-IO build core against the relay side of ntor and CREATE_FAST written from the spec.
@Suite struct CircuitBuildStateMachineTests {
    let relays = (0..<3).map { SimulatedRelay(port: UInt16(7000 + $0)) }

    @Test func ntorPathSendsCreate2ThenExtend2ToTheLastHopWithItsLinkSpecifiers() throws {
        var machine = try CircuitBuildStateMachine(targets: relays.map { $0.target() })
        guard case .create2(let create) = try machine.nextRequest() else {
            Issue.record("the first request must be CREATE2")
            return
        }
        #expect(create.handshakeType == .ntor)
        #expect(create.handshakeData.count == NtorClientHandshake.onionSkinLength)
        let (reply, relayKeys) = try relays[0].respond(toOnionSkin: create.handshakeData)
        let keys = try machine.receive(Created2Message(handshakeData: reply))
        #expect(keys.forwardKey.bytes == relayKeys.forwardKey.bytes)
        #expect(keys.backwardDigestSeed.bytes == relayKeys.backwardDigestSeed.bytes)
        for index in 1..<3 {
            guard case .extend2(let extend, let hop) = try machine.nextRequest() else {
                Issue.record("request \(index + 1) must be EXTEND2")
                return
            }
            #expect(hop == index - 1)
            #expect(extend.linkSpecifiers == [
                .ipv4(IPv4Address(127, 0, 0, 1), port: relays[index].port),
                .legacyIdentity(relays[index].identity), .ed25519Identity(relays[index].ed25519Identity),
            ])
            let (reply, relayKeys) = try relays[index].respond(toOnionSkin: extend.handshakeData)
            #expect(try machine.receive(Extended2Message(handshakeData: reply)).backwardKey.bytes == relayKeys.backwardKey.bytes)
        }
        #expect(try machine.nextRequest() == nil)
        #expect(machine.isComplete)
        #expect(machine.hopCount == 3)
    }

    @Test func aFirstHopWithoutOnionKeyGetsCreateFast() throws {
        var machine = try CircuitBuildStateMachine(targets: [relays[0].target(withOnionKey: false)])
        guard case .createFast(let create) = try machine.nextRequest() else {
            Issue.record("expected CREATE_FAST")
            return
        }
        let (reply, relayKeys) = SimulatedRelay.respond(toCreateFast: create.keyMaterial)
        #expect(try machine.receive(reply).forwardKey.bytes == relayKeys.forwardKey.bytes)
        #expect(machine.isComplete)
    }

    @Test func aLaterHopWithoutOnionKeyIsRefused() throws {
        let error = try #require(throws: CircuitError.self) {
            _ = try CircuitBuildStateMachine(targets: [relays[0].target(), relays[1].target(withOnionKey: false)])
        }
        #expect(error.code == .circuitBadPath)
        #expect(error.kind == .badInput)
    }

    @Test func anEmptyPathIsRefused() throws {
        let error = try #require(throws: CircuitError.self) { _ = try CircuitBuildStateMachine(targets: []) }
        #expect(error.code == .circuitBadPath)
    }

    @Test func anExtended2BeforeAnyRequestIsAProtocolViolation() throws {
        var machine = try CircuitBuildStateMachine(targets: [relays[0].target()])
        let error = try #require(throws: CircuitError.self) {
            _ = try machine.receive(Extended2Message(handshakeData: [UInt8](repeating: 1, count: 64)))
        }
        #expect(error.code == .circuitUnexpectedCell)
        #expect(error.kind == .protocolViolation)
    }

    @Test func aCreatedFastAnsweringCreate2IsAProtocolViolation() throws {
        var machine = try CircuitBuildStateMachine(targets: [relays[0].target()])
        _ = try machine.nextRequest()
        let error = try #require(throws: CircuitError.self) {
            _ = try machine.receive(CreatedFastMessage(keyMaterial: SecureRandom.bytes(20), derivativeKeyData: SecureRandom.bytes(20)))
        }
        #expect(error.code == .circuitUnexpectedCell)
    }

    @Test func aForgedAuthIsRejected() throws {
        var machine = try CircuitBuildStateMachine(targets: [relays[0].target()])
        guard case .create2(let create) = try machine.nextRequest() else { return }
        var (reply, _) = try relays[0].respond(toOnionSkin: create.handshakeData)
        reply[40] ^= 0x01
        let error = try #require(throws: CircuitError.self) { _ = try machine.receive(Created2Message(handshakeData: reply)) }
        #expect(error.code == .handshakeAuthMismatch)
    }

    @Test func extendingAnExistingCircuitStartsWithExtend2() throws {
        var machine = try CircuitBuildStateMachine(targets: [relays[2].target()], existingHops: 2)
        guard case .extend2(_, let hop) = try machine.nextRequest() else {
            Issue.record("an extension must start with EXTEND2")
            return
        }
        #expect(hop == 1)
    }
}

@Suite struct CircuitIDAllocatorTests {
    @Test(arguments: [UInt16(4), 5])
    func linkProtocolFourAndUpSetsTheInitiatorBit(linkProtocol: UInt16) throws {
        var draws: [UInt32] = [0x0000_0001, 0x1234_5678]
        var allocator = CircuitIDAllocator(linkProtocol: linkProtocol) { draws.removeFirst() }
        #expect(try allocator.allocate { _ in false } == CircuitID(rawValue: 0x8000_0001))
        #expect(try allocator.allocate { _ in false } == CircuitID(rawValue: 0x9234_5678))
    }

    @Test func anIDInUseIsDrawnAgain() throws {
        var draws: [UInt32] = [7, 7, 9]
        var allocator = CircuitIDAllocator(linkProtocol: 5) { draws.removeFirst() }
        let taken = CircuitID(rawValue: 0x8000_0007)
        #expect(try allocator.allocate { $0 == taken } == CircuitID(rawValue: 0x8000_0009))
    }

    @Test func oldLinkProtocolsGetNonzeroTwoByteIDs() throws {
        var draws: [UInt32] = [0x0001_0000, 0xABCD_1234]
        var allocator = CircuitIDAllocator(linkProtocol: 3) { draws.removeFirst() }
        #expect(try allocator.allocate { _ in false } == CircuitID(rawValue: 0x1234))
    }

    @Test func aFullChannelThrowsIDsExhausted() throws {
        var allocator = CircuitIDAllocator(linkProtocol: 5) { 42 }
        let error = try #require(throws: CircuitError.self) { _ = try allocator.allocate { _ in true } }
        #expect(error.code == .circuitIDsExhausted)
        #expect(error.kind == .resource)
    }
}

@Suite struct RelayTargetTests {
    @Test func fingerprintIsUppercaseHexAndTheLinkSpecifiersFollowTheSpecOrder() throws {
        let identity = [UInt8](hex: "00112233445566778899aabbccddeeff0a1b2c3d")
        let ed25519 = [UInt8](repeating: 5, count: 32)
        let target = try RelayTarget(
            address: IPv4Address(10, 0, 0, 1), orPort: 9001, rsaIdentity: identity, ed25519Identity: ed25519)
        #expect(target.fingerprint == "00112233445566778899AABBCCDDEEFF0A1B2C3D")
        #expect(target.description == "$00112233445566778899AABBCCDDEEFF0A1B2C3D")
        #expect(target.linkSpecifiers == [
            .ipv4(IPv4Address(10, 0, 0, 1), port: 9001), .legacyIdentity(identity), .ed25519Identity(ed25519),
        ])
    }

    @Test(arguments: [(19, nil, nil), (20, 31, nil), (20, nil, 33)] as [(Int, Int?, Int?)])
    func keysOfTheWrongLengthAreBadInput(rsa: Int, ed25519: Int?, ntor: Int?) throws {
        let error = try #require(throws: CircuitError.self) {
            _ = try RelayTarget(
                address: IPv4Address(10, 0, 0, 1), orPort: 9001, rsaIdentity: [UInt8](repeating: 1, count: rsa),
                ed25519Identity: ed25519.map { [UInt8](repeating: 2, count: $0) },
                ntorOnionKey: ntor.map { [UInt8](repeating: 3, count: $0) })
        }
        #expect(error.code == .circuitBadPath)
        #expect(error.kind == .badInput)
    }
}
