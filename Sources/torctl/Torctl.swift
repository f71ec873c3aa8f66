import ArgumentParser

/// The one executable: `torctl run` is the client; the other subcommands manage a running one.
@main
struct Torctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torctl",
        abstract: "A Tor client (SOCKS5 proxy) and the tool that manages it.",
        version: TorctlVersion.string,
        subcommands: [
            Run.self,
            VerifyConfig.self,
        ]
    )
}

/// The version torctl reports (also over the control port).
enum TorctlVersion {
    static let string = "0.1.0-dev"
}
