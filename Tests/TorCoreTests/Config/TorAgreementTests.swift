import Foundation
import Testing
@testable import TorCore

/// Ground truth: for torrc lines both clients implement, `tor --verify-config` (the installed
/// tor 0.4.9) and this parser must agree on accept or reject. Known, deliberate differences are
/// listed apart and checked to still differ, so a change in either side shows up here.
@Suite(.enabled(if: InstalledTor.path != nil, "needs the tor binary (Debian package tor)"))
struct TorAgreementTests {

    private static let fingerprint = "1A25C6358DB91342AA51720A5038B72742732498"
    private static let v3ident = "F533C81CEF0BC0267857C99B2F471ADF249FA232"
    private static let authority = "TestingTorNetwork 1\nDirAuthority a orport=5000 v3ident=\(v3ident) 127.0.0.1:7000 "

    /// Lines on which both must agree.
    static let sharedCases: [String] = [
        "SocksPort 9050", "SocksPort 0", "SocksPort auto", "SocksPort 127.0.0.1:auto",
        "SocksPort [::1]:9100 IsolateDestAddr NoIsolateSOCKSAuth SessionGroup=2", "SocksPort 9100 IsolateDestAddrs",
        "SocksPort 70000", "SocksPort 127.0.0.1", "SocksPort 9050 SessionGroup=x", "SocksPort 0\nSocksPort 9100",
        "SocksPort 9100 \\\n# comment\n IsolateDestPort",
        "ControlPort 9051\nCookieAuthentication 1", "ControlPort 127.0.0.1\nCookieAuthentication 1",
        "ControlPort 9051 GroupWritable\nCookieAuthentication 1",
        "CookieAuthentication 2", "HashedControlPassword 16:F00F8C18F6E31712605BC8E7A0E45F91117E83E04315BCA7689777D28C",
        "HashedControlPassword 16:ABCD", "MaxCircuitDirtiness 10 Minutes", "MaxCircuitDirtiness 1.5 hours",
        "MaxCircuitDirtiness 10 fortnights", "EnforceDistinctSubnets auto", "SafeLogging relay", "SafeLogging 2",
        "Log info-err stderr", "Log [handshake]debug [~net,mm]info notice stdout", "Log [bogus]info stdout",
        "Log notice file", "Log warning stdout", "Log notice", "Log notice stdout extra",
        authority + fingerprint, authority + "1A25 C635 8DB9 1342 AA51 720A 5038 B727 4273 2498",
        authority + "1A25C6", "TestingTorNetwork 1\nDirAuthority a v3ident=\(v3ident) 127.0.0.1 \(fingerprint)",
        "TestingTorNetwork 1\nDirAuthority a v3ident=\(v3ident) ipv6=::1:5 127.0.0.1:7000 \(fingerprint)",
        "FallbackDir 127.0.0.1:7000 orport=5000 id=\(fingerprint)", "FallbackDir 127.0.0.1:7000 id=\(fingerprint)",
        "FallbackDir nick 127.0.0.1:7000 orport=5000 id=\(fingerprint)", "ExitNodes {de}",
        "DataDirectory \"/tmp/unclosed",
    ]

    /// Lines tor accepts and this client rejects on purpose (stricter ranges and flag checks).
    static let strictCases: [String] = [
        "MaxCircuitDirtiness 5",  // tor raises it to 10 seconds with a warning
        "CircuitBuildTimeout 30 minutes",  // this client's range ends at 10 minutes
        "SocksPort 9100 Bogus",  // tor warns about an unknown flag
        "SocksPort 9100\nSocksPort 127.0.0.1:9100",  // tor finds out only when binding
    ]

    @Test(arguments: sharedCases)
    func torAndThisParserAgree(_ text: String) throws {
        let tor = try Self.torAccepts(text)
        #expect(Self.weAccept(text) == tor, "tor \(tor ? "accepts" : "rejects") this torrc")
    }

    @Test(arguments: strictCases)
    func deliberateDifferencesStillDiffer(_ text: String) throws {
        #expect(try Self.torAccepts(text))
        #expect(!Self.weAccept(text))
    }

    private static func weAccept(_ text: String) -> Bool {
        (try? TorConfiguration.parse(text: text + "\n", fileName: "torrc", homeDirectory: "/home/tester")) != nil
    }

    /// Runs `tor --verify-config` on `text` with a throwaway data directory, for at most 30 seconds.
    private static func torAccepts(_ text: String) throws -> Bool {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tor-agreement-\(UUID().uuidString)", isDirectory: true)
        let data = directory.appendingPathComponent("data", isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let torrc = directory.appendingPathComponent("torrc")
        try (text + "\n").write(to: torrc, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(InstalledTor.path))
        process.arguments = [
            "--verify-config", "-f", torrc.path, "--defaults-torrc", "/dev/null", "DataDirectory", data.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Bounded: a tor that hangs is stopped (it is our own child process) and the case fails.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .exit, "tor --verify-config did not finish within 30 seconds")
        return process.terminationReason == .exit && process.terminationStatus == 0
    }
}

/// The installed tor binary, if any.
enum InstalledTor {
    static let path: String? = ["/usr/bin/tor", "/usr/sbin/tor", "/usr/local/bin/tor"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
