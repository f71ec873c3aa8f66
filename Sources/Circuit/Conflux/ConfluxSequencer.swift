import TorCore

/// The receiving side of a conflux set (proposal 329): puts the multiplexed cells that arrive
/// on several legs back in the order the exit sent them. Sans-IO: elements are whatever the
/// caller queues (relay cells in the client).
///
/// Each leg counts what it received: a multiplexed cell adds one to its leg's last sequence
/// number, a SWITCH adds its relative number (and is not counted itself), as tor 0.4.9 does.
/// The set delivers sequence number n only after n - 1. A cell that arrives early waits in a
/// priority queue; ``maximumQueued`` bounds that queue, since each leg's congestion window
/// already bounds what an honest exit can have in flight.
public struct ConfluxSequencer<Element> {
    /// Cells waiting for an earlier one, above which the exit is misbehaving (each leg's
    /// window is at most cc_cwnd_max, and a set has few legs).
    public let maximumQueued: Int
    /// The last sequence number handed out, in order.
    public private(set) var lastDelivered: UInt64 = 0
    /// Each leg's last received sequence number, by leg index.
    public private(set) var lastReceived: [UInt64]
    private var heap: [(sequence: UInt64, element: Element)] = []

    /// A sequencer for `legs` legs, all starting at sequence number 0.
    public init(legs: Int, maximumQueued: Int = 20_000) {
        lastReceived = Array(repeating: 0, count: legs)
        self.maximumQueued = maximumQueued
    }

    /// Cells waiting for an earlier one.
    public var queuedCount: Int { heap.count }

    /// A SWITCH arrived on `leg`: its sequence numbers jump by `relative`.
    public mutating func receiveSwitch(relative: UInt32, onLeg leg: Int) {
        lastReceived[leg] &+= UInt64(relative)
    }

    /// A multiplexed cell arrived on `leg`. Returns it when it is next in order (the caller
    /// handles it now, then drains ``next()``); otherwise queues it and returns nil.
    ///
    /// - Throws: `conflux.sequence` (protocol violation) for a sequence number already
    ///   delivered, `conflux.queueOverflow` when more than ``maximumQueued`` cells wait.
    public mutating func receive(_ element: Element, onLeg leg: Int) throws -> Element? {
        lastReceived[leg] &+= 1
        let sequence = lastReceived[leg]
        if sequence == lastDelivered &+ 1 {
            lastDelivered = sequence
            return element
        }
        guard sequence > lastDelivered else {
            throw CircuitError(
                .confluxSequence, kind: .protocolViolation,
                "the exit sent conflux sequence number \(sequence) on leg \(leg + 1) after \(lastDelivered) "
                    + "was delivered (proposal 329); the set was closed")
        }
        guard heap.count < maximumQueued else {
            throw CircuitError(
                .confluxQueueOverflow, kind: .protocolViolation,
                "more than \(maximumQueued) conflux cells arrived ahead of sequence number "
                    + "\(lastDelivered + 1), more than the legs' windows allow; the set was closed")
        }
        push((sequence, element))
        return nil
    }

    /// The queued cell that is next in order, if it has arrived.
    public mutating func next() -> Element? {
        guard let top = heap.first, top.sequence == lastDelivered &+ 1 else { return nil }
        lastDelivered = top.sequence
        return pop().element
    }

    // MARK: Binary min-heap on the sequence number

    private mutating func push(_ entry: (sequence: UInt64, element: Element)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].sequence < heap[parent].sequence else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() -> (sequence: UInt64, element: Element) {
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].sequence < heap[smallest].sequence { smallest = left }
            if right < heap.count, heap[right].sequence < heap[smallest].sequence { smallest = right }
            guard smallest != parent else { return top }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

extension CircuitError.Code {
    /// A conflux cell whose sequence number was already delivered (kind `.protocolViolation`).
    public static let confluxSequence: Self = "conflux.sequence"
    /// Too many conflux cells waiting for an earlier one (kind `.protocolViolation`).
    public static let confluxQueueOverflow: Self = "conflux.queueOverflow"
    /// Linking the legs of a conflux set failed (kind `.protocolViolation` or `.resource`).
    public static let confluxLink: Self = "conflux.link"
    /// A leg of a set closed and took cells the streams needed with it (kind `.resource`).
    public static let confluxLegLost: Self = "conflux.legLost"
}
