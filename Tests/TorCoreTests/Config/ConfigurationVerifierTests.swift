import Foundation
import Testing
@testable import TorCore

/// End to end: the verify-config logic over real files, as `torctl verify-config` runs it.
@Suite struct ConfigurationVerifierTests {
    /// A fresh directory under the system temporary directory, removed by the caller.
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("torrc-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private func write(_ text: String, to directory: URL, name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func validFileSaysSoAndExitsZero() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("SocksPort 9100\nLongLivedPorts 22\n", to: directory, name: "torrc")
        let report = ConfigurationVerifier.verify(path: path, defaultPaths: [], homeDirectory: "/home/tester")
        #expect(report.exitCode == 0)
        #expect(report.path == path)
        #expect(report.standardOutput == ["Configuration was valid"])
        #expect(report.standardError == [
            "[warn] \(path):2: LongLivedPorts is a C tor option this client does not support yet; it is ignored.",
        ])
    }

    @Test func invalidFileListsEveryProblemAndExitsOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("UseBridges 1\nSocksPort abc\nSocksPrt 9050\n", to: directory, name: "torrc")
        let report = ConfigurationVerifier.verify(path: path, defaultPaths: [], homeDirectory: "/home/tester")
        #expect(report.exitCode == 1)
        #expect(report.standardOutput.isEmpty)
        #expect(report.standardError == [
            "[warn] \(path):1: UseBridges is a C tor option this client does not support yet; it is ignored.",
            "[err] \(path):2: SocksPort \"abc\": not a port number; use a port from 1 to 65535, \"auto\" or \"0\".",
            "[err] \(path):3: unknown option \"SocksPrt\"; did you mean \"SocksPort\"?",
        ])
    }

    @Test func missingFileIsAClearError() {
        let report = ConfigurationVerifier.verify(
            path: "/nonexistent/torrc-\(UUID().uuidString)", defaultPaths: [], homeDirectory: "/home/tester")
        #expect(report.exitCode == 1)
        #expect(report.standardError.count == 1)
        #expect(report.standardError.first?.contains("cannot read the torrc (No such file or directory)") == true)
    }

    @Test func directoryIsNotATorrc() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = ConfigurationVerifier.verify(path: directory.path, defaultPaths: [], homeDirectory: "/home/tester")
        #expect(report.exitCode == 1)
        #expect(report.standardError.first?.contains("it is not a regular file") == true)
    }

    @Test func withoutAPathTheFirstExistingDefaultIsReadAndNamed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let second = try write("SocksPort 9100\n", to: directory, name: "etc-torrc")
        let first = directory.appendingPathComponent(".torrc").path
        let report = ConfigurationVerifier.verify(path: nil, defaultPaths: [first, second], homeDirectory: "/home/tester")
        #expect(report.path == second)
        #expect(report.standardError == ["[notice] Read configuration file \"\(second)\"."])
        #expect(report.exitCode == 0)
        _ = try write("SocksPort 9101\n", to: directory, name: ".torrc")
        #expect(ConfigurationVerifier.verify(path: nil, defaultPaths: [first, second], homeDirectory: "/h").path == first)
    }

    @Test func withoutAnyTorrcTheReportSaysWhereItLooked() {
        let report = ConfigurationVerifier.verify(path: nil, defaultPaths: ["/nonexistent/a", "/nonexistent/b"], homeDirectory: "/h")
        #expect(report.exitCode == 1)
        #expect(report.standardError == ["[err] No torrc found at /nonexistent/a or /nonexistent/b; pass one with -f PATH."])
    }

    @Test func defaultLocationsAreCTors() {
        #expect(ConfigurationEnvironment.defaultTorrcPaths(homeDirectory: "/home/u") == ["/home/u/.torrc", "/etc/tor/torrc"])
    }

    @Test func loadReadsTheFileWithItsPathAsName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("DataDirectory ~/data\n", to: directory, name: "torrc")
        let (configuration, warnings) = try TorConfiguration.load(path: path, homeDirectory: "/home/u")
        #expect(configuration.dataDirectory == "/home/u/data")
        #expect(warnings.isEmpty)
    }
}
