import NIOCore
import Testing
@testable import SocksServer

/// SplitMix64: a tiny seeded generator, so a failing input can be reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SocksFuzzTests {
    static let iterations = 10_000
    static let seed: UInt64 = 0x50C4_5EED

    /// Every reply the server may send before closing.
    static func isKnownCloseReply(_ reply: [UInt8]) -> Bool {
        if reply.isEmpty || reply == [5, 0xFF] || reply == socks4Rejected || reply == http { return true }
        return reply.count == 10 && reply[0] == 5 && [1, 7, 8].contains(reply[1]) && reply[2...] == [0, 1, 0, 0, 0, 0, 0, 0]
    }

    func randomInput(_ generator: inout SplitMix64) -> (input: [UInt8], isProperPrefixOfValid: Bool) {
        let form = requestForms.randomElement(using: &generator)!.input
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            let length = Int.random(in: 0...48, using: &generator)
            var input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !input.isEmpty, Bool.random(using: &generator) { input[0] = [4, 5].randomElement(using: &generator)! }
            return (input, false)
        case 1:
            return (Array(form.prefix(Int.random(in: 0..<form.count, using: &generator))), true)
        default:
            var input = form
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<input.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: input[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: input.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                default: if input.count > 1 { input.remove(at: index) }
                }
            }
            return (input, false)
        }
    }

    @Test func randomAndTruncatedInputsEndInRequestReplyOrNeedMore() {
        var generator = SplitMix64(state: Self.seed)
        var outcomes = (requests: 0, closes: 0, waits: 0)
        for iteration in 0..<Self.iterations {
            let (input, isPrefix) = randomInput(&generator)
            let chunk = Int.random(in: 1...8, using: &generator)
            let whole = drive(input)
            let split = drive(input, chunkSize: chunk)
            // Request and close are compared; optimistic data legitimately depends on the split.
            #expect(split.sent == whole.sent && split.closeReply == whole.closeReply && split.errorCode == whole.errorCode,
                    "iteration \(iteration): \(input)")
            #expect((split.request == nil) == (whole.request == nil), "iteration \(iteration): \(input)")
            if isPrefix { #expect(whole.needsMore, "a proper prefix must wait for more: \(input)") }
            if let reply = whole.closeReply {
                #expect(Self.isKnownCloseReply(reply), "iteration \(iteration): \(input) -> \(reply)")
                outcomes.closes += 1
            } else if let request = whole.request {
                #expect(request.command.isSupported(by: request.version))
                if case .hostname(let name) = request.target { #expect(SocksHostnameRule.accepts(Array(name.utf8))) }
                outcomes.requests += 1
            } else {
                outcomes.waits += 1
            }
        }
        // The generator must exercise all three endings, or this test proves little.
        #expect(outcomes.requests > 100 && outcomes.closes > 1000 && outcomes.waits > 1000, "\(outcomes)")
    }
}
