/// Test-only hex helpers for the known-answer vectors.
extension Array where Element == UInt8 {
    /// Decodes a hex string; whitespace is ignored so long vectors can be wrapped.
    init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }.map { $0.hexDigitValue! }
        precondition(digits.count % 2 == 0, "odd-length hex vector")
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    /// Lower-case hex, for readable failure messages.
    var hex: String {
        map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
