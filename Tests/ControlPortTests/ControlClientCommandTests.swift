import ControlPort
import Testing

/// Syntax of the commands that act on circuits, streams, guards and addresses, USEFEATURE,
/// TAKEOWNERSHIP and the GETINFO key catalog (control-spec.txt §3), against what a tor
/// 0.4.9.11 client answers to the same lines.
@Suite struct ControlClientCommandTests {
    typealias Data = ControlTestData

    func receive(_ line: String) -> ControlAction {
        var session = Data.authenticated()
        let (keyword, arguments) = line.firstIndex(of: " ").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) } ?? (line, "")
        return session.receive(ControlCommand(keyword: keyword, arguments: arguments))
    }

    @Test(arguments: [
        ("EXTENDCIRCUIT 0", ControlClientCommand.extendCircuit(circuitID: "0", path: [], purpose: nil)),
        ("EXTENDCIRCUIT 0 $AA~a,b,$CC purpose=CONTROLLER", .extendCircuit(circuitID: "0", path: ["$AA~a", "b", "$CC"], purpose: "controller")),
        ("CLOSECIRCUIT 12", .closeCircuit(circuitID: "12", ifUnused: false)),
        ("CLOSECIRCUIT 12 IfUnused", .closeCircuit(circuitID: "12", ifUnused: true)),
        ("CLOSESTREAM 7 6", .closeStream(streamID: "7", reason: 6)),
        ("ATTACHSTREAM 7 0", .attachStream(streamID: "7", circuitID: "0")),
        ("MAPADDRESS 0.0.0.0=example.com 1.2.3.4=torproject.org", .mapAddress([
            ControlAddressMapping(from: "0.0.0.0", to: "example.com"), ControlAddressMapping(from: "1.2.3.4", to: "torproject.org"),
        ])),
        ("RESOLVE example.com example.org", .resolve(names: ["example.com", "example.org"], reverse: false)),
        ("RESOLVE mode=reverse 127.0.0.1", .resolve(names: ["127.0.0.1"], reverse: true)),
        ("RESOLVE", .resolve(names: [], reverse: false)),
        ("DROPGUARDS", .dropGuards),
    ])
    func commandsReachTheBackend(_ line: String, _ command: ControlClientCommand) {
        #expect(receive(line) == .perform(.command(command)))
    }

    @Test(arguments: [
        ("EXTENDCIRCUIT", "512 Missing argument to EXTENDCIRCUIT\r\n"),
        ("EXTENDCIRCUIT 0 purpose=foo", "552 Unknown purpose \"foo\"\r\n"),
        ("CLOSECIRCUIT", "512 Missing argument to CLOSECIRCUIT\r\n"),
        ("CLOSESTREAM 99", "512 Bad arguments to CLOSESTREAM: Need at least 2 argument(s)\r\n"),
        ("CLOSESTREAM 99 x", "552 Unrecognized reason \"x\"\r\n"),
        ("ATTACHSTREAM 1", "512 Bad arguments to ATTACHSTREAM: Need at least 2 argument(s)\r\n"),
        ("MAPADDRESS example.com", "512 syntax error: mapping \"example.com\" is not of the form Address=Address\r\n"),
        ("MAPADDRESS", "512 MAPADDRESS needs one or more Address=Address pairs\r\n"),
        ("DROPGUARDS now", "512 DROPGUARDS takes no arguments\r\n"),
        ("USEFEATURE VERBOSE_NAMES extended_events", "250 OK\r\n"),
        ("USEFEATURE FOO", "552 Unrecognized feature \"FOO\"\r\n"),
        ("TAKEOWNERSHIP", "250 OK\r\n"),
        ("SIGNAL DORMANT", "552 Unrecognized signal code \"DORMANT\"\r\n"),
        ("GETINFO config-defaults", "552 Unrecognized key \"config-defaults\"\r\n"),
        ("GETINFO ns/id/", "552 Unrecognized key \"ns/id/\"\r\n"),
    ])
    func repliesWithoutTheBackend(_ line: String, _ expected: String) {
        #expect(Data.text(receive(line)) == expected)
    }

    @Test func takeOwnershipMarksTheSession() {
        var session = Data.authenticated()
        #expect(!session.ownsClient)
        _ = session.receive(ControlCommand(keyword: "TAKEOWNERSHIP"))
        #expect(session.ownsClient)
    }

    @Test func catalogAcceptsKeyFamiliesAndListsEachKeyOnce() {
        for key in ["ns/all", "ns/id/0123", "ns/name/exit1", "md/id/AB", "md/name/x", "ip-to-country/1.2.3.4", "process/pid", "orconn-status"] {
            #expect(ControlInfoCatalog.contains(ControlInfoKey(key)), "\(key)")
        }
        for key in ["config-defaults", "md/all/x", "ns/", "process"] {
            #expect(!ControlInfoCatalog.contains(ControlInfoKey(key)), "\(key)")
        }
        let names = ControlInfoCatalog.infoNames.split(separator: "\n")
        #expect(names.count == ControlInfoCatalog.entries.count)
        #expect(names.contains("ns/id/* -- A relay's router status entry, by fingerprint."))
        #expect(Set(ControlInfoCatalog.entries.map(\.key)).count == ControlInfoCatalog.entries.count)
    }

    @Test func backendErrorsMapToTheirReplyCodes() async {
        let backend = RecordingBackend()
        #expect(Data.text(await ControlRequestExecutor.reply(to: .command(.extendCircuit(circuitID: "0", path: [], purpose: nil)), backend: backend))
            == "250 EXTENDED 7\r\n")
        #expect(Data.text(await ControlRequestExecutor.reply(to: .command(.extendCircuit(circuitID: "5", path: [], purpose: nil)), backend: backend))
            == "552 Unknown circuit \"5\"\r\n")
        #expect(Data.text(await ControlRequestExecutor.reply(to: .command(.attachStream(streamID: "1", circuitID: "0")), backend: backend))
            == "555 Connection is not managed by controller.\r\n")
        #expect(Data.text(await ControlRequestExecutor.reply(to: .command(.mapAddress([])), backend: backend)) == "512 bad mapping\r\n")
        let pairs = [ControlAddressMapping(from: "a.test", to: "b.test"), ControlAddressMapping(from: "c.test", to: "d.test")]
        #expect(Data.text(await ControlRequestExecutor.reply(to: .command(.mapAddress(pairs)), backend: backend))
            == "250-a.test=b.test\r\n250 c.test=d.test\r\n", "one 250 line per answer line")
        #expect(Data.text(await ControlRequestExecutor.reply(to: .command(.dropGuards), backend: backend)) == "250 OK\r\n")
    }
}
