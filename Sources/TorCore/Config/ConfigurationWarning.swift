/// Something in a torrc that does not stop the client but that the user should know about: an
/// option C tor knows that this client ignores, a value set twice, a flag that has no effect.
///
/// `line` is 0 when the warning is about the file as a whole.
public struct ConfigurationWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file name shown in messages.
    public let fileName: String
    /// The 1-based line the warning is about, or 0 for the whole file.
    public let line: Int
    /// What is wrong and what happens because of it, without the `file:line:` prefix.
    public let message: String

    /// Creates a warning.
    public init(fileName: String, line: Int, message: String) {
        self.fileName = fileName
        self.line = line
        self.message = message
    }

    /// `torrc:7: UseBridges is a C tor option this client does not support yet; it is ignored.`
    public var description: String {
        line > 0 ? "\(fileName):\(line): \(message)" : "\(fileName): \(message)"
    }
}

/// Every error found in a torrc (parsing does not stop at the first one), together with the
/// warnings found before the errors made the configuration unusable.
///
/// Each element of `errors` is a ``TorCoreError`` of kind `.badInput` with a `config.*` code and
/// a reason of the form `file:line: Option "value": problem; what to do.`
public struct ConfigurationProblems: Error, Sendable, CustomStringConvertible {
    /// The errors, in the order of the lines they are about (at least one).
    public let errors: [TorCoreError]
    /// The warnings, in line order.
    public let warnings: [ConfigurationWarning]

    /// Creates the error; `errors` must not be empty.
    public init(errors: [TorCoreError], warnings: [ConfigurationWarning]) {
        precondition(!errors.isEmpty, "ConfigurationProblems needs at least one error")
        self.errors = errors
        self.warnings = warnings
    }

    /// The codes of the errors, in order (what tests and tools match on).
    public var codes: [TorCoreError.Code] { errors.map(\.code) }

    /// One error reason per line.
    public var description: String {
        errors.map(\.reason).joined(separator: "\n")
    }
}
