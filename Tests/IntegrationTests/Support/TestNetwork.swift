import Foundation

/// The private tor network (real tor 0.4.9 relays on 127.0.0.1) that integration tests run
/// against.
///
/// `shared()` gives every test of this process the same network: the one named by
/// `TORSWIFT_TESTNET_DIR` if it is running, else one started on first use with
/// `scripts/testnet start --owner-pid <this process>`, so it stops by itself when the test
/// process exits. A test that breaks the network (kills an exit) should take its own from
/// `startDedicated()` instead.
enum TestNetwork {
    /// How long `scripts/testnet start` may take to have the network ready.
    static let readinessTimeout: Duration = .seconds(120)
    /// How long the harness waits for the script as a whole (key generation, cleanup after a
    /// failure) before giving up on it.
    static let scriptTimeout: Duration = .seconds(180)

    /// The network shared by all tests of this process; started at most once, concurrent
    /// callers wait for the same start, and a failed start fails every caller the same way.
    static func shared() async throws -> TestNetworkInfo {
        try await SharedTestNetwork.instance.network()
    }

    /// A network of its own for one test, stopped by `stop(_:)` or when this process exits.
    static func startDedicated() async throws -> TestNetworkInfo {
        try await start()
    }

    /// Stops a network this process started (`startDedicated()`); the script signals exactly
    /// the processes it recorded.
    static func stop(_ network: TestNetworkInfo) async throws {
        let outcome = try await TestNetworkScript.run(["stop", "--dir", network.dir], timeout: .seconds(60))
        guard outcome.status == 0 else {
            throw TestNetworkError("scripts/testnet stop failed (\(outcome.status)):\n\(outcome.output)")
        }
        // The 50 MiB of generated files go; the logs stay for whoever reads a failure.
        try? FileManager.default.removeItem(atPath: network.dir + "/http/files")
    }

    /// The network in `TORSWIFT_TESTNET_DIR` if `scripts/testnet status` says it is all alive,
    /// else a newly started one.
    fileprivate static func attachOrStart() async throws -> TestNetworkInfo {
        if let directory = ProcessInfo.processInfo.environment["TORSWIFT_TESTNET_DIR"], !directory.isEmpty {
            let url = URL(fileURLWithPath: directory)
            let networkFile = url.appendingPathComponent("network.json").path
            if FileManager.default.fileExists(atPath: networkFile) {
                let status = try await TestNetworkScript.run(
                    ["status", "--dir", directory], timeout: .seconds(30))
                if status.status == 0 {
                    return try TestNetworkInfo.load(directory: url)
                }
            }
        }
        return try await start()
    }

    private static func start() async throws -> TestNetworkInfo {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("torswift-testnet-\(getpid())-\(UUID().uuidString.prefix(8))")
        let readiness = Int(readinessTimeout.components.seconds)
        let outcome = try await TestNetworkScript.run(
            [
                "start", "--dir", directory.path, "--owner-pid", String(getpid()),
                "--timeout", String(readiness), "--key-cache", TestNetworkScript.keyCachePath,
            ],
            timeout: scriptTimeout)
        guard outcome.status == 0 else {
            throw TestNetworkError(
                "scripts/testnet start failed (exit \(outcome.status)); is Debian's tor installed "
                    + "(apt-get install tor)? Its output:\n\(outcome.output)")
        }
        return try TestNetworkInfo.load(directory: directory)
    }
}

/// Holds the one start of the shared network for this process.
private actor SharedTestNetwork {
    static let instance = SharedTestNetwork()

    private var launch: Task<TestNetworkInfo, any Error>?

    func network() async throws -> TestNetworkInfo {
        if let launch {
            return try await launch.value
        }
        let task = Task { try await TestNetwork.attachOrStart() }
        launch = task
        return try await task.value
    }
}
