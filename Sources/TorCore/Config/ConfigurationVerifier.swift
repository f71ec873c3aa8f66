/// The logic of `torctl verify-config`: read a torrc, report every warning and error in C tor's
/// `[warn]`/`[err]` style, and say `Configuration was valid` (C tor's `--verify-config` wording)
/// when it is. The executable only prints the result, so the whole behaviour is testable here.
public enum ConfigurationVerifier {
    /// What verify-config prints and how it exits.
    public struct Report: Sendable, Equatable {
        /// The torrc that was read, if one was found.
        public var path: String?
        /// Lines for standard output.
        public var standardOutput: [String]
        /// Lines for standard error.
        public var standardError: [String]
        /// 0 when the configuration is valid, 1 otherwise.
        public var exitCode: Int32
    }

    /// C tor's success line for `--verify-config`.
    public static let validMessage = "Configuration was valid"

    /// Verifies `path`, or when it is nil the first existing file of `defaultPaths` (see
    /// ``ConfigurationEnvironment/defaultTorrcPaths(homeDirectory:)``).
    public static func verify(path: String?, defaultPaths: [String], homeDirectory: String) -> Report {
        var standardError: [String] = []
        let chosen: String
        if let path {
            chosen = path
        } else if let found = defaultPaths.first(where: TorrcFile.isRegularFile) {
            chosen = found
            standardError.append("[notice] Read configuration file \"\(found)\".")
        } else {
            let tried = defaultPaths.joined(separator: " or ")
            return Report(
                path: nil, standardOutput: [],
                standardError: ["[err] No torrc found at \(tried); pass one with -f PATH."], exitCode: 1)
        }
        do {
            let (_, warnings) = try TorConfiguration.load(path: chosen, homeDirectory: homeDirectory)
            standardError += warnings.map { "[warn] \($0)" }
            return Report(path: chosen, standardOutput: [validMessage], standardError: standardError, exitCode: 0)
        } catch let problems as ConfigurationProblems {
            standardError += problems.warnings.map { "[warn] \($0)" }
            standardError += problems.errors.map { "[err] \($0.reason)" }
            return Report(path: chosen, standardOutput: [], standardError: standardError, exitCode: 1)
        } catch {
            standardError.append("[err] \(chosen): \(error)")
            return Report(path: chosen, standardOutput: [], standardError: standardError, exitCode: 1)
        }
    }
}
