import Circuit
import Testing

/// The reordering of a conflux set (proposal 329): per-leg sequence numbers, SWITCH jumps, and
/// the queue of cells that arrived ahead of an earlier one. Elements are labels; the exit's
/// sending order is simulated by hand.
@Suite struct ConfluxSequencerTests {
    @Test func cellsInOrderOnOneLegPassStraightThrough() throws {
        var sequencer = ConfluxSequencer<String>(legs: 2)
        for label in ["a", "b", "c"] {
            #expect(try sequencer.receive(label, onLeg: 0) == label)
        }
        #expect(sequencer.lastDelivered == 3)
        #expect(sequencer.queuedCount == 0)
    }

    /// The exit sends 1–2 on leg 0, switches to leg 1 (relative 2) and sends 3–4 there. Leg 1
    /// is faster: 3 and 4 wait until 1 and 2 arrive, then everything comes out in order.
    @Test func aFasterSecondLegWaitsForTheFirst() throws {
        var sequencer = ConfluxSequencer<Int>(legs: 2)
        var delivered: [Int] = []
        func take(_ value: Int?) { if let value { delivered.append(value) } ; while let next = sequencer.next() { delivered.append(next) } }
        sequencer.receiveSwitch(relative: 2, onLeg: 1)
        take(try sequencer.receive(3, onLeg: 1))
        take(try sequencer.receive(4, onLeg: 1))
        #expect(delivered.isEmpty)
        #expect(sequencer.queuedCount == 2)
        take(try sequencer.receive(1, onLeg: 0))
        #expect(delivered == [1])
        take(try sequencer.receive(2, onLeg: 0))
        #expect(delivered == [1, 2, 3, 4])
        #expect(sequencer.queuedCount == 0)
        #expect(sequencer.lastReceived == [2, 4])
    }

    /// Switching back and forth, with the legs' cells interleaved in arrival: the order of
    /// delivery is the exit's sending order.
    @Test func manySwitchesRestoreTheSendingOrder() throws {
        var sequencer = ConfluxSequencer<Int>(legs: 2)
        // Sending order 1...12: leg 0 carries 1-3, 7-9; leg 1 carries 4-6, 10-12.
        sequencer.receiveSwitch(relative: 3, onLeg: 1)
        var delivered: [Int] = []
        func take(_ value: Int?) { if let value { delivered.append(value) } ; while let next = sequencer.next() { delivered.append(next) } }
        for value in [4, 5, 6] { take(try sequencer.receive(value, onLeg: 1)) }
        take(try sequencer.receive(1, onLeg: 0))
        sequencer.receiveSwitch(relative: 3, onLeg: 1)  // leg 1 jumps from 6 to 9
        for value in [10, 11] { take(try sequencer.receive(value, onLeg: 1)) }
        take(try sequencer.receive(2, onLeg: 0))
        take(try sequencer.receive(3, onLeg: 0))
        sequencer.receiveSwitch(relative: 3, onLeg: 0)  // leg 0 jumps from 3 to 6
        for value in [7, 8, 9] { take(try sequencer.receive(value, onLeg: 0)) }
        take(try sequencer.receive(12, onLeg: 1))
        #expect(delivered == Array(1...12))
    }

    @Test func aSequenceNumberAlreadyDeliveredClosesTheSet() throws {
        var sequencer = ConfluxSequencer<Int>(legs: 2)
        _ = try sequencer.receive(1, onLeg: 0)
        // Leg 1 never switched, so its first cell claims number 1 again.
        let error = #expect(throws: CircuitError.self) { _ = try sequencer.receive(1, onLeg: 1) }
        #expect(error?.code == .confluxSequence)
        #expect(error?.kind == .protocolViolation)
    }

    @Test func theQueueIsBounded() throws {
        var sequencer = ConfluxSequencer<Int>(legs: 2, maximumQueued: 3)
        sequencer.receiveSwitch(relative: 10, onLeg: 1)
        for value in 0..<3 { #expect(try sequencer.receive(value, onLeg: 1) == nil) }
        let error = #expect(throws: CircuitError.self) { _ = try sequencer.receive(99, onLeg: 1) }
        #expect(error?.code == .confluxQueueOverflow)
    }
}
