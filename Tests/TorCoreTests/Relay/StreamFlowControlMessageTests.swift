import NIOCore
import Testing
@testable import TorCore

/// RELAY_XOFF and RELAY_XON (prop 324 4.1): decode, compare, re-encode byte-exact, and one case
/// per malformed message. Command numbers as tor 0.4.9 uses them (XOFF 43, XON 44).
@Suite struct StreamFlowControlMessageTests {
    @Test func commandsAreTheOnesTorSends() {
        #expect(XoffMessage.command.rawValue == 43)
        #expect(XonMessage.command.rawValue == 44)
        #expect(RelayCommand.xoff.description == "RELAY_XOFF")
    }

    @Test func xoffRoundTrips() throws {
        let message = try XoffMessage(data: buffer("00"))
        #expect(message == XoffMessage())
        var encoded = ByteBuffer()
        try message.encode(into: &encoded)
        #expect(encoded == buffer("00"))
    }

    @Test func xonRoundTripsWithItsRate() throws {
        let message = try XonMessage(data: buffer("00 000001F4"))
        #expect(message.version == 0)
        #expect(message.kilobytesPerSecond == 500)
        var encoded = ByteBuffer()
        try message.encode(into: &encoded)
        #expect(encoded == buffer("00 000001F4"))
    }

    @Test func xonWithRateZeroMeansUnlimited() throws {
        var encoded = ByteBuffer()
        try XonMessage().encode(into: &encoded)
        #expect(encoded == buffer("00 00000000"))
        #expect(try XonMessage(data: encoded).kilobytesPerSecond == XonMessage.unlimitedRate)
    }

    @Test func bytesAfterTheFieldsAreIgnoredAsTorDoes() throws {
        #expect(try XoffMessage(data: buffer("00 FF")) == XoffMessage())
        #expect(try XonMessage(data: buffer("00 00000010 AA")).kilobytesPerSecond == 16)
    }

    @Test func emptyXoffIsTruncated() {
        expectError(.flowControlMessageTruncated) { _ = try XoffMessage(data: buffer("")) }
    }

    @Test func xoffOfVersionOneIsRefused() {
        expectError(.flowControlMessageVersion) { _ = try XoffMessage(data: buffer("01")) }
    }

    @Test func emptyXonIsTruncated() {
        expectError(.flowControlMessageTruncated) { _ = try XonMessage(data: buffer("")) }
    }

    @Test func xonWithAShortRateIsTruncated() {
        expectError(.flowControlMessageTruncated) { _ = try XonMessage(data: buffer("00 000001")) }
    }

    @Test func xonOfVersionTwoIsRefused() {
        expectError(.flowControlMessageVersion) { _ = try XonMessage(data: buffer("02 00000000")) }
    }
}
