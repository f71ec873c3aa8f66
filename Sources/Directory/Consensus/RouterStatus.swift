/// The "w" line of a router status entry (dir-spec 3.4.1).
public struct RouterBandwidth: Sendable, Equatable {
    /// "Bandwidth=": the weight used for path selection (kilobytes per second, nominally).
    public let bandwidth: UInt32
    /// "Measured=": only in votes; nil in a consensus.
    public let measured: UInt32?
    /// "Unmeasured=1": the weight is not based on enough bandwidth measurements.
    public let isUnmeasured: Bool

    /// A bandwidth line's values.
    public init(bandwidth: UInt32, measured: UInt32?, isUnmeasured: Bool) {
        self.bandwidth = bandwidth
        self.measured = measured
        self.isUnmeasured = isUnmeasured
    }
}

/// One router status entry of a microdesc consensus (dir-spec 3.4.1 and 3.9.2): the relay's
/// address, flags, protocols, weight and the digest of its microdescriptor.
public struct RouterStatus: Sendable, Equatable {
    /// The relay's nickname (1 to 19 letters and digits).
    public let nickname: String
    /// SHA-1 of the relay's RSA identity key (20 bytes): what CREATE/EXTEND cells name.
    public let rsaIdentity: [UInt8]
    /// The "publication" time; meaningless in a consensus (tor 0.4.9 writes 2038-01-01 00:00:00).
    public let published: Int64
    /// The relay's IPv4 address.
    public let address: String
    /// Its OR port.
    public let orPort: UInt16
    /// Its directory port, 0 for none.
    public let dirPort: UInt16
    /// The "a" lines: further "address:port" OR addresses, IPv6 in brackets, as written.
    public let additionalAddresses: [String]
    /// The known flags of the "s" line.
    public let flags: RouterFlags
    /// Flags of the "s" line this client does not know, by name.
    public let otherFlags: [String]
    /// The "v" line's text, such as "Tor 0.4.9.11", when present.
    public let version: String?
    /// The "pr" line, when present.
    public let protocols: ProtocolVersions?
    /// The "w" line, when present.
    public let bandwidth: RouterBandwidth?
    /// The "m" line: the digest of the relay's microdescriptor.
    public let microdescriptorDigest: MicrodescriptorDigest
    /// 1-based line of the "r" keyword.
    public let lineNumber: Int

    /// Longest nickname tor allows (MAX_NICKNAME_LEN).
    public static let maximumNicknameLength = 19

    /// Keywords of a router status entry in the microdesc flavour.
    static let rules = [
        KeywordRule("r", .exactlyOnce, position: .atStart, minimumArguments: 7),
        KeywordRule("a", .anyNumber, minimumArguments: 1),
        KeywordRule("s", .exactlyOnce),
        KeywordRule("v", .atMostOnce),
        KeywordRule("pr", .atMostOnce),
        KeywordRule("w", .atMostOnce, minimumArguments: 1),
        KeywordRule("p", .atMostOnce, minimumArguments: 2),
        KeywordRule("m", .exactlyOnce, minimumArguments: 1),
    ]

    /// Builds one entry from a checked section.
    init(section: DocumentSection) throws(DirectoryError) {
        let router = try section.required("r")
        nickname = router.arguments[0]
        guard Self.isNickname(nickname) else { throw router.malformed("\"\(nickname)\" is not a relay nickname (1 to 19 letters and digits)") }
        rsaIdentity = try router.base64(at: 1, byteCount: 20)
        published = try router.time(at: 2)
        address = try router.ipv4Address(at: 4)
        orPort = try router.integer(at: 5, as: UInt16.self)
        dirPort = try router.integer(at: 6, as: UInt16.self)
        lineNumber = router.lineNumber
        additionalAddresses = section.all("a").map { $0.arguments[0] }

        var flags = RouterFlags()
        var otherFlags: [String] = []
        for name in try section.required("s").arguments {
            if let flag = RouterFlags(name: name) { flags.insert(flag) } else { otherFlags.append(name) }
        }
        self.flags = flags
        self.otherFlags = otherFlags

        version = section.first("v").map { $0.arguments.joined(separator: " ") }
        if let line = section.first("pr") {
            guard let protocols = ProtocolVersions(arguments: line.arguments) else {
                throw line.malformed("\"pr\" is not a list of Name=versions entries (versions 0 to 63)")
            }
            self.protocols = protocols
        } else {
            protocols = nil
        }
        bandwidth = try section.first("w").map(Self.bandwidth)
        let digestLine = try section.required("m")
        guard let digest = MicrodescriptorDigest(bytes: try digestLine.base64(at: 0, byteCount: 32)) else {
            throw digestLine.malformed("\"m\" is not a SHA-256 digest")
        }
        microdescriptorDigest = digest
    }

    /// True for 1 to 19 ASCII letters and digits (tor-spec's nickname rule).
    static func isNickname(_ text: String) -> Bool {
        (1...maximumNicknameLength).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                false
            }
        }
    }

    /// Reads "w Bandwidth=N [Measured=N] [Unmeasured=1]"; other keywords are ignored, as the
    /// spec says clients must.
    private static func bandwidth(_ line: DocumentItem) throws(DirectoryError) -> RouterBandwidth {
        var bandwidth: UInt32? = nil
        var measured: UInt32? = nil
        var isUnmeasured = false
        for argument in line.arguments {
            let pair = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw line.malformed("\"\(argument)\" in \"w\" is not Keyword=Value") }
            switch pair[0] {
            case "Bandwidth", "Measured":
                guard let value = DocumentNumbers.parse(pair[1], as: UInt32.self) else {
                    throw line.malformed("\(pair[0]) in \"w\" is not a number from 0 to 2^32-1")
                }
                if pair[0] == "Bandwidth" { bandwidth = value } else { measured = value }
            case "Unmeasured":
                isUnmeasured = pair[1] == "1"
            default:
                continue
            }
        }
        guard let bandwidth else { throw line.malformed("\"w\" lacks Bandwidth=") }
        return RouterBandwidth(bandwidth: bandwidth, measured: measured, isUnmeasured: isUnmeasured)
    }
}
