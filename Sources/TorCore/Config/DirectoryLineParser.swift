/// Reads `DirAuthority` and `FallbackDir` values (tor(1); the word order and the flag spellings
/// were checked against tor 0.4.9, which reads the same lines).
enum DirectoryLineParser {
    private static let fingerprintFix = "give the 40 hex digits of the relay's identity fingerprint (spaces between groups of 4 are fine)"

    /// One DirAuthority value. Obsolete flags add warnings.
    static func authority(_ entry: TorrcEntry, warnings: inout [ConfigurationWarning]) throws -> DirectoryAuthority {
        var words = entry.words[...]
        var nickname: String?
        // C tor reads flags until the first word that starts with a digit: the address.
        if let first = words.first, !first.contains("="), !(first.first?.isNumber ?? false), !isBareFlag(first) {
            guard DirectoryAuthority.isNickname(first) else {
                throw entry.error(
                    .configBadValue, "not a relay nickname",
                    fix: "use 1 to 19 letters and digits, or leave the nickname out", shown: String(first))
            }
            nickname = String(first)
            words = words.dropFirst()
        }
        var orPort: UInt16?
        var v3Identity: RelayFingerprint?
        var ipv6: RelayAddress?
        var weight = 1.0
        var ed25519: [UInt8]?
        var isBridge = false
        var isNotV2 = false
        while let word = words.first, !(word.first?.isNumber ?? false) {
            words = words.dropFirst()
            let lowered = word.lowercased()
            if let value = flagValue(word, "orport=") {
                orPort = try port(value, entry, shown: word)
            } else if let value = flagValue(word, "v3ident=") {
                guard let digest = RelayFingerprint(hex: value) else {
                    throw entry.error(.configBadFingerprint, "not a v3 identity digest", fix: "give the 40 hex digits from the authority's key certificate (dir-key-certificate \"fingerprint\")", shown: String(word))
                }
                v3Identity = digest
            } else if let value = flagValue(word, "ipv6=") {
                ipv6 = try ipv6Address(value, entry, shown: word)
            } else if let value = flagValue(word, "weight=") {
                weight = try positiveWeight(value, entry, shown: word)
            } else if let value = flagValue(word, "ed25519=") {
                ed25519 = try ed25519Key(value, entry, shown: word)
            } else if lowered == "bridge" {
                isBridge = true
            } else if lowered == "no-v2" {
                isNotV2 = true
            } else if lowered == "hs" || lowered == "no-hs" || lowered == "v1" {
                warnings.append(entry.warning("DirAuthority flag \"\(word)\" is obsolete and has no effect; remove it."))
            } else {
                throw entry.error(
                    .configBadFlag, "unknown DirAuthority flag",
                    fix: "use orport=N, v3ident=HEX, ipv6=[ADDRESS]:PORT, weight=N, ed25519=KEY, bridge or no-v2, and put ADDRESS:DIRPORT after the flags",
                    shown: String(word))
            }
        }
        guard let addressWord = words.first else {
            throw entry.error(.configBadValue, "no address", fix: "give IPv4ADDRESS:DIRPORT and then the fingerprint")
        }
        guard let address = RelayAddress.parse(addressWord, ipv6: false) else {
            throw entry.error(
                .configBadAddress, "not an IPv4 address and directory port",
                fix: "write it as ADDRESS:DIRPORT, e.g. 127.0.0.1:7000", shown: String(addressWord))
        }
        let fingerprintWords = words.dropFirst()
        guard let fingerprint = RelayFingerprint(hex: fingerprintWords.joined(separator: " ")) else {
            throw entry.error(
                .configBadFingerprint, "not a relay fingerprint", fix: fingerprintFix,
                shown: fingerprintWords.isEmpty ? entry.value : fingerprintWords.joined(separator: " "))
        }
        return DirectoryAuthority(
            nickname: nickname, address: address.address, directoryPort: address.port, orPort: orPort,
            fingerprint: fingerprint, v3Identity: v3Identity, ipv6Address: ipv6, weight: weight,
            ed25519Identity: ed25519, isBridgeAuthority: isBridge, isNotV2: isNotV2)
    }

    /// One FallbackDir value: `ADDRESS:DIRPORT orport=N id=HEX40 [weight=N] [ipv6=[ADDRESS]:PORT]`.
    static func fallback(_ entry: TorrcEntry) throws -> FallbackDirectory {
        let words = entry.words
        guard let addressWord = words.first, let address = RelayAddress.parse(addressWord, ipv6: false) else {
            throw entry.error(
                .configBadAddress, "does not start with an IPv4 address and directory port",
                fix: "write FallbackDir ADDRESS:DIRPORT orport=N id=FINGERPRINT", shown: String(words.first ?? ""))
        }
        var orPort: UInt16?
        var identity: RelayFingerprint?
        var weight = 1.0
        var ipv6: RelayAddress?
        for word in words.dropFirst() {
            if let value = flagValue(word, "orport=") {
                orPort = try port(value, entry, shown: word)
            } else if let value = flagValue(word, "id=") {
                guard let digest = RelayFingerprint(hex: value) else {
                    throw entry.error(.configBadFingerprint, "not a relay fingerprint", fix: fingerprintFix, shown: String(word))
                }
                identity = digest
            } else if let value = flagValue(word, "weight=") {
                weight = try positiveWeight(value, entry, shown: word)
            } else if let value = flagValue(word, "ipv6=") {
                ipv6 = try ipv6Address(value, entry, shown: word)
            } else {
                throw entry.error(
                    .configBadFlag, "unknown FallbackDir flag", fix: "use orport=N, id=FINGERPRINT, weight=N or ipv6=[ADDRESS]:PORT",
                    shown: String(word))
            }
        }
        guard let orPort else {
            throw entry.error(.configBadValue, "no orport=", fix: "add the relay's OR port, e.g. orport=5000")
        }
        guard let identity else {
            throw entry.error(.configBadFingerprint, "no id=", fix: "add id= and " + fingerprintFix)
        }
        return FallbackDirectory(address: address, orPort: orPort, identity: identity, weight: weight, ipv6Address: ipv6)
    }

    private static func isBareFlag(_ word: Substring) -> Bool {
        ["bridge", "no-v2", "hs", "no-hs", "v1"].contains(word.lowercased())
    }

    /// The text after `name` when `word` starts with it (case-insensitively).
    private static func flagValue(_ word: Substring, _ name: String) -> Substring? {
        word.lowercased().hasPrefix(name) ? word.dropFirst(name.count) : nil
    }

    private static func port(_ text: Substring, _ entry: TorrcEntry, shown: Substring) throws -> UInt16 {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), (1...65535).contains(number) else {
            throw entry.error(.configBadPort, "not a port number", fix: "use a port from 1 to 65535", shown: String(shown))
        }
        return UInt16(number)
    }

    private static func ipv6Address(_ text: Substring, _ entry: TorrcEntry, shown: Substring) throws -> RelayAddress {
        guard let address = RelayAddress.parse(text, ipv6: true) else {
            throw entry.error(
                .configBadAddress, "not a bracketed IPv6 address and port", fix: "write it as ipv6=[ADDRESS]:PORT",
                shown: String(shown))
        }
        return address
    }

    private static func positiveWeight(_ text: Substring, _ entry: TorrcEntry, shown: Substring) throws -> Double {
        guard let weight = Double(text), weight.isFinite, weight > 0 else {
            throw entry.error(.configBadValue, "not a positive weight", fix: "use a number above 0, e.g. weight=10", shown: String(shown))
        }
        return weight
    }

    private static func ed25519Key(_ text: Substring, _ entry: TorrcEntry, shown: Substring) throws -> [UInt8] {
        let count = DirectoryAuthority.ed25519KeyByteCount
        if text.utf8.count == count * 2, let key = TorrcText.hexBytes(text) { return key }
        if let key = TorrcText.base64Bytes(text), key.count == count { return key }
        throw entry.error(
            .configBadValue, "not an ed25519 identity key",
            fix: "give the 32-byte key as 43 base64 characters or 64 hex digits", shown: String(shown))
    }
}
