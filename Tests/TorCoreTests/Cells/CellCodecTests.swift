import NIOCore
import Testing
@testable import TorCore

@Suite struct CellCodecTests {
    // tor-spec 3 and 4.1: CircID 0000 (2 bytes), command 07, length 0006, versions 3, 4, 5.
    let versionsCell = "0000 07 0006 0003 0004 0005"
    // tor-spec 3: a link protocol 4 DESTROY: CircID 80000001, command 04, reason 0x08, padding.
    let destroyCell = "80000001 04 08" + repeated(0, 508)
    // A link protocol 3 CREATE_FAST: 2-byte CircID 8001, command 05, 20 bytes of X, padding.
    let createFastCell = "8001 05" + repeated(0xAA, 20) + repeated(0, 489)
    // A link protocol 4 VPADDING: CircID 0, command 0x80, length 0003, three padding bytes.
    let vpaddingCell = "00000000 80 0003 000000"

    @Test func decodesTheFirstVersionsCellWithTwoByteCircuitIDs() throws {
        var input = buffer(versionsCell)
        let cell = try #require(try CellCodec.handshake.decode(from: &input))
        #expect(cell.circuitID == .zero)
        #expect(cell.command == .versions)
        #expect(try cell.message(as: VersionsMessage.self).versions == [3, 4, 5])
        #expect(input.readableBytes == 0)
        var output = ByteBuffer()
        try CellCodec.handshake.encode(cell, into: &output)
        #expect(bytes(output) == hex(versionsCell))
    }

    @Test func decodesFixedCellsWithFourByteCircuitIDs() throws {
        let codec = CellCodec(linkProtocol: 4)
        var input = buffer(destroyCell)
        let cell = try #require(try codec.decode(from: &input))
        #expect(cell.circuitID == CircuitID(rawValue: 0x8000_0001))
        #expect(cell.command == .destroy)
        #expect(cell.payload.readableBytes == Cell.fixedPayloadLength)
        #expect(try cell.message(as: DestroyMessage.self).reason == .channelClosed)
        var output = ByteBuffer()
        try codec.encode(cell, into: &output)
        #expect(bytes(output) == hex(destroyCell))
        #expect(codec.fixedCellLength == 514)
    }

    @Test func decodesFixedCellsWithTwoByteCircuitIDs() throws {
        let codec = CellCodec(linkProtocol: 3)
        var input = buffer(createFastCell)
        let cell = try #require(try codec.decode(from: &input))
        #expect(cell.circuitID == 0x8001)
        #expect(cell.command == .createFast)
        #expect(try cell.message(as: CreateFastMessage.self).keyMaterial == [UInt8](repeating: 0xAA, count: 20))
        var output = ByteBuffer()
        try codec.encode(cell, into: &output)
        #expect(bytes(output) == hex(createFastCell))
        #expect(codec.fixedCellLength == 512)
    }

    @Test(arguments: [
        (UInt16(0), "0000 07 0006 0003 0004 0005"),
        (UInt16(4), "80000001 04 08" + repeated(0, 508)),
        (UInt16(3), "8001 05" + repeated(0xAA, 20) + repeated(0, 489)),
        (UInt16(5), "00000000 80 0003 000000"),
        (UInt16(5), "00000000 81 0000"),
    ])
    func dripFedOneByteAtATimeYieldsNilUntilTheCellIsComplete(linkProtocol: UInt16, vector: String) throws {
        let codec = CellCodec(linkProtocol: linkProtocol)
        let wire = hex(vector)
        var input = ByteBuffer()
        for (index, byte) in wire.enumerated() {
            input.writeInteger(byte)
            let readerIndex = input.readerIndex
            let cell = try codec.decode(from: &input)
            if index < wire.count - 1 {
                #expect(cell == nil)
                #expect(input.readerIndex == readerIndex, "a partial cell must not be consumed")
            } else {
                let cell = try #require(cell)
                var output = ByteBuffer()
                try codec.encode(cell, into: &output)
                #expect(bytes(output) == wire)
                #expect(input.readableBytes == 0)
            }
        }
    }

    @Test func decodesSeveralCellsBackToBack() throws {
        let codec = CellCodec(linkProtocol: 4)
        var input = buffer(destroyCell + vpaddingCell + destroyCell + "0000")
        let first = try #require(try codec.decode(from: &input))
        let second = try #require(try codec.decode(from: &input))
        let third = try #require(try codec.decode(from: &input))
        #expect(try codec.decode(from: &input) == nil)
        #expect([first.command, second.command, third.command] == [.destroy, .vpadding, .destroy])
        #expect(bytes(second.payload) == [0, 0, 0])
        #expect(input.readableBytes == 2, "the start of a fourth cell stays buffered")
    }

    @Test func encodePadsShortFixedPayloadsWithZeros() throws {
        let cell = try Cell(circuitID: 0x8000_0002, message: DestroyMessage(reason: .none))
        #expect(cell.payload.readableBytes == 1)
        var output = ByteBuffer()
        try CellCodec(linkProtocol: 5).encode(cell, into: &output)
        #expect(bytes(output) == hex("80000002 04 00" + repeated(0, 508)))
    }

    @Test func variableLengthDependsOnTheLinkProtocol() {
        #expect(CellCommand.versions.isVariableLength)
        #expect(CellCommand.certs.isVariableLength)
        #expect(!CellCommand.netinfo.isVariableLength)
        #expect(!CellCodec(linkProtocol: 1).isVariableLength(.versions))
        #expect(CellCodec(linkProtocol: 2).isVariableLength(.versions))
        #expect(!CellCodec(linkProtocol: 2).isVariableLength(.certs))
        #expect(CellCodec(linkProtocol: 3).isVariableLength(.authChallenge))
        #expect(CellCodec.handshake.isVariableLength(.vpadding))
        #expect(CellCodec.handshake.circuitIDLength == 2)
    }

    @Test func unknownCommandsSurviveARoundTrip() throws {
        let codec = CellCodec(linkProtocol: 4)
        let wire = hex("00000007 FE 0002 ABCD" + "00000007 3C" + repeated(0x5A, 509))
        var input = ByteBuffer(bytes: wire)
        let variable = try #require(try codec.decode(from: &input))
        let fixed = try #require(try codec.decode(from: &input))
        #expect(variable.command.rawValue == 0xFE)
        #expect(fixed.command.rawValue == 0x3C)
        var output = ByteBuffer()
        try codec.encode(variable, into: &output)
        try codec.encode(fixed, into: &output)
        #expect(bytes(output) == wire)
    }

    @Test func aVariableCellAboveTheLimitThrowsOnceItsLengthArrives() {
        let codec = CellCodec(linkProtocol: 4, maximumVariablePayloadLength: 1024)
        var input = buffer("00000000 81 0401")
        expectError(.cellVariablePayloadTooLong) { _ = try codec.decode(from: &input) }
        #expect(input.readableBytes == 7, "nothing consumed on failure")
        var atLimit = buffer("00000000 81 0400")
        #expect(throws: Never.self) { _ = try codec.decode(from: &atLimit) }
    }

    @Test func encodeRefusesACircuitIDWiderThanTwoBytes() {
        let cell = Cell(circuitID: 0x1_0000, command: .destroy, payload: ByteBuffer())
        var output = ByteBuffer()
        expectError(.cellCircuitIDTooWide) { try CellCodec(linkProtocol: 3).encode(cell, into: &output) }
        #expect(output.readableBytes == 0)
    }

    @Test func encodeRefusesAFixedPayloadLongerThan509Bytes() {
        let cell = Cell(circuitID: 1, command: .relay, payload: ByteBuffer(repeating: 0, count: 510))
        var output = ByteBuffer()
        expectError(.cellPayloadTooLong) { try CellCodec(linkProtocol: 4).encode(cell, into: &output) }
        #expect(output.readableBytes == 0)
    }

    @Test func encodeRefusesAVariablePayloadLongerThanItsLengthField() {
        let cell = Cell(circuitID: 0, command: .vpadding, payload: ByteBuffer(repeating: 0, count: 65_536))
        var output = ByteBuffer()
        expectError(.cellPayloadTooLong) { try CellCodec(linkProtocol: 4).encode(cell, into: &output) }
    }

    @Test func readingACellAsTheWrongMessageThrows() throws {
        let cell = try Cell(circuitID: 1, message: DestroyMessage(reason: .finished))
        expectError(.cellUnexpectedCommand) { _ = try cell.message(as: NetinfoMessage.self) }
    }

    @Test func circuitIDDescriptionIsHex() {
        #expect(CircuitID(rawValue: 0x8000_00FF).description == "0x800000ff")
        #expect(CircuitID.zero.isZero)
        #expect(CellCommand.authChallenge.description == "AUTH_CHALLENGE")
        #expect(CellCommand(rawValue: 200).description == "command 200")
    }
}
