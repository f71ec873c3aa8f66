import ArgumentParser
import Glibc
import Logging
import TorClient
import TorCore

/// `torctl run [-f TORRC]`: the client itself, in the foreground, until SIGINT or SIGTERM.
///
/// Without `-f` it reads `~/.torrc`, then `/etc/tor/torrc`, and with neither runs on the
/// defaults (the real network's authorities), as C tor does.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the Tor client (SOCKS proxy) in the foreground until Ctrl-C.",
        discussion: """
            Reads the torrc (C tor's syntax), opens the SocksPort and ControlPort listeners, \
            bootstraps from the directory authorities and serves SOCKS streams over 3-hop circuits. \
            SIGHUP (or `torctl reload`) re-reads the torrc; SIGINT or SIGTERM shut down gracefully.
            With RunAsDaemon 1 it returns once the client runs in the background (status 0), or 1 \
            when it could not start.
            Exit status: 0 after a clean shutdown, 1 when the configuration is invalid or the client \
            cannot start (the reason is logged), 2 for a bad command line.
            """
    )

    @Option(
        name: [.short, .customLong("torrc-file")],
        help: "The torrc to use (default: ~/.torrc, then /etc/tor/torrc, else built-in defaults).")
    var file: String?

    func run() async throws {
        ProcessMemorySettings.apply()
        let home = ConfigurationEnvironment.homeDirectory
        let (configuration, path, warnings) = try loadConfiguration(home: home)
        if configuration.runAsDaemon, !Daemon.isDaemonProcess {
            throw ExitCode(Daemon.launchAndWait())
        }
        let router: TorLogRouter
        do {
            router = try TorLogRouter(configuration: configuration)
        } catch {
            StandardError.write("[err] \(error)\n")
            throw ExitCode(1)
        }
        // Log lines go to the torrc's Log destinations and, once the control port is open, to
        // controllers subscribed to INFO/NOTICE/WARN/ERR events.
        let forwarder = ControlLogForwarder()
        LoggingSystem.bootstrap { label in
            MultiplexLogHandler([router.makeHandler(label: label), forwarder.makeHandler(label: label)])
        }
        let logger = Logger(label: "torswift")
        for warning in warnings { logger.warning("\(warning)") }

        // Signals are watched before anything starts, so a Ctrl-C during bootstrap stops it too.
        let box = ClientBox()
        SignalWatcher.start { signal in
            switch signal {
            case .shutdown(let name):
                if !box.requestShutdown(reason: name == "SIGINT" ? "Interrupt" : "Catching signal TERM") {
                    // A second Ctrl-C while shutting down: leave now, as C tor does.
                    Glibc.exit(1)
                }
            case .reload:
                box.reload()
            }
        }
        let client: TorClient
        do {
            client = try await TorClient.start(
                configuration: configuration, configurationPath: path, logRouter: router, logForwarder: forwarder)
        } catch {
            Daemon.report(ready: false)
            logger.error("\(Self.describe(error))")
            if !Self.logsToTerminal(configuration) { StandardError.write("[err] \(Self.describe(error))\n") }
            throw ExitCode(1)
        }
        box.attach(client)
        Daemon.report(ready: true)
        let status = await client.run()
        if status != 0 {
            if !Self.logsToTerminal(configuration) {
                StandardError.write("[err] The client stopped: it could not bootstrap; see the log for why.\n")
            }
            throw ExitCode(status)
        }
    }

    /// Whether some Log line writes to the terminal (else fatal errors also go to stderr, so a
    /// user who logs only to a file still sees why the client did not start).
    static func logsToTerminal(_ configuration: TorConfiguration) -> Bool {
        configuration.logs.isEmpty || configuration.logs.contains { $0.target == .standardOutput || $0.target == .standardError }
    }

    /// The torrc's configuration, its path, and its warnings; exits 1 with C tor-style lines on
    /// standard error when it is missing or invalid.
    private func loadConfiguration(home: String) throws -> (TorConfiguration, String?, [ConfigurationWarning]) {
        var path = file
        if path == nil {
            path = ConfigurationEnvironment.defaultTorrcPaths(homeDirectory: home)
                .first { access($0, R_OK) == 0 }
        }
        guard let path else {
            StandardError.write("[notice] No torrc found in ~/.torrc or /etc/tor/torrc; using the built-in defaults.\n")
            return (TorConfiguration.defaults(homeDirectory: home), nil, [])
        }
        do {
            let (configuration, warnings) = try TorConfiguration.load(path: path, homeDirectory: home)
            return (configuration, path, warnings)
        } catch let problems as ConfigurationProblems {
            for warning in problems.warnings { StandardError.write("[warn] \(warning)\n") }
            for problem in problems.errors { StandardError.write("[err] \(problem.reason)\n") }
            StandardError.write("[err] Reading config failed; see the lines above. Fix \(path) and start again.\n")
            throw ExitCode(1)
        } catch {
            StandardError.write("[err] \(path): \(error)\n")
            throw ExitCode(1)
        }
    }

    /// A startup error as one line: the reason, without Swift's type decoration.
    static func describe(_ error: any Error) -> String {
        "\(error)"
    }
}
