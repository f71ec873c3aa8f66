import TorCore
import ControlPort
import Foundation
import Testing

@Suite struct ControlCookieTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "control-cookie-\(UUID().uuidString)"
    }

    @Test func createWritesThirtyTwoBytesMode0600() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cookie = try ControlCookie.create(at: path)
        let contents = try Foundation.Data(contentsOf: URL(fileURLWithPath: path))
        #expect([UInt8](contents) == cookie.bytes)
        #expect(contents.count == 32)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        #expect(try ControlCookie.read(at: path).bytes == cookie.bytes)
    }

    @Test func createReplacesAnOldCookie() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try ControlCookie.create(at: path)
        let second = try ControlCookie.create(at: path)
        #expect(first.bytes != second.bytes)
        #expect(try ControlCookie.read(at: path).bytes == second.bytes)
    }

    @Test func readRejectsAWrongLength() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Foundation.Data(repeating: 1, count: 31).write(to: URL(fileURLWithPath: path))
        var code: ControlPortError.Code?
        do { _ = try ControlCookie.read(at: path) } catch { code = error.code }
        #expect(code == .cookieFile)
    }

    @Test func createInAMissingDirectoryFails() {
        var code: ControlPortError.Code?
        do { _ = try ControlCookie.create(at: "/nonexistent-dir-\(UUID().uuidString)/cookie") } catch { code = error.code }
        #expect(code == .cookieFile)
    }
}
