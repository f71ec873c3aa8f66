import ArgumentParser

/// torctl's exit codes, the same for every management subcommand (listed in `torctl --help`).
enum TorctlExitCode: Int32 {
    /// It worked.
    case success = 0
    /// No client is reachable on the control port (not running, refused, timed out, closed).
    case notRunning = 1
    /// The control port refused our credentials, or we have none it accepts.
    case authentication = 2
    /// The client refused the command (unknown option, bad value, rejected torrc on reload).
    case refused = 3
    /// A flag or the torrc used to find the client is unusable.
    case badInput = 4

    /// The text `torctl --help` shows.
    static let help = """
        Exit codes of the management subcommands (status, circuits, streams, newnym, reload, \
        config, events, stop): 0 success; 1 no client is running or reachable; 2 authentication \
        failed; 3 the client refused the command (or, for reload, rejected the torrc); 4 a flag or \
        the torrc used to find the client is unusable; 64 command-line usage error. \
        verify-config exits 0 for a valid torrc and 1 otherwise.
        """
}

/// An error torctl reports on standard error before exiting with `code`.
struct TorctlFailure: Error {
    var code: TorctlExitCode
    var message: String

    init(_ code: TorctlExitCode, _ message: String) {
        self.code = code
        self.message = message
    }
}
