import Synchronization
import Testing
import TorCore
@testable import Directory

/// When the default transport turns from BEGIN_DIR to the DirPort, and when it must not.
@Suite("Fallback directory transport")
struct FallbackDirectoryTransportTests {
    /// A transport that answers or fails as told and counts its calls.
    final class StubTransport: DirectoryTransport {
        let reachable: Bool
        let outcome: @Sendable () throws -> [UInt8]
        private let calls = Mutex(0)

        init(reachable: Bool = true, outcome: @escaping @Sendable () throws -> [UInt8]) {
            self.reachable = reachable
            self.outcome = outcome
        }

        var callCount: Int { calls.withLock { $0 } }

        func canReach(_ server: DirectoryServer) -> Bool { reachable }

        func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8] {
            calls.withLock { $0 += 1 }
            return try outcome()
        }
    }

    static let server = DirectoryServer(
        nickname: "auth1", address: "127.0.0.1", dirPort: 7000, orPort: 5000,
        rsaIdentity: Array(repeating: 0xAB, count: 20), role: .authority)

    static func failing(_ code: DirectoryError.Code) -> @Sendable () throws -> [UInt8] {
        { throw DirectoryError(code, kind: .resource, "stub failure") }
    }

    @Test func primaryAnswerIsUsedAndFallbackUntouched() async throws {
        let primary = StubTransport { [1] }
        let fallback = StubTransport { [2] }
        let transport = FallbackDirectoryTransport(primary: primary, fallback: fallback)
        #expect(try await transport.fetch(.microdescConsensus, from: Self.server) == [1])
        #expect(fallback.callCount == 0)
    }

    @Test(arguments: [DirectoryError.Code.transportConnection, .transportTimeout])
    func connectionFailureFallsBack(_ code: DirectoryError.Code) async throws {
        let primary = StubTransport(outcome: Self.failing(code))
        let fallback = StubTransport { [2] }
        let transport = FallbackDirectoryTransport(primary: primary, fallback: fallback)
        #expect(try await transport.fetch(.microdescConsensus, from: Self.server) == [2])
        #expect(primary.callCount == 1)
        #expect(fallback.callCount == 1)
    }

    @Test(arguments: [DirectoryError.Code.httpStatus, .httpBodyTooLarge, .httpEncoding])
    func anHTTPAnswerIsFinal(_ code: DirectoryError.Code) async throws {
        let primary = StubTransport(outcome: Self.failing(code))
        let fallback = StubTransport { [2] }
        let transport = FallbackDirectoryTransport(primary: primary, fallback: fallback)
        await #expect(throws: DirectoryError.self) { try await transport.fetch(.microdescConsensus, from: Self.server) }
        #expect(fallback.callCount == 0)
    }

    @Test func unreachableByPrimaryGoesStraightToFallback() async throws {
        let primary = StubTransport(reachable: false) { [1] }
        let fallback = StubTransport { [2] }
        let transport = FallbackDirectoryTransport(primary: primary, fallback: fallback)
        #expect(transport.canReach(Self.server))
        #expect(try await transport.fetch(.microdescConsensus, from: Self.server) == [2])
        #expect(primary.callCount == 0)
    }

    @Test func fallbackWithoutAWayInReportsThePrimaryFailure() async throws {
        let primary = StubTransport(outcome: Self.failing(.transportTimeout))
        let fallback = StubTransport(outcome: Self.failing(.transportUnsupported))
        let transport = FallbackDirectoryTransport(primary: primary, fallback: fallback)
        do {
            _ = try await transport.fetch(.microdescConsensus, from: Self.server)
            Issue.record("fetch succeeded")
        } catch let error as DirectoryError {
            #expect(error.code == .transportTimeout)
        }
    }

    @Test func realTransportsReachWhatTheServerOffers() {
        let dirPortOnly = DirectoryServer(
            nickname: nil, address: "127.0.0.1", dirPort: 7000, orPort: 0, rsaIdentity: Array(repeating: 1, count: 20), role: .fallback)
        let orPortOnly = DirectoryServer(
            nickname: nil, address: "127.0.0.1", dirPort: 0, orPort: 5000, rsaIdentity: Array(repeating: 1, count: 20), role: .cache)
        let dirPort = DirPortTransport()
        #expect(dirPort.canReach(dirPortOnly))
        #expect(!dirPort.canReach(orPortOnly))
        let standard = FallbackDirectoryTransport.standard()
        #expect(standard.primary.canReach(orPortOnly))
        #expect(!standard.primary.canReach(dirPortOnly))
        #expect(standard.canReach(dirPortOnly) && standard.canReach(orPortOnly))
    }

    @Test func unsupportedServerIsBadInputForDirPort() async {
        let orPortOnly = DirectoryServer(
            nickname: nil, address: "127.0.0.1", dirPort: nil, orPort: 5000, rsaIdentity: Array(repeating: 1, count: 20), role: .cache)
        do {
            _ = try await DirPortTransport().fetch(.microdescConsensus, from: orPortOnly)
            Issue.record("fetch succeeded")
        } catch let error as DirectoryError {
            #expect(error.code == .transportUnsupported)
            #expect(error.kind == .badInput)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
