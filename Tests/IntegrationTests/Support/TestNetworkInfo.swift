import Foundation

/// A running private tor network as `scripts/testnet start` describes it in `DIR/network.json`.
///
/// Decoding checks the values tests rely on (40-hex RSA fingerprints, 32-byte ed25519
/// identities), so a malformed file fails at load rather than deep inside a test.
struct TestNetworkInfo: Sendable, Decodable {
    /// The network's directory (`DIR`).
    let dir: String
    /// Every relay of the network, authorities included (8).
    let relays: [Relay]
    /// `DirAuthority` lines in C tor's torrc syntax, one per authority.
    let dirAuthorityLines: [String]
    /// A torrc fragment for a tor client: `TestingTorNetwork 1` plus the `DirAuthority` lines.
    let clientTorrcPath: String
    /// The local HTTP test server.
    let http: HTTPServer
    /// The process whose exit stops the network, if one was given at start.
    let ownerPID: Int32?

    /// The directory authorities (3).
    var authorities: [Relay] { relays.filter(\.isAuthority) }
    /// The exits (2).
    var exits: [Relay] { relays.filter(\.isExit) }

    private enum CodingKeys: String, CodingKey {
        case dir, relays, http
        case dirAuthorityLines = "dir_authority_lines"
        case clientTorrcPath = "client_torrc"
        case ownerPID = "owner_pid"
    }

    /// Reads and decodes `DIR/network.json`.
    static func load(directory: URL) throws -> TestNetworkInfo {
        let data = try Data(contentsOf: directory.appendingPathComponent("network.json"))
        return try JSONDecoder().decode(TestNetworkInfo.self, from: data)
    }
}

extension TestNetworkInfo {
    /// One tor process of the network: an authority, a middle relay or an exit.
    struct Relay: Sendable, Decodable, Hashable {
        let nickname: String
        /// `authority` or `relay`, then the flags the authorities force: `guard`, `exit`, `hsdir`.
        let roles: [String]
        /// Always 127.0.0.1.
        let address: String
        let orPort: Int
        let dirPort: Int
        /// SHA-1 of the RSA identity key, 40 uppercase hex digits.
        let rsaFingerprint: String
        /// The ed25519 master identity key (32 bytes).
        let ed25519Identity: [UInt8]
        /// The same key as tor prints it: base64 without padding.
        let ed25519IdentityBase64: String
        /// The authority's v3 signing identity (40 hex), for authorities only.
        let v3Identity: String?
        let pid: Int32
        /// Field 22 of `/proc/PID/stat` when the process started: tells a recycled pid apart.
        let startTime: UInt64
        /// The node's tor log, for diagnosing a failed test.
        let logPath: String

        var isAuthority: Bool { roles.contains("authority") }
        var isExit: Bool { roles.contains("exit") }
        var isGuard: Bool { roles.contains("guard") }

        /// The RSA identity digest as bytes (20).
        var rsaIdentityDigest: [UInt8] { Hex.decode(rsaFingerprint) ?? [] }

        private enum CodingKeys: String, CodingKey {
            case nickname, roles, address, pid
            case orPort = "or_port"
            case dirPort = "dir_port"
            case rsaFingerprint = "rsa_fingerprint"
            case ed25519IdentityBase64 = "ed25519_identity"
            case v3Identity = "v3ident"
            case startTime = "start_time"
            case logPath = "log"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            nickname = try container.decode(String.self, forKey: .nickname)
            roles = try container.decode([String].self, forKey: .roles)
            address = try container.decode(String.self, forKey: .address)
            orPort = try container.decode(Int.self, forKey: .orPort)
            dirPort = try container.decode(Int.self, forKey: .dirPort)
            rsaFingerprint = try container.decode(String.self, forKey: .rsaFingerprint)
            guard Hex.decode(rsaFingerprint)?.count == 20 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .rsaFingerprint, in: container, debugDescription: "not 40 hex digits")
            }
            ed25519IdentityBase64 = try container.decode(String.self, forKey: .ed25519IdentityBase64)
            guard let key = UnpaddedBase64.decode(ed25519IdentityBase64), key.count == 32 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .ed25519IdentityBase64, in: container,
                    debugDescription: "not a base64 ed25519 key")
            }
            ed25519Identity = key
            v3Identity = try container.decodeIfPresent(String.self, forKey: .v3Identity)
            pid = try container.decode(Int32.self, forKey: .pid)
            startTime = try container.decode(UInt64.self, forKey: .startTime)
            logPath = try container.decode(String.self, forKey: .logPath)
        }
    }

    /// The local HTTP test server (`scripts/testnet http-serve`).
    struct HTTPServer: Sendable, Decodable {
        let address: String
        let port: Int
        let pid: Int32
        let files: [HTTPFile]
        /// One JSON line per request, with the pid that owned the peer socket.
        let requestsLogPath: String

        private enum CodingKeys: String, CodingKey {
            case address, port, pid, files
            case requestsLogPath = "requests_log"
        }

        /// The served file at `path` (`/small`, `/1M`, `/50M`).
        func file(_ path: String) -> HTTPFile? { files.first { $0.path == path } }
    }

    /// A deterministic file the HTTP server serves.
    struct HTTPFile: Sendable, Decodable {
        let path: String
        let size: Int
        /// SHA-256 of the content, 64 lowercase hex digits.
        let sha256: String
    }
}
