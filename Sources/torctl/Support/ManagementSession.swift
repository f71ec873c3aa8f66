import ArgumentParser
import ControlPort
import NIOPosix
import TorCore

#if canImport(Glibc)
import Glibc
#endif

/// Runs one management subcommand: resolves the target, connects, authenticates, runs `body`
/// with the open client, closes, and turns every failure into a message on standard error and
/// the documented exit code (``TorctlExitCode``).
enum ManagementSession {
    /// Connects per `options` and runs `body`; never returns normally after a failure.
    static func run(_ options: ControlConnectionOptions, _ body: (ControlClient, ControlTarget) async throws -> Void) async throws {
        do {
            let target = try ControlTarget.resolve(
                options, environmentPassword: environment("TORCTL_PASSWORD"),
                homeDirectory: ConfigurationEnvironment.homeDirectory)
            let client = try await connect(target)
            do {
                try await body(client, target)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        } catch let failure as TorctlFailure {
            exit(with: failure)
        } catch let error as ControlPortError {
            exit(with: failure(for: error, endpoint: nil, torrc: nil))
        }
    }

    /// Connects and authenticates, mapping errors to failures that say what to do.
    static func connect(_ target: ControlTarget) async throws -> ControlClient {
        do throws(ControlPortError) {
            let client = try await ControlClient.connect(host: target.host, port: target.port, group: MultiThreadedEventLoopGroup.singleton)
            do {
                try await client.authenticate(ControlCredentials(cookieFile: target.cookieFile, password: target.password))
            } catch {
                await client.close()
                throw error
            }
            return client
        } catch {
            throw failure(for: error, endpoint: target.endpoint, torrc: target.torrcPath)
        }
    }

    /// The user-facing failure for a control-port error.
    static func failure(for error: ControlPortError, endpoint: String?, torrc: String?) -> TorctlFailure {
        let place = endpoint ?? "the control port"
        switch error.code {
        case .notRunning:
            return TorctlFailure(.notRunning, "No client is running on \(place). Start one with: torctl run -f \(torrc ?? "TORRC")")
        case .timedOut, .connectFailed, .connectionClosed:
            return TorctlFailure(.notRunning, "Cannot reach the client on \(place): \(error.reason)")
        case .noUsableAuthentication, .authenticationRefused, .serverHashMismatch:
            return TorctlFailure(.authentication, error.reason)
        case .commandRefused:
            return TorctlFailure(.refused, "The client refused the command: \(error.reason)")
        default:
            return TorctlFailure(.notRunning, "The control connection to \(place) failed: \(error.reason)")
        }
    }

    /// Prints the failure and exits with its code.
    static func exit(with failure: TorctlFailure) -> Never {
        writeStandardError("torctl: " + failure.message + "\n")
        Glibc.exit(failure.code.rawValue)
    }

    /// Writes to file descriptor 2 directly: the C `stderr` global is not concurrency-safe in Swift 6.
    static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
