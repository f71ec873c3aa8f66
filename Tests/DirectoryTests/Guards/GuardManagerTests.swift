import Foundation
import Testing
import TorCore
@testable import Directory

/// The guard manager with a real DataDirectory (a fresh temporary directory per test), an
/// injected clock and seeded randomness.
@Suite("Guard manager persistence (guard-spec A.5)")
struct GuardManagerTests {
    static let t0 = Fixtures.now

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "torswift-guards-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func manager(_ directory: String, seed: UInt64, now: Int64 = t0) -> GuardManager {
        GuardManager(dataDirectory: directory, restrictions: PathRestrictions(enforceDistinctSubnets: true),
                     clock: { now }, random: SeededGenerator(seed: seed))
    }

    static func fileBytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    @Test func savesTheSampleAndARestartKeepsThePrimaryGuards() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let view = GuardStateMachineTests.view()
        let first = Self.manager(directory, seed: 1)
        await first.update(view: view)
        let primaries = await first.primaryGuards
        let sampled = await first.sampledGuards.map(\.identity)
        #expect(primaries.count == 3 && sampled.count == 20)

        let bytes = try #require(Self.fileBytes(first.stateFilePath))
        let file = try GuardStateFile(decoding: bytes)
        #expect(file.guards.map(\.identity) == sampled)
        #expect(file.guards == (await first.sampledGuards).map(\.persistentPart))
        #expect(!FileManager.default.fileExists(atPath: GuardStateStorage.temporaryPath(for: first.stateFilePath)))

        // Another seed would sample differently: the same primaries prove the file was used.
        let restarted = Self.manager(directory, seed: 999, now: Self.t0 + 60)
        #expect(await restarted.sampledGuards.map(\.identity) == sampled)
        await restarted.update(view: view)
        #expect(await restarted.primaryGuards == primaries)
        #expect(await restarted.sampledGuards.map(\.identity) == sampled)
        let fresh = Self.manager(try Self.temporaryDirectory(), seed: 999)
        await fresh.update(view: view)
        #expect(await fresh.sampledGuards.map(\.identity) != sampled)
    }

    @Test func confirmedGuardsSurviveARestart() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let view = GuardStateMachineTests.view()
        let manager = Self.manager(directory, seed: 2)
        await manager.update(view: view)
        let selection = try await manager.chooseGuard(for: .circuit)
        #expect(await manager.recordSuccess(selection) == .useNow)
        #expect(await manager.confirmedGuards == [selection.identity])
        #expect(await manager.lastSaveError == nil)

        let restarted = Self.manager(directory, seed: 3)
        #expect(await restarted.confirmedGuards == [selection.identity])
        await restarted.update(view: view)
        #expect(try await restarted.chooseGuard(for: .circuit).identity == selection.identity)
        // Reachability is not persisted: a restart tries every guard afresh.
        #expect(await restarted.sampledGuards.allSatisfy { $0.reachability == .maybe || $0.identity == selection.identity })
    }

    @Test func aDamagedFileIsSetAsideNotTrusted() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let view = GuardStateMachineTests.view()
        let original = Self.manager(directory, seed: 4)
        await original.update(view: view)
        var bytes = try #require(Self.fileBytes(original.stateFilePath))
        // Flip one hex digit of a fingerprint: the file still parses, but its digest fails.
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "=")).map { $0 + 20 })
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try Data(bytes).write(to: URL(fileURLWithPath: original.stateFilePath))

        let restarted = Self.manager(directory, seed: 5)
        #expect(await restarted.sampledGuards.isEmpty)
        #expect(Self.fileBytes(GuardStateStorage.damagedPath(for: original.stateFilePath)) == bytes)
        #expect(!FileManager.default.fileExists(atPath: original.stateFilePath))
        await restarted.update(view: view)
        let rewritten = try #require(Self.fileBytes(original.stateFilePath))
        #expect(try GuardStateFile(decoding: rewritten).guards.count == 20)
    }

    @Test func aStaleTemporaryFileIsReplacedAndRemoved() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manager = Self.manager(directory, seed: 6)
        let temporary = GuardStateStorage.temporaryPath(for: manager.stateFilePath)
        // Left over from a crash between write and rename: never read, overwritten, renamed.
        try Data("half a file".utf8).write(to: URL(fileURLWithPath: temporary))
        await manager.update(view: GuardStateMachineTests.view())
        #expect(!FileManager.default.fileExists(atPath: temporary))
        let bytes = try #require(Self.fileBytes(manager.stateFilePath))
        #expect(try GuardStateFile(decoding: bytes).guards == (await manager.sampledGuards).map(\.persistentPart))
    }

    @Test func aFailedWriteLeavesTheOldFileWhole() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let view = GuardStateMachineTests.view()
        let manager = Self.manager(directory, seed: 7)
        await manager.update(view: view)
        let before = try #require(Self.fileBytes(manager.stateFilePath))
        // A directory where the temporary file goes makes the write fail before the rename.
        let temporary = GuardStateStorage.temporaryPath(for: manager.stateFilePath)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        let selection = try await manager.chooseGuard(for: .circuit)
        _ = await manager.recordSuccess(selection)
        #expect(await manager.lastSaveError?.code == .guardStateIO)
        #expect(Self.fileBytes(manager.stateFilePath) == before)
        // Once the obstacle is gone the next change is saved, confirmed guard included.
        try FileManager.default.removeItem(atPath: temporary)
        try await manager.save()
        #expect(await manager.lastSaveError?.code == .guardStateIO, "save() throws; only automatic saves set lastSaveError")
        let after = try GuardStateFile(decoding: try #require(Self.fileBytes(manager.stateFilePath)))
        #expect(after.guards.first { $0.identity == selection.identity }?.isConfirmed == true)
    }

    @Test func createsAMissingDataDirectory() async throws {
        let parent = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let manager = Self.manager(parent + "/data", seed: 8)
        await manager.update(view: GuardStateMachineTests.view())
        #expect(Self.fileBytes(parent + "/data/state") != nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: parent + "/data/state")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
