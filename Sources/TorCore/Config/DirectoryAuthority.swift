/// One directory authority, from a `DirAuthority` line or the compiled-in defaults
/// (tor(1), DirAuthority; dir-spec.txt §1 and §3 for what authorities do).
///
/// Form: `DirAuthority [nickname] [flags] IPv4ADDRESS:DIRPORT FINGERPRINT`, where FINGERPRINT is
/// 40 hex digits, possibly in groups of 4 separated by spaces, and the flags are `orport=N`,
/// `v3ident=HEX40`, `ipv6=[ADDRESS]:PORT`, `weight=N`, `ed25519=BASE64|HEX`, `bridge`, `no-v2`,
/// and the obsolete `hs`, `no-hs`, `v1` (accepted with a warning).
/// Only an authority with a `v3ident` (the digest of its v3 identity key) signs consensuses.
public struct DirectoryAuthority: Sendable, Equatable, CustomStringConvertible {
    /// The longest relay nickname (tor-spec.txt §0.3, "nickname": 1 to 19 alphanumerics).
    public static let maximumNicknameLength = 19
    /// The length of an ed25519 identity key in bytes.
    public static let ed25519KeyByteCount = 32

    /// The nickname, if the line gave one.
    public var nickname: String?
    /// The IPv4 address.
    public var address: String
    /// The directory (HTTP) port.
    public var directoryPort: UInt16
    /// The OR (TLS) port, if given (`orport=`).
    public var orPort: UInt16?
    /// The RSA identity fingerprint of the authority's relay key.
    public var fingerprint: RelayFingerprint
    /// The digest of the v3 authority identity key (`v3ident=`); nil for an authority that cannot
    /// sign consensuses.
    public var v3Identity: RelayFingerprint?
    /// The IPv6 OR address (`ipv6=`), if any.
    public var ipv6Address: RelayAddress?
    /// The relative weight for choosing this authority for downloads (`weight=`, default 1).
    public var weight: Double
    /// The ed25519 identity key (`ed25519=`), if given.
    public var ed25519Identity: [UInt8]?
    /// True for a bridge authority (`bridge`); clients do not use those.
    public var isBridgeAuthority: Bool
    /// The obsolete `no-v2` flag, kept so a line round-trips.
    public var isNotV2: Bool

    /// True when the authority signs v3 consensuses (it has a `v3ident`).
    public var isV3Authority: Bool { v3Identity != nil }

    /// Creates an authority description.
    public init(
        nickname: String?, address: String, directoryPort: UInt16, orPort: UInt16?,
        fingerprint: RelayFingerprint, v3Identity: RelayFingerprint?, ipv6Address: RelayAddress? = nil,
        weight: Double = 1, ed25519Identity: [UInt8]? = nil, isBridgeAuthority: Bool = false, isNotV2: Bool = false
    ) {
        self.nickname = nickname
        self.address = address
        self.directoryPort = directoryPort
        self.orPort = orPort
        self.fingerprint = fingerprint
        self.v3Identity = v3Identity
        self.ipv6Address = ipv6Address
        self.weight = weight
        self.ed25519Identity = ed25519Identity
        self.isBridgeAuthority = isBridgeAuthority
        self.isNotV2 = isNotV2
    }

    /// The torrc form of the line's value; the parser reads it back to an equal value.
    public var description: String {
        var words: [String] = []
        if let nickname { words.append(nickname) }
        if let orPort { words.append("orport=\(orPort)") }
        if let v3Identity { words.append("v3ident=\(v3Identity)") }
        if let ipv6Address { words.append("ipv6=\(ipv6Address)") }
        if weight != 1 { words.append("weight=\(TorrcText.number(weight))") }
        if let ed25519Identity { words.append("ed25519=\(TorrcText.hexString(ed25519Identity))") }
        if isBridgeAuthority { words.append("bridge") }
        if isNotV2 { words.append("no-v2") }
        words.append("\(address):\(directoryPort)")
        words.append(fingerprint.description)
        return words.joined(separator: " ")
    }

    /// True for a legal relay nickname.
    static func isNickname<Text: StringProtocol>(_ text: Text) -> Bool {
        (1...maximumNicknameLength).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
