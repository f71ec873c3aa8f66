// Relay-cell crypto throughput of a 3-hop circuit, beside the raw AES-128-CTR and SHA-1 rates
// of this machine for scale. Build and run in release:
//   swift build -c release --product CircuitBenchmark && .build/release/CircuitBenchmark [cells]
//
// Outbound: each cell is a RELAY_DATA with 498 bytes, encoded into a 509-byte payload, sealed
// with the exit's running digest and encrypted three times (tor-spec 5.5.2.1, 6.1).
// Inbound: each cell is one the exit sealed and the three relays encrypted; the client peels
// the layers until the exit's digest recognizes it (5.5.3). The relays' side is produced, off
// the clock, by a RelayCrypto whose forward keys are the circuit's backward keys: CTR layers
// are XORs, so applying them in the client's order yields exactly what the relays send.
import Circuit
import Foundation
import NIOCore
import TorCore

let cellCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200_000
let hops = 3
let payloadLength = RelayCell.payloadLength

func randomKeys() throws -> CircuitKeys {
    try CircuitKeys(
        forwardDigestSeed: SecureRandom.bytes(20), backwardDigestSeed: SecureRandom.bytes(20),
        forwardKey: SecureRandom.bytes(16), backwardKey: SecureRandom.bytes(16),
        keyHash: SecureRandom.bytes(20))
}

/// The relays' view of the backward direction, as a client-shaped RelayCrypto.
func mirrored(_ keys: CircuitKeys) throws -> CircuitKeys {
    try CircuitKeys(
        forwardDigestSeed: keys.backwardDigestSeed.bytes, backwardDigestSeed: keys.forwardDigestSeed.bytes,
        forwardKey: keys.backwardKey.bytes, backwardKey: keys.forwardKey.bytes, keyHash: keys.keyHash.bytes)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func report(_ name: String, bytes: Int, cells: Int? = nil, _ duration: Duration) {
    let rate = Double(bytes) / seconds(duration) / 1e6
    var line = name.padding(toLength: 46, withPad: " ", startingAt: 0) + String(format: "%9.1f MB/s", rate)
    if let cells { line += String(format: "   %8.0f cells/s", Double(cells) / seconds(duration)) }
    print(line)
}

let clock = ContinuousClock()
let keys = try (0..<hops).map { _ in try randomKeys() }
let client = RelayCrypto()
let relays = RelayCrypto()
for key in keys {
    client.appendHop(try HopCrypto(keys: key))
    relays.appendHop(try HopCrypto(keys: try mirrored(key)))
}
let data = ByteBuffer(bytes: SecureRandom.bytes(RelayCell.maximumDataLength))
let cell = RelayCell(command: .data, streamID: 1, data: data)
var payload = ByteBufferAllocator().buffer(capacity: payloadLength)

print("relay-cell crypto, \(hops)-hop circuit, \(cellCount) cells of \(payloadLength) bytes")

// Outbound: encode + seal + 3 layers, the client's whole per-cell send path minus the socket.
let outbound = try clock.measure {
    for _ in 0..<cellCount {
        payload.clear()
        try cell.encode(into: &payload)
        try client.encryptOutbound(payload: &payload, toHop: hops - 1)
    }
}
report("outbound encode+encrypt to hop 3", bytes: cellCount * payloadLength, cells: cellCount, outbound)

// Inbound: relays' cells made in batches off the clock, then peeled and recognized.
let batchSize = 10_000
var inbound = Duration.zero
var recognizedAtExit = 0
var remaining = cellCount
while remaining > 0 {
    let count = min(batchSize, remaining)
    var batch: [ByteBuffer] = []
    batch.reserveCapacity(count)
    for _ in 0..<count {
        var sealed = ByteBufferAllocator().buffer(capacity: payloadLength)
        try cell.encode(into: &sealed)
        try relays.encryptOutbound(payload: &sealed, toHop: hops - 1)
        batch.append(sealed)
    }
    inbound += try clock.measure {
        for index in batch.indices {
            if try client.decryptInbound(payload: &batch[index]) == hops - 1 { recognizedAtExit += 1 }
        }
    }
    remaining -= count
}
precondition(recognizedAtExit == cellCount, "only \(recognizedAtExit) of \(cellCount) cells were recognized")
report("inbound decrypt+recognize from hop 3", bytes: cellCount * payloadLength, cells: cellCount, inbound)

// For scale: one AES-128-CTR stream and one SHA-1 over large buffers on one core, and per cell.
let aes = try AESCTR(key: SecureRandom.bytes(16))
var block = [UInt8](repeating: 0, count: 1 << 16)
let aesRounds = max(1, cellCount * payloadLength / block.count)
let aesBulk = clock.measure {
    block.withUnsafeMutableBytes { buffer in
        for _ in 0..<aesRounds { aes.apply(buffer) }
    }
}
report("AES-128-CTR, 64 KiB buffers", bytes: aesRounds * block.count, aesBulk)
var cellBytes = [UInt8](repeating: 0, count: payloadLength)
let aesCells = clock.measure {
    cellBytes.withUnsafeMutableBytes { buffer in
        for _ in 0..<cellCount { aes.apply(buffer) }
    }
}
report("AES-128-CTR, 509-byte cells", bytes: cellCount * payloadLength, cells: cellCount, aesCells)
let sha1 = RunningDigest(.sha1)
let shaBulk = clock.measure {
    block.withUnsafeBytes { buffer in
        for _ in 0..<aesRounds { sha1.update(buffer) }
    }
}
report("SHA-1, 64 KiB buffers", bytes: aesRounds * block.count, shaBulk)
var digest = [UInt8](repeating: 0, count: 20)
let shaCells = clock.measure {
    cellBytes.withUnsafeBytes { buffer in
        digest.withUnsafeMutableBytes { output in
            for _ in 0..<cellCount {
                sha1.update(buffer)
                sha1.digestSoFar(into: output)
            }
        }
    }
}
report("SHA-1 running digest, 509-byte cells", bytes: cellCount * payloadLength, cells: cellCount, shaCells)
let cellBytesTotal = Double(cellCount * payloadLength)
let aesRate = cellBytesTotal / seconds(aesCells)
let shaRate = cellBytesTotal / seconds(shaCells)
let idealRate: Double = 1 / (3 / aesRate + 1 / shaRate)
print("ideal 3-hop rate from the per-cell figures (3 AES passes + 1 SHA-1 update per cell): "
    + String(format: "%.1f MB/s", idealRate / 1e6))

// The link layer's share. Inbound cells arrive as slices of one read buffer (32 cells, about one
// TLS record); decrypting a slice in place copies it out first (the buffer is shared), which
// decrypting out of it into a fresh buffer avoids.
func circuitPair() throws -> (client: RelayCrypto, relays: RelayCrypto) {
    let pair = (client: RelayCrypto(), relays: RelayCrypto())
    for _ in 0..<hops {
        let key = try randomKeys()
        pair.client.appendHop(try HopCrypto(keys: key))
        pair.relays.appendHop(try HopCrypto(keys: try mirrored(key)))
    }
    return pair
}

func readBuffers(_ relays: RelayCrypto, cells: Int) throws -> [ByteBuffer] {
    var reads: [ByteBuffer] = []
    var read = ByteBufferAllocator().buffer(capacity: 32 * payloadLength)
    for index in 0..<cells {
        var sealed = ByteBufferAllocator().buffer(capacity: payloadLength)
        try cell.encode(into: &sealed)
        try relays.encryptOutbound(payload: &sealed, toHop: hops - 1)
        read.writeBuffer(&sealed)
        if index % 32 == 31 || index == cells - 1 {
            reads.append(read)
            read = ByteBufferAllocator().buffer(capacity: 32 * payloadLength)
        }
    }
    return reads
}

let sliceCells = min(cellCount, 100_000)
for fused in [false, true] {
    let (sliceClient, sliceRelays) = try circuitPair()
    var reads = try readBuffers(sliceRelays, cells: sliceCells)
    var recognized = 0
    let elapsed = try clock.measure {
        for index in reads.indices {
            while let ciphertext = reads[index].readSlice(length: payloadLength) {
                if fused {
                    var plaintext = ByteBufferAllocator().buffer(capacity: payloadLength)
                    if try sliceClient.decryptInbound(from: ciphertext, into: &plaintext) == hops - 1 { recognized += 1 }
                } else {
                    var payload = ciphertext
                    if try sliceClient.decryptInbound(payload: &payload) == hops - 1 { recognized += 1 }
                }
            }
        }
    }
    precondition(recognized == sliceCells, "only \(recognized) of \(sliceCells) cells were recognized")
    let name = fused ? "inbound from read buffer, decrypt out of it" : "inbound from read buffer, copy then decrypt"
    report(name, bytes: sliceCells * payloadLength, cells: sliceCells, elapsed)
}

// Outbound, the link layer's share: a Cell written down a NIO pipeline is wrapped in NIOAny,
// which boxes it on the heap (it is larger than NIOAny's inline storage); the framed
// ByteBuffer the codec writes is not boxed.
let relayCell = Cell(circuitID: CircuitID(rawValue: 0x8000_0001), command: .relay, payload: data)
var boxes = 0
let boxed = clock.measure {
    for _ in 0..<cellCount {
        let any = NIOAny(relayCell)
        withExtendedLifetime(any) { boxes += 1 }
    }
}
let unboxed = clock.measure {
    for _ in 0..<cellCount {
        let any = NIOAny(data)
        withExtendedLifetime(any) { boxes += 1 }
    }
}
print(String(format: "NIOAny(Cell) / NIOAny(ByteBuffer) per cell: %.1f / %.1f ns",
    seconds(boxed) / Double(cellCount) * 1e9, seconds(unboxed) / Double(cellCount) * 1e9))
