import ArgumentParser

/// The one executable: `torctl run` is the client; the other subcommands manage a running one.
@main
struct Torctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torctl",
        abstract: "A Tor client (SOCKS5 proxy) and the tool that manages it.",
        discussion: TorctlExitCode.help,
        version: TorctlVersion.string,
        subcommands: [
            Run.self,
            VerifyConfig.self,
            Status.self,
            Circuits.self,
            Streams.self,
            Newnym.self,
            Reload.self,
            Config.self,
            Events.self,
            Stop.self,
        ]
    )
}

/// The version torctl reports (also over the control port).
enum TorctlVersion {
    static let string = "0.1.0-dev"
}
