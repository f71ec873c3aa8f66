import NIOCore
import Testing
@testable import TorCore

@Suite struct RelayCellTests {
    // tor-spec 6.1: command 02 (DATA), recognized 0000, StreamID 0007, digest 00000000,
    // length 0005, "hello", then 4 zero bytes and 489 padding bytes.
    let header = "02 0000 0007 00000000 0005"

    @Test func encodeProducesTheFullPayloadWithZeroPaddingByDefault() throws {
        let cell = RelayCell(command: .data, streamID: 7, data: ByteBuffer(string: "hello"))
        var payload = ByteBuffer()
        try cell.encode(into: &payload)
        #expect(bytes(payload) == hex(header + "68656C6C6F" + repeated(0, 493)))
        #expect(payload.readableBytes == RelayCell.payloadLength)
    }

    @Test func paddingIsFourZerosThenWhateverTheFillerWrites() throws {
        let cell = RelayCell(command: .data, streamID: 7, data: ByteBuffer(string: "hello"))
        var payload = ByteBuffer()
        try cell.encode(into: &payload) { $0.initializeMemory(as: UInt8.self, repeating: 0xAB) }
        #expect(bytes(payload) == hex(header + "68656C6C6F" + "00000000" + repeated(0xAB, 489)))
    }

    @Test func paddingShorterThanFourBytesIsAllZeros() throws {
        let cell = RelayCell(command: .data, streamID: 1, data: ByteBuffer(repeating: 0x61, count: 496))
        var payload = ByteBuffer()
        var fillerCalled = false
        try cell.encode(into: &payload) { _ in fillerCalled = true }
        #expect(Array(bytes(payload).suffix(2)) == [0, 0])
        #expect(payload.readableBytes == 509)
        #expect(!fillerCalled)
    }

    @Test func aFullCellHasNoPadding() throws {
        let data = ByteBuffer(repeating: 0x61, count: RelayCell.maximumDataLength)
        var payload = ByteBuffer()
        try RelayCell(command: .data, streamID: 1, data: data).encode(into: &payload)
        #expect(payload.readableBytes == 509)
        let decoded = try RelayCell.decode(payload: payload)
        #expect(decoded.data == data)
    }

    @Test func decodeReadsTheHeaderAndSlicesTheData() throws {
        let payload = buffer(header + "68656C6C6F" + "00000000" + repeated(0x5C, 489))
        let cell = try RelayCell.decode(payload: payload)
        #expect(cell.command == .data)
        #expect(cell.streamID == 7)
        #expect(cell.data == ByteBuffer(string: "hello"))
        let headerFields = try RelayCellHeader(reading: payload)
        #expect(headerFields == RelayCellHeader(command: .data, recognized: 0, streamID: 7, digest: 0, length: 5))
    }

    @Test func headerFieldsSitAtTheirSpecOffsets() throws {
        var payload = ByteBuffer(repeating: 0, count: 509)
        let headerFields = RelayCellHeader(command: .sendme, recognized: 0x0102, streamID: 0x0304, digest: 0x0506_0708, length: 0x090A)
        headerFields.write(into: &payload, at: payload.readerIndex)
        #expect(Array(bytes(payload).prefix(11)) == hex("05 0102 0304 05060708 090A"))
        #expect(try RelayCellHeader(reading: payload) == headerFields)
        #expect(RelayCellHeader.digestOffset == 5 && RelayCellHeader.recognizedOffset == 1)
    }

    @Test func cellsCarryTypedMessages() throws {
        let cell = try RelayCell(streamID: 0, message: SendmeMessage.authenticated(digest: Array(repeating: 9, count: 20)))
        #expect(cell.command == .sendme)
        #expect(try cell.message(as: SendmeMessage.self).digest == Array(repeating: 9, count: 20))
        expectError(.relayUnexpectedCommand) { _ = try cell.message(as: EndMessage.self) }
    }

    @Test func encodeRefusesMoreThan498Bytes() {
        let cell = RelayCell(command: .data, streamID: 1, data: ByteBuffer(repeating: 0, count: 499))
        var payload = ByteBuffer()
        expectError(.relayDataTooLong) { try cell.encode(into: &payload) }
        #expect(payload.readableBytes == 0)
    }

    @Test func decodeRefusesALengthAbove498() {
        let payload = buffer("02 0000 0001 00000000 01F3" + repeated(0, 498))
        expectError(.relayLengthTooLong) { _ = try RelayCell.decode(payload: payload) }
    }

    @Test func decodeRefusesALengthBeyondTheBytesPresent() {
        let payload = buffer("02 0000 0001 00000000 0010" + repeated(0, 8))
        expectError(.relayLengthTooLong) { _ = try RelayCell.decode(payload: payload) }
    }

    @Test func decodeRefusesAPayloadShorterThanTheHeader() {
        expectError(.relayTruncated) { _ = try RelayCell.decode(payload: buffer("02 0000 0001 0000")) }
    }

    @Test func commandNames() {
        #expect(RelayCommand.beginDir.description == "RELAY_BEGIN_DIR")
        #expect(RelayCommand.xoff.rawValue == 43)
        #expect(RelayCommand.xon.rawValue == 44)
        #expect(RelayCommand.confluxSwitch.rawValue == 22)
        #expect(RelayCommand(rawValue: 200).description == "relay command 200")
        #expect(RelayCommand.extend2.isCircuitControl && !RelayCommand.data.isCircuitControl)
    }
}
