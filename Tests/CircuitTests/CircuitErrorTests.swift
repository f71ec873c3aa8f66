import Testing
@testable import Circuit

@Suite struct CircuitErrorTests {
    @Test func descriptionCarriesReasonAndCode() {
        let error = CircuitError("example.code", kind: .badInput, "what went wrong")
        #expect(error.description == "what went wrong [example.code]")
        #expect(error.file.hasSuffix("CircuitErrorTests.swift"))
    }
}
