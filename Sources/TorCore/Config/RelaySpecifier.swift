/// One item of a node list (`ExitNodes`, `ExcludeNodes` and the other NODE SELECTION OPTIONS
/// of tor(1)): a relay named by identity fingerprint, by nickname, by IPv4 address pattern, or a
/// country code.
///
/// Written as C tor reads them: `$FINGERPRINT` (the `$` is optional), `$FINGERPRINT~nickname`
/// or `$FINGERPRINT=nickname` (both the fingerprint and the nickname must match), a nickname of
/// 1–19 letters and digits (case-insensitive), an address `1.2.3.4` or network `1.2.3.0/24`,
/// and a country code in braces, `{us}`. This client has no GeoIP database, so a country code
/// is kept (GETCONF shows it) but matches no relay; the parser warns about it.
public struct RelaySpecifier: Sendable, Hashable, CustomStringConvertible {
    /// What the item names.
    public enum Kind: Sendable, Hashable {
        /// An RSA identity, with the nickname that must go with it when one is given.
        case fingerprint(RelayFingerprint, nickname: String?)
        /// A relay nickname, compared case-insensitively.
        case nickname(String)
        /// An IPv4 network; a single address has prefix length 32.
        case network(IPv4Address, prefixLength: Int)
        /// A two-letter country code (or `??`), lowercased.
        case country(String)
    }

    /// The longest relay nickname (dir-spec 2.1.1: 1 to 19 alphanumeric characters).
    public static let maximumNicknameLength = 19

    /// What the item names.
    public let kind: Kind

    /// An item of the given kind.
    public init(_ kind: Kind) { self.kind = kind }

    /// Reads one item, or nil when `text` is none of the forms above.
    public init?(_ text: Substring) {
        if text.hasPrefix("{") {
            guard text.hasSuffix("}"), text.count == 4 else { return nil }
            let code = text.dropFirst().dropLast().lowercased()
            guard code == "??" || code.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
            kind = .country(code)
            return
        }
        if text.contains(".") {
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let address = IPv4Address(parts[0]) else { return nil }
            var prefixLength = 32
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...32).contains(length) else { return nil }
                prefixLength = length
            }
            kind = .network(address, prefixLength: prefixLength)
            return
        }
        let body = text.hasPrefix("$") ? text.dropFirst() : text
        let separator = body.firstIndex { $0 == "~" || $0 == "=" }
        let hex = separator.map { body[..<$0] } ?? body
        if hex.count == RelayFingerprint.byteCount * 2, let fingerprint = RelayFingerprint(hex: hex) {
            let nickname = separator.map { String(body[body.index(after: $0)...]) }
            guard nickname.map(Self.isNickname) ?? true else { return nil }
            kind = .fingerprint(fingerprint, nickname: nickname)
            return
        }
        guard !text.hasPrefix("$"), Self.isNickname(text) else { return nil }
        kind = .nickname(String(text))
    }

    /// True when `name` could be a relay nickname.
    public static func isNickname(_ name: some StringProtocol) -> Bool {
        (1...maximumNicknameLength).contains(name.utf8.count)
            && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// True when this item names the relay with these facts. A country code names none.
    public func matches(identity: RelayFingerprint, nickname: String, address: IPv4Address) -> Bool {
        switch kind {
        case let .fingerprint(fingerprint, name):
            return fingerprint == identity && (name.map { Self.sameNickname($0, nickname) } ?? true)
        case let .nickname(name):
            return Self.sameNickname(name, nickname)
        case let .network(network, prefixLength):
            guard prefixLength > 0 else { return true }
            let shift = UInt32(32 - prefixLength)
            return address.rawValue >> shift == network.rawValue >> shift
        case .country:
            return false
        }
    }

    /// Nicknames are letters and digits, compared without case (dir-spec 2.1.1). Byte by byte,
    /// folding case with the 0x20 bit (which no digit lacks and no other letter shares), so
    /// a match allocates nothing: it runs per relay per hop when a list names nicknames.
    private static func sameNickname(_ first: String, _ second: String) -> Bool {
        first.utf8.count == second.utf8.count && zip(first.utf8, second.utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
    }

    /// The item as a torrc spells it.
    public var description: String {
        switch kind {
        case let .fingerprint(fingerprint, nickname): "$\(fingerprint)" + (nickname.map { "~" + $0 } ?? "")
        case let .nickname(name): name
        case let .network(address, prefixLength): prefixLength == 32 ? "\(address)" : "\(address)/\(prefixLength)"
        case let .country(code): "{\(code)}"
        }
    }
}
