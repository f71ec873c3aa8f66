import Testing
@testable import Directory

@Suite struct DirectoryErrorTests {
    @Test func descriptionCarriesReasonAndCode() {
        let error = DirectoryError("example.code", kind: .badInput, "what went wrong")
        #expect(error.description == "what went wrong [example.code]")
        #expect(error.file.hasSuffix("DirectoryErrorTests.swift"))
    }
}
