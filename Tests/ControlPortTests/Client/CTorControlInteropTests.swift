import ControlPort
import Foundation
import NIOPosix
import TorCore
import Testing

/// Ground truth for the control client: a real C tor 0.4.9 client process (Debian's `tor`)
/// with no SOCKS port, its control port on a loopback port it picks, cookie authentication,
/// and a directory authority at 127.0.0.1:1 so it never reaches the internet.
/// Fails, never skips, when `tor` is missing.
@Suite(.timeLimit(.minutes(2))) struct CTorControlInteropTests {
    /// How long tor may take to write its control port file.
    static let startupLimit: Duration = .seconds(45)

    final class TorProcess: @unchecked Sendable {
        let process = Process()
        let directory: String
        var cookieFile: String { directory + "/data/control_auth_cookie" }

        init() throws {
            directory = NSTemporaryDirectory() + "ctor-control-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
            let torrc = """
                SocksPort 0
                ControlPort 127.0.0.1:auto
                ControlPortWriteToFile \(directory)/control-port
                CookieAuthentication 1
                DataDirectory \(directory)/data
                GeoIPFile /nonexistent
                GeoIPv6File /nonexistent
                DirAuthority test orport=1 no-v2 v3ident=0000000000000000000000000000000000000001 127.0.0.1:1 0000000000000000000000000000000000000002
                Log notice file \(directory)/tor.log
                __OwningControllerProcess \(getpid())
                """
            try torrc.write(toFile: directory + "/torrc", atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/tor")
            process.arguments = ["-f", directory + "/torrc", "--defaults-torrc", "/dev/null"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// The port from ControlPortWriteToFile (`PORT=127.0.0.1:NNNN`), polling until it appears.
        func controlPort() async throws -> Int {
            let deadline = ContinuousClock.now + CTorControlInteropTests.startupLimit
            while ContinuousClock.now < deadline && process.isRunning {
                if let text = try? String(contentsOfFile: directory + "/control-port", encoding: .utf8),
                   let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT=") }),
                   let port = Int(line.split(separator: ":").last ?? "") {
                    return port
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let log = (try? String(contentsOfFile: directory + "/tor.log", encoding: .utf8)) ?? ""
            throw ControlPortError(.timedOut, kind: .resource, "tor wrote no control port file; its log:\n\(log)")
        }

        /// Stops the process we started (by its PID only) and removes its files.
        func stop() async {
            if process.isRunning { process.terminate() }
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func authenticatesWithSafeCookieAndReadsVersion() async throws {
        let tor = try TorProcess()
        do {
            let port = try await tor.controlPort()
            let client = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
            let info = try await client.authenticate(ControlCredentials())
            #expect(info.methods.isSuperset(of: ["COOKIE", "SAFECOOKIE"]))
            #expect(info.cookieFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == URL(fileURLWithPath: tor.cookieFile).standardizedFileURL.path)
            let torVersion = try #require(info.torVersion)
            #expect(torVersion.hasPrefix("0.4.9"))

            let values = try await client.getInfo(["version", "status/bootstrap-phase", "traffic/read"])
            #expect(values["version"]?.hasPrefix(torVersion) == true, "\(values)")
            let bootstrap = try ControlStatusLine(try #require(values["status/bootstrap-phase"]))
            #expect(Array(bootstrap.positional.prefix(2)) == ["NOTICE", "BOOTSTRAP"])
            #expect(bootstrap.fields["PROGRESS"].flatMap { Int($0) } != nil && bootstrap.fields["TAG"] != nil)
            #expect(UInt64(values["traffic/read"] ?? "") != nil)

            let conf = try await client.call("GETCONF SocksPort CookieAuthentication")
            #expect(conf.lines.map(\.text) == ["SocksPort=0", "CookieAuthentication=1"])
            let unknown = try await client.send("GETINFO no-such-key")
            #expect(unknown.status == .unrecognizedEntity)
            await client.close()
        } catch {
            await tor.stop()
            throw error
        }
        await tor.stop()
    }

    /// Plain COOKIE with the same file, and a wrong cookie: tor's SAFECOOKIE server hash then
    /// does not match ours and the client refuses to go on.
    @Test func plainCookieAndWrongCookie() async throws {
        let tor = try TorProcess()
        do {
            let port = try await tor.controlPort()
            let client = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
            let cookie = try ControlCookie.read(at: tor.cookieFile).bytes
            #expect(try await client.send("AUTHENTICATE " + ControlAuthenticationPlan.hex(cookie)).isSuccess)
            #expect(try await client.getInfo(["version"])["version"]?.hasPrefix("0.4.9") == true)
            await client.close()

            let wrong = tor.directory + "/wrong_cookie"
            _ = try ControlCookie.create(at: wrong)
            let second = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
            do {
                try await second.authenticate(ControlCredentials(cookieFile: wrong))
                Issue.record("authenticated with a wrong cookie")
            } catch {
                #expect(error.code == .serverHashMismatch)
            }
            await second.close()
        } catch {
            await tor.stop()
            throw error
        }
        await tor.stop()
    }
}
