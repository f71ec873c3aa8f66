import Foundation
import Testing

/// Buffer pooling, the four isolation options, and the invalid-then-fixed torrc.
extension TorctlReloadTests {
    /// The number in the client's "Cell buffer pooling is now on|off (N cell buffers reused
    /// since start)" line after `offset`.
    func reusedBuffers(_ harness: ReloadHarness, after offset: Int, state: String) async throws -> Int? {
        let line = try? await harness.waitForLine(after: offset, timeout: .seconds(5)) {
            $0.contains("Cell buffer pooling is now \(state)")
        }
        guard let text = line?.text, let open = text.range(of: "(") else { return nil }
        return Int(text[open.upperBound...].prefix { $0.isNumber })
    }

    /// `EnableBufferPooling 1 -> 0 -> 1`: while off, the cells the client sends (the download's
    /// SENDMEs, and a 1 MB fetch's) reuse no buffer; while on, they do. The client states the
    /// process-wide count of reused buffers when the option changes.
    func checkBufferPooling(_ harness: ReloadHarness) async throws {
        let megabyte = try #require(harness.network.http.file("/1M"))
        let off = harness.outputSize
        try await harness.edit("EnableBufferPooling", "0")
        let atOff = try await reusedBuffers(harness, after: off, state: "off")
        let whileOff = try await harness.fetch(path: "/1M")
        #expect(whileOff.sha256 == megabyte.sha256, "a fetch while buffer pooling is off: \(whileOff.error ?? "")")
        let on = harness.outputSize
        try await harness.edit("EnableBufferPooling", "1")
        let atOn = try await reusedBuffers(harness, after: on, state: "on")
        let whileOn = try await harness.fetch(path: "/1M")
        #expect(whileOn.sha256 == megabyte.sha256, "a fetch while buffer pooling is on: \(whileOn.error ?? "")")
        let offAgain = harness.outputSize
        try await harness.edit("EnableBufferPooling", "0")
        let atOffAgain = try await reusedBuffers(harness, after: offAgain, state: "off")
        try await harness.edit("EnableBufferPooling", "1")

        #expect(atOff != nil && atOn != nil && atOffAgain != nil,
                "the client reports reused cell buffers when EnableBufferPooling changes (log line missing)")
        if let atOff, let atOn, let atOffAgain {
            #expect(atOff > 0, "EnableBufferPooling 1: the download's cells reused buffers")
            #expect(atOn == atOff, "EnableBufferPooling 0: no buffer reused for a 1 MB fetch (\(atOff) -> \(atOn))")
            #expect(atOffAgain > atOn, "EnableBufferPooling 1 again: buffers are reused again (\(atOn) -> \(atOffAgain))")
        }
    }

    /// The four isolation options, each off and on, through the circuits stem reports for
    /// streams opened one after another.
    func checkIsolation(_ harness: ReloadHarness) async throws {
        // Idle circuits from earlier steps would only crowd the pool.
        try await newIdentity(harness, expectBuilt: Self.defaultCleanCircuits)

        let authA = try await harness.fetchCircuit("auth-a", user: "auth-a")
        let authB = try await harness.fetchCircuit("auth-b", user: "auth-b")
        #expect(authA != authB, "IsolateSOCKSAuth 1: two usernames, two circuits")
        try await harness.edit("IsolateSOCKSAuth", "0")
        let authC = try await harness.fetchCircuit("auth-c", user: "auth-c")
        let authD = try await harness.fetchCircuit("auth-d", user: "auth-d")
        #expect(authC == authD, "IsolateSOCKSAuth 0: two usernames share a circuit")
        try await harness.edit("IsolateSOCKSAuth", "1")

        // Two destinations: the HTTP server and an authority's DirPort (any answer will do).
        let directory = try #require(harness.network.authorities.first)
        let otherHost = directory.address
        let otherPort = directory.dirPort
        let destinationA = try await harness.fetchCircuit("dest-a", user: "dest-1")
        let destinationB = try await harness.fetch(user: "dest-1", host: otherHost, port: otherPort, path: "/tor/server/authority")
        #expect(destinationB.circuit == destinationA, "IsolateDestinations 0: one user's two destinations share a circuit")
        try await harness.edit("IsolateDestinations", "1")
        let destinationC = try await harness.fetchCircuit("dest-c", user: "dest-2")
        let destinationD = try await harness.fetch(user: "dest-2", host: otherHost, port: otherPort, path: "/tor/server/authority")
        let destinationE = try await harness.fetchCircuit("dest-e", user: "dest-2")
        #expect(destinationD.circuit != nil && destinationD.circuit != destinationC,
                "IsolateDestinations 1: another destination gets another circuit")
        #expect(destinationE == destinationC, "IsolateDestinations 1: the same destination still shares")
        try await harness.edit("IsolateDestinations", "0")

        let socks4a = try await harness.fetchCircuit("proto-4a", protocol: "socks4a")
        let socks5 = try await harness.fetchCircuit("proto-5", protocol: "socks5")
        #expect(socks4a == socks5, "IsolateClientProtocol 0: SOCKS4a and SOCKS5 streams share a circuit")
        try await harness.edit("IsolateClientProtocol", "1")
        let socks4aIsolated = try await harness.fetchCircuit("proto-4a-isolated", protocol: "socks4a")
        let socks5Isolated = try await harness.fetchCircuit("proto-5-isolated", protocol: "socks5")
        #expect(socks4aIsolated != socks5Isolated, "IsolateClientProtocol 1: SOCKS4a and SOCKS5 streams get different circuits")
        try await harness.edit("IsolateClientProtocol", "0")

        // Two SocksPorts in one SessionGroup, each fetch its own TCP connection: with
        // IsolateClientPort 0 they all share; with 1 every connection (client source port) gets
        // its own circuit, even on the same SocksPort (torrc.example).
        let (first, second) = (harness.groupPorts[0], harness.groupPorts[1])
        let portA = try await harness.fetchCircuit("port-a", socksPort: first)
        let portB = try await harness.fetchCircuit("port-b", socksPort: second)
        let portA2 = try await harness.fetchCircuit("port-a2", socksPort: first)
        #expect(portA == portB && portA2 == portA, "IsolateClientPort 0: connections to one SessionGroup share a circuit")
        try await harness.edit("IsolateClientPort", "1")
        let portC = try await harness.fetchCircuit("port-c", socksPort: first)
        let portD = try await harness.fetchCircuit("port-d", socksPort: second)
        let portE = try await harness.fetchCircuit("port-e", socksPort: first)
        #expect(Set([portC, portD, portE]).count == 3,
                "IsolateClientPort 1: every client connection gets its own circuit, saw \([portC, portD, portE])")
        try await harness.edit("IsolateClientPort", "0")
    }

    /// An invalid torrc is rejected with one error naming its line, and the client keeps
    /// serving on the old configuration; the fixed file is then applied.
    func checkInvalidTorrc(_ harness: ReloadHarness) async throws {
        // The isolation step left a dozen idle dirty circuits, which count toward
        // CircuitPoolMaxSize and would keep the pool from prebuilding.
        try await newIdentity(harness, expectBuilt: Self.defaultCleanCircuits)
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "before the invalid torrc")
        harness.set("CircuitPoolMinSize", "4")
        harness.set("CircuitPoolMaxSize", "many")
        let text = harness.torrcText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let badLine = try #require(lines.firstIndex { $0 == "CircuitPoolMaxSize many" }) + 1
        let offset = harness.outputSize
        try harness.writeTorrc(text)
        let path = harness.client.torrcPath
        let error = try? await harness.waitForLine(after: offset, timeout: .seconds(10)) { $0.contains("rejected") }
        #expect(error?.text.contains("\(path):\(badLine)") == true, "the error names the line: \(error?.text ?? "no rejection logged")")
        let small = try #require(harness.network.http.file("/small"))
        let served = try await harness.fetch()
        #expect(served.status == 200 && served.sha256 == small.sha256, "the client keeps serving: \(served.error ?? "")")
        // Several polls later: still one error, and the pool (NewCircuitPeriod 2 seconds) has
        // replaced the circuit the fetch may have taken, up to the old minimum only.
        try await Task.sleep(for: .seconds(4))
        let rejections = harness.output(after: offset).split(separator: "\n").filter { $0.contains("rejected") || $0.contains("[err]") }
        #expect(rejections.count == 1, "one error for the bad file, not one per poll: \(rejections)")
        #expect(harness.client.process.isRunning)
        #expect(try await harness.cleanCircuits().count == Self.defaultCleanCircuits, "the old CircuitPoolMinSize 2 still holds")

        harness.set("CircuitPoolMaxSize", "12")
        let fixed = harness.outputSize
        try harness.writeTorrc(harness.torrcText())
        let applied = try? await harness.waitForLine(after: fixed, timeout: .seconds(10)) { $0.contains("Reloaded torrc") }
        #expect(applied?.text.contains("CircuitPoolMinSize 2 -> 4") == true, "the fixed file is applied: \(applied?.text ?? "nothing logged")")
        try await expectCleanCircuits(harness, 4, "CircuitPoolMinSize 4 from the fixed file")
    }
}
