import Circuit
import TorCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The circuits a controller asked for with `EXTENDCIRCUIT 0` (control-spec.txt §3.10): built
/// through the client's path selection and builder, listed in `circuit-status`, reported in
/// CIRC events and closed by CLOSECIRCUIT or when the network closes them. The circuit pool
/// does not hand them to streams: this client attaches every stream itself.
///
/// IDs start at ``firstNumber`` so they never collide with the pool's IDs, which count from 1.
public actor ControllerCircuits {
    /// The first controller circuit's number.
    public static let firstNumber = 1_000_000

    private struct Entry {
        var circuit: ControlledCircuit
        var handle: CircuitHandle?
        var build: Task<Void, Never>?
    }

    private var entries: [String: Entry] = [:]
    private var nextNumber = firstNumber
    private let report: @Sendable (ControlledCircuit) -> Void

    /// A registry that calls `report` for each LAUNCHED, BUILT, FAILED and CLOSED change.
    public init(report: @escaping @Sendable (ControlledCircuit) -> Void) {
        self.report = report
    }

    /// Every controller circuit, building or built, by number.
    public var circuits: [ControlledCircuit] {
        entries.values.map(\.circuit).sorted { $0.id.count != $1.id.count ? $0.id.count < $1.id.count : $0.id < $1.id }
    }

    /// Whether `id` is a controller circuit.
    public func contains(_ id: String) -> Bool { entries[id] != nil }

    /// Starts `build` and returns the new circuit's ID at once (C tor answers EXTENDED before
    /// the circuit is built); the outcome arrives as a CIRC event.
    public func launch(
        purpose: String, build: @escaping @Sendable () async throws -> (CircuitHandle, [ControlledRelay])
    ) -> String {
        let id = String(nextNumber)
        nextNumber += 1
        let circuit = ControlledCircuit(id: id, status: "LAUNCHED", path: [], buildFlags: [], purpose: purpose, timeCreated: Date())
        let task = Task {
            do {
                let (handle, path) = try await build()
                self.built(id, handle: handle, path: path)
            } catch {
                self.ended(id, status: "FAILED", reason: error is CancellationError ? "REQUESTED" : "TIMEOUT")
            }
        }
        entries[id] = Entry(circuit: circuit, handle: nil, build: task)
        report(circuit)
        return id
    }

    /// Closes `id` (CLOSECIRCUIT); false when it is not a controller circuit.
    @discardableResult
    public func close(_ id: String) -> Bool {
        guard let entry = entries[id] else { return false }
        entry.build?.cancel()
        entry.handle?.close()
        ended(id, status: "CLOSED", reason: "REQUESTED")
        return true
    }

    /// Closes every circuit (at shutdown).
    public func closeAll() {
        for id in Array(entries.keys) { close(id) }
    }

    private func built(_ id: String, handle: CircuitHandle, path: [ControlledRelay]) {
        guard var entry = entries[id] else {
            // Closed while it was being built.
            handle.close()
            return
        }
        entry.handle = handle
        entry.build = nil
        entry.circuit.status = "BUILT"
        entry.circuit.path = path
        entries[id] = entry
        report(entry.circuit)
        handle.closeFuture.whenComplete { _ in
            Task { await self.ended(id, status: "CLOSED", reason: "DESTROYED") }
        }
    }

    private func ended(_ id: String, status: String, reason: String) {
        guard var entry = entries.removeValue(forKey: id) else { return }
        entry.circuit.status = status
        entry.circuit.reason = reason
        report(entry.circuit)
    }
}
