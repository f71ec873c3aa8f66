import TorCore

/// Picks circuit IDs for the circuits a client opens on one channel (tor-spec 5.1.1).
///
/// From link protocol 4 on, IDs are 4 bytes and the side that opened the channel (always the
/// client here) sets the most significant bit; below 4 (never negotiated with 0.4.9 relays,
/// which speak 4 and 5 only) IDs are 2 bytes and nonzero. IDs are drawn at random so they say
/// nothing about how many circuits the channel has carried; the ID must not be in use.
public struct CircuitIDAllocator {
    /// Random draws before giving up: with 2^31 IDs, failing this many times means the
    /// channel is full or the generator is broken.
    public static let maximumAttempts = 64

    /// The negotiated link protocol (tor-spec 4.1).
    public let linkProtocol: UInt16
    private var random: () -> UInt32

    /// An allocator for `linkProtocol`; `random` supplies raw 32-bit draws (tests pass a fixed
    /// sequence, everything else the default system generator).
    public init(linkProtocol: UInt16, random: @escaping () -> UInt32 = { UInt32.random(in: .min ... .max) }) {
        self.linkProtocol = linkProtocol
        self.random = random
    }

    /// A fresh ID for which `isInUse` is false.
    ///
    /// - Throws: `circuit.idsExhausted` (resource) after ``maximumAttempts`` draws in use.
    public mutating func allocate(isInUse: (CircuitID) -> Bool) throws -> CircuitID {
        for _ in 0..<Self.maximumAttempts {
            let candidate = CircuitID(rawValue: shape(random()))
            if !candidate.isZero, !isInUse(candidate) { return candidate }
        }
        throw CircuitError(
            .circuitIDsExhausted, kind: .resource,
            "No free circuit ID was found on this channel after \(Self.maximumAttempts) tries; "
                + "close unused circuits or open another channel.")
    }

    private func shape(_ draw: UInt32) -> UInt32 {
        linkProtocol >= 4 ? draw | CircuitID.initiatorBit : draw & 0xFFFF
    }
}
