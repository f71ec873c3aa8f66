import NIOCore
import NIOPosix
import Synchronization
import TorCore

/// `EnableBufferPooling` (reloadable, see ``TorCore/ReloadableSettings``): whether the cell
/// buffers of the send path are recycled.
///
/// Each event-loop thread keeps its own free list (no lock; channels never share a buffer
/// across threads). Three buffers are recycled per relay cell sent: the 509-byte payload
/// ``TorCircuit`` encrypts, the framed cell ``CellCodecHandler`` writes, which frees the payload
/// once it has copied it, and the framed bytes ``TLSChannelHandler`` frees once OpenSSL has
/// taken them. In the steady state a cell costs no allocation.
///
/// Safety rests on `ByteBuffer`'s value semantics, not on bookkeeping: a buffer handed back
/// while something else still holds it is copied (not overwritten) when it is reused, so a
/// recycled buffer can never change bytes another owner sees.
public enum CellBufferPool {
    private static let enabled = Atomic<Bool>(true)
    // Thread-confined by construction: each thread reads and writes only its own recycler.
    private nonisolated(unsafe) static let recyclers = ThreadSpecificVariable<CellBufferRecycler>()

    /// Whether buffers are recycled; read once per buffer, so a change applies to the next cell.
    /// Turning it off also empties each thread's free list as that thread next allocates.
    public static var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    /// The room every pooled buffer gets: a framed fixed-length cell with a 4-byte circuit ID
    /// (tor-spec 3: 4 + 1 + 509, plus the 2 length bytes a variable-length header would take),
    /// so a recycled payload buffer can carry a framed cell without growing.
    static let standardCapacity = 4 + 3 + Cell.fixedPayloadLength

    /// A cleared buffer with room for at least `capacity` bytes: recycled when pooling is on and
    /// the calling thread has one, else a fresh one from `allocator`.
    static func buffer(capacity: Int, allocator: ByteBufferAllocator) -> ByteBuffer {
        recycler.buffer(capacity: max(capacity, standardCapacity), allocator: allocator, pooling: isEnabled)
    }

    /// Hands `buffer` back for reuse on the calling thread (dropped when pooling is off).
    static func recycle(_ buffer: ByteBuffer) {
        recycler.recycle(buffer, pooling: isEnabled)
    }

    /// The calling thread's counts, for tests and diagnostics.
    static var statistics: CellBufferRecycler.Statistics { recycler.statistics }

    /// Buffers taken from a free list instead of allocated, over every thread since start: it
    /// grows with traffic while pooling is on and stands still while it is off, which is how a
    /// user (through the log) sees `EnableBufferPooling` act.
    public static var totalReused: Int {
        reuseCounters.withLock { counters in counters.reduce(0) { $0 + $1.value.load(ordering: .relaxed) } }
    }

    /// Each thread's reuse counter, registered once when the thread first asks for a buffer;
    /// only summed here, so the hot path never takes this lock.
    private static let reuseCounters = Mutex<[CellBufferReuseCounter]>([])

    private static var recycler: CellBufferRecycler {
        if let existing = recyclers.currentValue { return existing }
        let created = CellBufferRecycler()
        reuseCounters.withLock { $0.append(created.reuseCounter) }
        recyclers.currentValue = created
        return created
    }
}

/// One thread's count of reused buffers: written only by that thread (an uncontended relaxed
/// store), read by ``CellBufferPool/totalReused`` from any thread.
final class CellBufferReuseCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// One thread's free list of cell-sized buffers.
final class CellBufferRecycler {
    /// Buffers kept per thread: a few read batches' worth of cells in flight.
    static let maximumKept = 64
    /// Only buffers sized for cells are kept: at least a cell payload (tor-spec 0.2, 509 bytes)
    /// and at most a variable-length cell of a few KB, so a large buffer is never hoarded.
    static let keptCapacities = 509...4096

    /// How buffers were obtained on this thread.
    struct Statistics: Equatable {
        /// Buffers taken from the free list.
        var reused = 0
        /// Buffers allocated fresh.
        var allocated = 0
    }

    private var free: [ByteBuffer] = []
    private(set) var statistics = Statistics()
    /// ``Statistics/reused`` readable from other threads.
    let reuseCounter = CellBufferReuseCounter()

    init() {
        free.reserveCapacity(Self.maximumKept)
    }

    /// A cleared buffer with room for `capacity` bytes.
    func buffer(capacity: Int, allocator: ByteBufferAllocator, pooling: Bool) -> ByteBuffer {
        guard pooling else {
            if !free.isEmpty { free.removeAll(keepingCapacity: true) }
            statistics.allocated += 1
            return allocator.buffer(capacity: capacity)
        }
        if var buffer = free.popLast() {
            // clear() keeps the storage only when no one else holds it (copy-on-write).
            buffer.clear(minimumCapacity: capacity)
            statistics.reused += 1
            reuseCounter.value.store(statistics.reused, ordering: .relaxed)
            return buffer
        }
        statistics.allocated += 1
        return allocator.buffer(capacity: capacity)
    }

    /// Keeps `buffer` for reuse when pooling is on, there is room, and it is cell-sized.
    func recycle(_ buffer: ByteBuffer, pooling: Bool) {
        guard pooling, free.count < Self.maximumKept, Self.keptCapacities.contains(buffer.capacity) else { return }
        free.append(buffer)
    }

    /// Buffers waiting for reuse.
    var keptCount: Int { free.count }
}
