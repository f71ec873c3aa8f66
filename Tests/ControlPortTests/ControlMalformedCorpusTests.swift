import ControlPort
import NIOCore
import Testing

/// One case per malformed input, each with the reply status (or close) it must produce, and a
/// seeded fuzz run that must never trap and must always answer with a well-formed reply.
@Suite struct ControlMalformedCorpusTests {
    typealias Data = ControlTestData

    /// Runs bytes through decoder and session the way the handler does; returns the wire text.
    func respond(_ bytes: [UInt8], session: inout ControlSessionStateMachine) -> (text: String, closed: Bool) {
        var decoder = ControlCommandDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        var text = ""
        while true {
            let action: ControlAction
            do {
                guard let command = try decoder.decode(&buffer) else { return (text, false) }
                action = session.receive(command)
            } catch {
                action = session.malformed(error)
            }
            switch action {
            case .reply(let reply): text += Data.text(reply)
            case .replyAndClose(let reply): return (text + Data.text(reply), true)
            case .perform: text += "PERFORM\r\n"
            }
        }
    }

    @Test(arguments: [
        ("\r\n", "510"), ("GET / HTTP/1.0\r\n", "510"), ("GETINFO \"version\r\n", "512"),
        ("GETINFO \"version\"\r\n", "552"), ("GETINFO ver\"sion\r\n", "512"), ("SETCONF =1\r\n", "512"),
        ("SETCONF Log=\"a\\x4\"\r\n", "512"), ("SETEVENTS EXTENDED=1\r\n", "552"), ("SETEVENTS NOPE\r\n", "552"),
        ("SIGNAL NEWNYM HUP\r\n", "512"), ("SIGNAL Sig=NEWNYM\r\n", "512"), ("GETCONF \"SocksPort\"\r\n", "512"),
        ("SAVECONF \"x\r\n", "512"), ("GETINFO a=b\r\n", "552"), ("WHAT\r\n", "510"),
    ])
    func malformedCommandAfterAuthentication(_ input: String, _ status: String) {
        var session = Data.authenticated()
        let (text, closed) = respond(Array(input.utf8), session: &session)
        #expect(text.hasPrefix(status + " "), "\(input.debugDescription) -> \(text.debugDescription)")
        #expect(!closed)
    }

    @Test func fuzzNeverTrapsAndAlwaysAnswersWellFormed() {
        var generator = SplitMix64(seed: 0x70C0_11EE)
        let alphabet = Array("GETINFO SETCONF AUTHENTICATE PROTOCOLINFO SETEVENTS \"\\=+.\r\n x0 ".utf8) + [0, 0xFF, 0x7F]
        for _ in 0..<2000 {
            var session = generator.next() % 2 == 0 ? Data.authenticated() : Data.session()
            let length = Int(generator.next() % 200)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let (text, _) = respond(bytes, session: &session)
            for line in text.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast() {
                let isWellFormed = line.count >= 4 && line.prefix(3).allSatisfy(\.isNumber) && [" ", "-", "+"].contains(line.dropFirst(3).first!)
                #expect(isWellFormed || line.hasPrefix("PERFORM"), "\(bytes) -> \(text.debugDescription)")
            }
        }
    }
}

/// A small seeded generator so fuzz runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
