import Synchronization
import TorCore

/// One application stream as the control port shows it (control-spec 4.1.2 STREAM, GETINFO
/// stream-status).
public struct ClientStreamRecord: Sendable, Equatable {
    /// C tor's stream states that this client goes through.
    public enum Status: String, Sendable {
        case new = "NEW"
        case newResolve = "NEWRESOLVE"
        case sentConnect = "SENTCONNECT"
        case sentResolve = "SENTRESOLVE"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case closed = "CLOSED"
    }

    /// A process-wide stream number, as C tor's global stream identifiers.
    public let id: Int
    /// Where the application asked to go (a hostname stays a hostname).
    public let targetHost: String
    /// The destination port (0 for a lookup).
    public let targetPort: UInt16
    /// The pool's number of the circuit carrying it; 0 before it is attached.
    public var circuitID: Int
    /// Where it is now.
    public var status: Status
    /// Why it failed or closed, as a RELAY_END reason name, when known.
    public var reason: String?
}

/// The client's live application streams and its byte counters, for GETINFO stream-status,
/// traffic/read, traffic/written and STREAM events.
///
/// Touched once per stream state change and once per read on a SOCKS connection, never per cell.
public final class StreamRegistry: Sendable {
    private let state = Mutex<(next: Int, streams: [Int: ClientStreamRecord], closers: [Int: @Sendable () -> Void])>((1, [:], [:]))
    private let readBytes = Atomic<UInt64>(0)
    private let writtenBytes = Atomic<UInt64>(0)
    private let observer: @Sendable (ClientStreamRecord) -> Void

    /// A registry telling `observer` about every change, in order per stream.
    public init(observer: @escaping @Sendable (ClientStreamRecord) -> Void = { _ in }) {
        self.observer = observer
    }

    /// Records a new stream and returns its number; `close` ends it for a controller's
    /// CLOSESTREAM.
    func open(host: String, port: UInt16, resolving: Bool, close: @escaping @Sendable () -> Void = {}) -> Int {
        let record = state.withLock { state -> ClientStreamRecord in
            let record = ClientStreamRecord(
                id: state.next, targetHost: host, targetPort: port, circuitID: 0,
                status: resolving ? .newResolve : .new, reason: nil)
            state.next += 1
            state.streams[record.id] = record
            state.closers[record.id] = close
            return record
        }
        observer(record)
        return record.id
    }

    /// Moves stream `id` to `status`; a finished stream (failed or closed) leaves the registry.
    func update(_ id: Int, status: ClientStreamRecord.Status, circuitID: Int? = nil, reason: String? = nil) {
        let record = state.withLock { state -> ClientStreamRecord? in
            guard var record = state.streams[id] else { return nil }
            record.status = status
            if let circuitID { record.circuitID = circuitID }
            if let reason { record.reason = reason }
            if status == .failed || status == .closed {
                state.streams[id] = nil
                state.closers[id] = nil
            } else {
                state.streams[id] = record
            }
            return record
        }
        if let record { observer(record) }
    }

    /// CLOSESTREAM: ends stream `id` as if its application had closed the connection (its
    /// record closes and RELAY_END goes to the exit); false when no such stream is open.
    func close(_ id: Int) -> Bool {
        guard let close = state.withLock({ $0.closers[id] }) else { return false }
        close()
        return true
    }

    /// The open streams, oldest first.
    public var streams: [ClientStreamRecord] {
        state.withLock { $0.streams.values.sorted { $0.id < $1.id } }
    }

    /// Bytes carried from the network to applications.
    public var bytesRead: UInt64 { readBytes.load(ordering: .relaxed) }
    /// Bytes carried from applications to the network.
    public var bytesWritten: UInt64 { writtenBytes.load(ordering: .relaxed) }

    func countRead(_ count: Int) { readBytes.add(UInt64(count), ordering: .relaxed) }
    func countWritten(_ count: Int) { writtenBytes.add(UInt64(count), ordering: .relaxed) }
}
