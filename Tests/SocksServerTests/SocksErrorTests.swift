import Testing
@testable import SocksServer

@Suite struct SocksErrorTests {
    @Test func descriptionCarriesReasonAndCode() {
        let error = SocksError("example.code", kind: .badInput, "what went wrong")
        #expect(error.description == "what went wrong [example.code]")
        #expect(error.file.hasSuffix("SocksErrorTests.swift"))
    }
}
