import Circuit
import ControlPort
import NIOConcurrencyHelpers
import TorClient
import TorCore
import Testing

/// The pieces behind ORCONN, EXTENDCIRCUIT, __OwningControllerProcess, ADDRMAP and CONF_CHANGED.
@Suite struct ClientControlPartsTests {
    /// A clock whose sleeps only yield, so poll loops run without waiting.
    final class YieldingClock: ResilienceClock {
        func now() -> ResilienceInstant { ResilienceInstant(offset: .zero) }
        func sleep(for duration: Duration) async throws {
            try Task.checkCancellation()
            await Task.yield()
        }
    }

    @Test func owningControllerWatchFiresOnceWhenTheProcessIsGone() async throws {
        let checks = NIOLockedValueBox(0)
        let gone = AsyncStream<Int32>.makeStream()
        let watch = OwningControllerWatch(
            clock: YieldingClock(),
            isRunning: { _ in checks.withLockedValue { $0 += 1; return $0 < 5 } },
            processGone: { pid in gone.continuation.yield(pid) })
        await watch.watch(4242)
        #expect(await watch.processID == 4242)
        var iterator = gone.stream.makeAsyncIterator()
        #expect(await iterator.next() == 4242)
        #expect(checks.withLockedValue { $0 } == 5)
        await watch.stop()
        #expect(await watch.processID == nil)
    }

    @Test func owningControllerWatchStopsWhenCleared() async throws {
        let fired = NIOLockedValueBox(false)
        let watch = OwningControllerWatch(clock: YieldingClock(), isRunning: { _ in true }, processGone: { _ in fired.withLockedValue { $0 = true } })
        await watch.watch(99)
        await watch.watch(nil)
        #expect(await watch.processID == nil)
        #expect(!fired.withLockedValue { $0 })
    }

    @Test func channelTrackerReportsLaunchedThenFailed() async throws {
        let reports = NIOLockedValueBox<[ControlledChannel]>([])
        let tracker = RelayChannelTracker(report: { channel in reports.withLockedValue { $0.append(channel) } })
        let opener = tracker.tracking({ _ in
            throw CircuitError(.circuitChannelClosed, kind: .resource, "connection refused by 127.0.0.1")
        }, relayName: { _ in "guard1" })
        let target = try RelayTarget(address: IPv4Address("127.0.0.1")!, orPort: 9001, rsaIdentity: [UInt8](repeating: 0xAB, count: 20))
        await #expect(throws: CircuitError.self) { _ = try await opener(target) }
        let fingerprint = String(repeating: "AB", count: 20)
        #expect(reports.withLockedValue { $0 } == [
            ControlledChannel(id: 1, relay: ControlledRelay(fingerprint: fingerprint, nickname: "guard1"), status: "LAUNCHED"),
            ControlledChannel(id: 1, relay: ControlledRelay(fingerprint: fingerprint, nickname: "guard1"), status: "FAILED", reason: "CONNECTREFUSED"),
        ])
        #expect(tracker.channels.isEmpty && !tracker.hasConnected)
        #expect(ControlStatusFormatter.channelEvent(reports.withLockedValue { $0[1] })
            == "$\(fingerprint)~guard1 FAILED REASON=CONNECTREFUSED ID=1")
    }

    @Test func controllerCircuitsReportAFailedBuildAndACloseWhileBuilding() async throws {
        let reports = AsyncStream<ControlledCircuit>.makeStream()
        let circuits = ControllerCircuits { reports.continuation.yield($0) }
        var iterator = reports.stream.makeAsyncIterator()
        let failing = await circuits.launch(purpose: "GENERAL") {
            throw CircuitError(.circuitChannelClosed, kind: .resource, "no route")
        }
        #expect(failing == "\(ControllerCircuits.firstNumber)")
        #expect(await iterator.next()?.status == "LAUNCHED")
        let failed = await iterator.next()
        #expect(failed?.id == failing && failed?.status == "FAILED")
        let (gate, open) = AsyncStream<Void>.makeStream()
        let slow = await circuits.launch(purpose: "GENERAL") {
            for await _ in gate {}
            throw CancellationError()
        }
        #expect(await iterator.next()?.status == "LAUNCHED")
        #expect(await circuits.circuits.map(\.id) == [slow])
        #expect(await circuits.close(slow))
        let closed = await iterator.next()
        #expect(closed?.status == "CLOSED" && closed?.reason == "REQUESTED")
        #expect(await !circuits.close(slow))
        #expect(await circuits.circuits.isEmpty)
        open.finish()
    }

    @Test func addressMapEventBodies() {
        let answer = ResolvedAnswer(.ipv4(IPv4Address("127.0.0.1")!), ttl: 60)
        #expect(ClientControlEvents.addressMap("example.com", answers: [answer], now: 1_795_406_400)
            == "example.com 127.0.0.1 \"2026-11-23 04:01:00\" EXPIRES=\"2026-11-23 04:01:00\" CACHED=\"NO\"")
        #expect(ClientControlEvents.addressMap("nowhere.example", answers: [], now: 0)
            == "nowhere.example <error> NEVER error=yes CACHED=\"NO\"")
    }

    @Test func multiLineEventsAreFramedAsCTorFramesThem() {
        let changed = ControlEvent(.configurationChanged, layout: .lines(["MaxCircuitDirtiness=700", "ExitNodes"]))
        #expect(String(decoding: changed.reply.encoded, as: UTF8.self)
            == "650-CONF_CHANGED\r\n650-MaxCircuitDirtiness=700\r\n650-ExitNodes\r\n650 OK\r\n")
        let consensus = ControlEvent(.newConsensus, layout: .data("r a b\ns Fast"))
        #expect(String(decoding: consensus.reply.encoded, as: UTF8.self) == "650+NEWCONSENSUS\r\nr a b\r\ns Fast\r\n.\r\n650 OK\r\n")
        #expect(String(decoding: ControlEvent(.signal, "RELOAD").reply.encoded, as: UTF8.self) == "650 SIGNAL RELOAD\r\n")
    }
}

/// The option lists the control port reports agree with the torrc parser.
@Suite struct ClientOptionListTests {
    @Test func configNamesListsExactlyTheParsersOptions() {
        let listed = ClientControlBackend.implementedOptionNames
        for name in listed {
            #expect(TorConfiguration.canonicalOptionName(name) == name, "\(name)")
            #expect(TorConfiguration.canonicalOptionName(name.lowercased()) == name, "\(name)")
        }
        #expect(Set(listed).count == listed.count)
    }
}
