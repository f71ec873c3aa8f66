import ArgumentParser
import ControlPort
import TorCore

#if canImport(Glibc)
import Glibc
#endif

/// The flags every management subcommand shares: where the client's control port is, how to
/// authenticate to it, and whether to print JSON.
///
/// Without `--control-port`, the torrc (`-f`, else the default search of verify-config) gives
/// the first ControlPort with a fixed port and, with CookieAuthentication, the cookie file;
/// without a usable torrc, 127.0.0.1:9051 (C tor's usual control port) is tried.
struct ControlConnectionOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("torrc-file")],
        help: "The running client's torrc, to find its ControlPort and cookie (default: ~/.torrc, then /etc/tor/torrc).")
    var torrcFile: String?

    @Option(name: .customLong("control-port"), help: "The control port as HOST:PORT (overrides the torrc).")
    var controlPort: String?

    @Option(name: .customLong("cookie-file"), help: "The control cookie file (overrides the torrc and PROTOCOLINFO).")
    var cookieFile: String?

    @Option(name: .customLong("password"), help: "The control password (default: the TORCTL_PASSWORD environment variable).")
    var password: String?

    @Flag(name: .customLong("json"), help: "Print JSON with stable keys instead of a table.")
    var json = false
}

/// Where and how to reach the client, after flags and torrc were combined.
struct ControlTarget: Equatable {
    /// C tor's customary control port, tried when nothing else names one.
    static let defaultPort = 9051

    var host: String
    var port: Int
    var cookieFile: String?
    var password: String?
    /// The torrc the target came from, for messages.
    var torrcPath: String?

    /// `host:port` as the user would type it.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Combines `options` with the torrc and the environment; throws a ``TorctlFailure`` with
    /// exit code ``TorctlExitCode/badInput`` for an unusable flag or torrc.
    static func resolve(_ options: ControlConnectionOptions, environmentPassword: String?, homeDirectory: String) throws -> ControlTarget {
        var target = ControlTarget(
            host: ListenEndpoint.defaultAddress, port: defaultPort, cookieFile: options.cookieFile,
            password: options.password ?? environmentPassword, torrcPath: nil)
        let torrcPath = options.torrcFile
            ?? ConfigurationEnvironment.defaultTorrcPaths(homeDirectory: homeDirectory).first(where: isReadableFile)
        if let torrcPath, options.controlPort == nil || options.cookieFile == nil {
            let configuration: TorConfiguration
            do {
                configuration = try TorConfiguration.load(path: torrcPath, homeDirectory: homeDirectory).0
            } catch {
                // A torrc found by the default search may belong to another program (the system
                // tor); only one the user named must be usable.
                guard options.torrcFile != nil else { return try apply(options.controlPort, to: target) }
                throw TorctlFailure(
                    .badInput, "cannot use \(torrcPath) to find the client: \(error); fix it (torctl verify-config -f \(torrcPath)) or pass --control-port")
            }
            target.torrcPath = torrcPath
            if let endpoint = configuration.controlPorts.first(where: { $0.port != .automatic }), case .fixed(let port) = endpoint.port {
                target.host = endpoint.address
                target.port = Int(port)
            }
            if target.cookieFile == nil, configuration.cookieAuthentication {
                target.cookieFile = configuration.cookieAuthFile
            }
        }
        return try apply(options.controlPort, to: target)
    }

    /// `target` with the `--control-port` flag applied.
    private static func apply(_ flag: String?, to target: ControlTarget) throws -> ControlTarget {
        guard let text = flag else { return target }
        guard let (host, port) = parseEndpoint(text) else {
            throw TorctlFailure(.badInput, "--control-port \(text) is not HOST:PORT; use e.g. --control-port 127.0.0.1:9051")
        }
        var target = target
        target.host = host
        target.port = port
        return target
    }

    /// `HOST:PORT`, `[v6]:PORT` or a bare `PORT` (on 127.0.0.1).
    static func parseEndpoint(_ text: String) -> (String, Int)? {
        if let port = Int(text), (1...65535).contains(port) { return (ListenEndpoint.defaultAddress, port) }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return (host, port)
    }

    private static func isReadableFile(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }
}
