import ControlPort
import NIOCore
import Testing

@Suite struct ControlSessionTests {
    typealias Data = ControlTestData

    func run(_ line: String, backend: RecordingBackend = RecordingBackend()) async -> String {
        var session = Data.authenticated()
        var decoder = ControlCommandDecoder()
        var buffer = ByteBuffer(string: line + "\r\n")
        guard let command = try? decoder.decode(&buffer) else { return "NO COMMAND" }
        switch session.receive(command) {
        case .perform(let request): return Data.text(await ControlRequestExecutor.reply(to: request, backend: backend))
        case let action: return Data.text(action)
        }
    }

    @Test func getInfoSingleAndMultiLineValues() async {
        #expect(await run("GETINFO version status/bootstrap-phase") ==
            "250-version=0.4.9.11 (git-swift)\r\n250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"\r\n250 OK\r\n")
        #expect(await run("GETINFO circuit-status") ==
            "250+circuit-status=\r\n1 BUILT $AAAA~a,$BBBB~b PURPOSE=GENERAL\r\n2 LAUNCHED PURPOSE=GENERAL\r\n.\r\n250 OK\r\n")
        #expect(await run("GETINFO resilience/breakers") ==
            "250+resilience/breakers=\r\nguard-fetch closed\r\n..hidden leading dot\r\n.\r\n250 OK\r\n")
    }

    @Test(arguments: [
        ("status/circuit-established", "1"), ("stream-status", ""), ("net/listeners/socks", "\"127.0.0.1:9050\""),
        ("config-file", "/etc/tor/torrc"), ("traffic/read", "1234"), ("traffic/written", "5678"),
    ])
    func getInfoEachKey(_ key: String, _ value: String) async {
        #expect(await run("GETINFO " + key) == "250-\(key)=\(value)\r\n250 OK\r\n")
    }

    @Test func getInfoUnknownKeyIs552() async {
        #expect(await run("GETINFO version nonsense/key") == "552 Unrecognized key \"nonsense/key\"\r\n")
        #expect(await run("GETINFO") .hasPrefix("512 "))
    }

    @Test func getConf() async {
        #expect(await run("GETCONF SocksPort Log") == "250-SocksPort=9050\r\n250-Log=notice stdout\r\n250 Log=info file /tmp/x\r\n")
        #expect(await run("GETCONF NoSuchOption") == "552 Unrecognized configuration key \"NoSuchOption\"\r\n")
    }

    @Test func setConfAndResetConf() async {
        let backend = RecordingBackend()
        #expect(await run("SETCONF SocksPort=9150 Log=\"notice file /tmp/t\"", backend: backend) == "250 OK\r\n")
        #expect(await run("GETCONF SocksPort", backend: backend) == "250 SocksPort=9150\r\n")
        #expect(await run("RESETCONF SafeLogging", backend: backend) == "250 OK\r\n")
        #expect(await run("SETCONF Log", backend: backend) == "250 OK\r\n")
        let changes = backend.log.withLockedValue { $0.changes }
        #expect(changes == [
            [.init(name: "SocksPort", operation: .set("9150")), .init(name: "Log", operation: .set("notice file /tmp/t"))],
            [.init(name: "SafeLogging", operation: .reset)],
            [.init(name: "Log", operation: .clear)],
        ])
        #expect(await run("GETCONF SafeLogging", backend: backend) == "250 SafeLogging\r\n")
    }

    @Test func setConfErrors() async {
        #expect(await run("SETCONF Bogus=1") == "552 Unrecognized option \"Bogus\"\r\n")
        #expect(await run("SETCONF SocksPort=notaport") == "553 Invalid SocksPort \"notaport\"\r\n")
        #expect(await run("SETCONF \"quoted\"").hasPrefix("512 "))
        #expect(await run("SETCONF").hasPrefix("512 "))
    }

    @Test func saveConf() async {
        let backend = RecordingBackend()
        #expect(await run("SAVECONF", backend: backend) == "250 OK\r\n")
        #expect(await run("SAVECONF FORCE", backend: backend) == "250 OK\r\n")
        #expect(backend.log.withLockedValue { $0.saves } == [false, true])
    }

    @Test func signals() async {
        let backend = RecordingBackend()
        for name in ["RELOAD", "HUP", "NEWNYM", "shutdown", "HALT", "CLEARDNSCACHE", "DEBUG"] {
            #expect(await run("SIGNAL " + name, backend: backend) == "250 OK\r\n")
        }
        #expect(backend.log.withLockedValue { $0.signals } == [.reload, .hangUp, .newIdentity, .shutdown, .halt, .clearDNSCache, .debug])
        #expect(await run("SIGNAL FROB") == "552 Unrecognized signal code \"FROB\"\r\n")
        #expect(await run("SIGNAL DUMP") == "551 DUMP is not supported yet\r\n")
        #expect(await run("SIGNAL DORMANT") == "552 Unrecognized signal code \"DORMANT\"\r\n")
        #expect(await run("SIGNAL").hasPrefix("512 "))
    }

    @Test func setEvents() {
        var session = Data.authenticated()
        #expect(Data.text(session.receive(ControlCommand(keyword: "SETEVENTS", arguments: "EXTENDED circ BW STATUS_CLIENT"))) == "250 OK\r\n")
        #expect(session.subscribedEvents == [.circuit, .bandwidth, .statusClient])
        // Every event name C tor 0.4.9 knows is accepted, so a tool subscribing to a list works;
        // an unknown name refuses the whole command and keeps the old subscription.
        #expect(Data.text(session.receive(ControlCommand(keyword: "SETEVENTS", arguments: "BW FROB"))) == "552 Unrecognized event \"FROB\"\r\n")
        #expect(session.subscribedEvents == [.circuit, .bandwidth, .statusClient])
        let everyName = ControlEventKind.all.map(\.rawValue).joined(separator: " ")
        #expect(Data.text(session.receive(ControlCommand(keyword: "SETEVENTS", arguments: "EXTENDED " + everyName))) == "250 OK\r\n")
        #expect(session.subscribedEvents.count == 31)
        #expect(session.subscribedEvents.contains(.channel) && session.subscribedEvents.contains(.configurationChanged))
        #expect(Data.text(session.receive(ControlCommand(keyword: "SETEVENTS"))) == "250 OK\r\n")
        #expect(session.subscribedEvents.isEmpty)
    }

    @Test func unknownCommandIs510() async {
        #expect(await run("FROBNICATE now") == "510 Unrecognized command \"FROBNICATE\"\r\n")
    }
}
