import Testing

// Integration tests against the private tor network live here; the harness that starts the
// network (scripts/testnet) lands with issue 2.
@Suite struct IntegrationPlaceholder {
    @Test func torIsInstalled() throws {
        let candidates = ["/usr/bin/tor", "/usr/sbin/tor", "/usr/local/bin/tor"]
        #expect(candidates.contains { FileManager.default.isExecutableFile(atPath: $0) })
    }
}
import Foundation
