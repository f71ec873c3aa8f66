import ArgumentParser
import TorCore

#if canImport(Glibc)
import Glibc
#endif

/// `torctl verify-config [-f TORRC]`: parse and validate a torrc without running the client,
/// like `tor --verify-config`. Without `-f` it reads `~/.torrc`, else `/etc/tor/torrc`.
struct VerifyConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-config",
        abstract: "Check a torrc and report every error and warning with its line."
    )

    @Option(
        name: [.short, .customLong("torrc-file")],
        help: "The torrc to check (default: ~/.torrc, then /etc/tor/torrc).")
    var file: String?

    func run() async throws {
        let home = ConfigurationEnvironment.homeDirectory
        let report = ConfigurationVerifier.verify(
            path: file, defaultPaths: ConfigurationEnvironment.defaultTorrcPaths(homeDirectory: home),
            homeDirectory: home)
        for line in report.standardError {
            StandardError.write(line + "\n")
        }
        for line in report.standardOutput {
            print(line)
        }
        if report.exitCode != 0 {
            throw ExitCode(report.exitCode)
        }
    }
}
