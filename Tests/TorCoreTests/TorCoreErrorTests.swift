import Testing
@testable import TorCore

@Suite struct TorCoreErrorTests {
    @Test func descriptionCarriesReasonAndCode() {
        let error = TorCoreError("cell.truncated", kind: .protocolViolation, "cell ends early")
        #expect(error.description == "cell ends early [cell.truncated]")
        #expect(error.kind == .protocolViolation)
        #expect(error.file.hasSuffix("TorCoreErrorTests.swift"))
    }

    @Test func redactedScrubsUnlessSafeLoggingIsOff() {
        let address = Redacted("192.0.2.7")
        #expect(address.description == "[scrubbed]")
        SafeLogging.isEnabled = false
        #expect(address.description == "192.0.2.7")
        SafeLogging.isEnabled = true
    }
}
