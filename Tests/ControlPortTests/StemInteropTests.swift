import ControlPort
import Foundation
import Logging
import NIOPosix
import TorCore
import Testing

/// Real stem (Debian's python3-stem) against a ControlPortListener with the recording backend.
/// Fails, never skips, when /usr/bin/python3 or stem is missing: the interop claim needs it.
@Suite(.timeLimit(.minutes(1))) struct StemInteropTests {
    static let password = "correct horse"
    static let passwordHash = "16:A24A94CF9B5AECED603D37DE18E246C81F091D978316619ECF8EF27EE2"

    @Test func stemAuthenticatesReadsInfoAndReceivesAnEvent() async throws {
        let directory = NSTemporaryDirectory() + "stem-interop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TorConfiguration.defaults(homeDirectory: directory)
        configuration.cookieAuthentication = true
        configuration.cookieAuthFile = directory + "/" + ControlCookie.defaultFileName
        configuration.hashedControlPasswords = [try #require(HashedControlPassword(Self.passwordHash))]
        let policy = try ControlAuthenticationPolicy.make(for: configuration)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let listener = try await ControlPortListener.bind(
            endpoints: [ListenEndpoint(address: "127.0.0.1", port: .automatic)], group: group, policy: policy,
            torVersion: "0.4.9.11", backend: RecordingBackend(), logger: Logger(label: "stem-interop"))
        let port = try #require(listener.localAddresses.first?.port)

        // Publish a BW event every 50 ms while stem runs; only subscribed connections get it.
        let publisher = Task {
            for second in 0..<400 where !Task.isCancelled {
                listener.events.publish(ControlEvent(.bandwidth, "\(100 + second) 200"))
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let output = try await Self.runStem(port: port, cookiePath: configuration.cookieAuthFile)
        publisher.cancel()
        await listener.close()
        try await group.shutdownGracefully()

        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains("protocolinfo Cookie,Password,Safecookie \(configuration.cookieAuthFile)"), "\(output)")
        #expect(lines.contains("authenticate() ok"), "\(output)")
        #expect(lines.contains("version 0.4.9.11 (git-swift)"), "\(output)")
        #expect(lines.contains("bootstrap NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\""), "\(output)")
        #expect(lines.contains("get_version 0.4.9.11 (git-swift)"), "\(output)")
        #expect(lines.contains { $0.hasPrefix("event BW ") && $0.hasSuffix(" 200") }, "\(output)")
        #expect(lines.contains("authenticate_cookie ok 1234"), "\(output)")
        #expect(lines.contains("authenticate_safecookie ok"), "\(output)")
        #expect(lines.contains("authenticate(password) ok 9050"), "\(output)")
        #expect(lines.contains("wrong password refused"), "\(output)")
        #expect(lines.contains("after failure: Authentication required."), "\(output)")
    }

    /// Runs stem_client.py (it bounds itself with a 30 s alarm) and returns stdout + stderr.
    static func runStem(port: Int, cookiePath: String) async throws -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("stem_client.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script, String(port), cookiePath, password]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return await Task.detached {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }.value
    }
}
