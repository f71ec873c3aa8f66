import Foundation

/// Signalling the network's tor processes: only ones listed in network.json, and only while
/// the pid still has the recorded start time (a recycled pid is left alone).
extension TestNetworkInfo {
    /// How long `stopExit` and `stopAuthority` wait for the process to be gone after SIGTERM.
    static let exitStopTimeout: Duration = .seconds(10)

    /// SIGTERMs one of this network's exits (tor exits at once on SIGTERM) and waits until the
    /// process is gone. Throws if `relay` is not an exit of this network or is not running.
    ///
    /// On the shared network this affects every later test; take a network of your own with
    /// `TestNetwork.startDedicated()` for that.
    func stopExit(_ relay: Relay) async throws {
        guard relay.isExit else {
            throw TestNetworkError("\(relay.nickname) is not an exit of the network in \(dir)")
        }
        try await stop(relay)
    }

    /// SIGTERMs one of this network's directory authorities and waits until the process is
    /// gone: its DirPort and ORPort then refuse connections, as a real authority that is down.
    /// Throws if `relay` is not an authority of this network or is not running.
    ///
    /// Only for a network of the test's own (`TestNetwork.startDedicated()`): the shared
    /// network's later consensuses would lose a signer.
    func stopAuthority(_ relay: Relay) async throws {
        guard relay.isAuthority else {
            throw TestNetworkError("\(relay.nickname) is not an authority of the network in \(dir)")
        }
        try await stop(relay)
    }

    /// SIGTERMs `relay`, a process this network started (its pid and start time as recorded),
    /// and waits until it is gone.
    private func stop(_ relay: Relay) async throws {
        guard relays.contains(relay) else {
            throw TestNetworkError("\(relay.nickname) is not a process of the network in \(dir)")
        }
        guard relay.isRunning else {
            throw TestNetworkError("\(relay.nickname) (pid \(relay.pid)) is not running")
        }
        guard kill(relay.pid, SIGTERM) == 0 else {
            throw TestNetworkError("cannot signal \(relay.nickname) (pid \(relay.pid)): errno \(errno)")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.exitStopTimeout
        while relay.isRunning {
            guard clock.now < deadline else {
                throw TestNetworkError(
                    "\(relay.nickname) (pid \(relay.pid)) still runs \(Self.exitStopTimeout) after SIGTERM")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

extension TestNetworkInfo.Relay {
    /// True while the recorded pid is alive (not a zombie) and still has the recorded start time.
    var isRunning: Bool { ProcessStat.startTime(of: pid) == startTime }
}

/// Reads `/proc/PID/stat` (proc(5)).
enum ProcessStat {
    /// Field 22, the start time in clock ticks since boot; nil if the process is gone or a zombie.
    static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name start at field 3 (state); the name may hold spaces.
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return UInt64(fields[19])
    }
}
