import TorCore

/// The one error type of the `ControlPort` module: what went wrong on the control port.
///
/// Carries a stable Code, the Kind that tells the caller how to react, a human reason that
/// says what to do where a user can act, and the place it was raised.
public struct ControlPortError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; each area declares its own in an extension beside its code.
    public typealias Code = ErrorCode<ControlPortError>

    /// How the caller should treat the error (the same kinds in every module).
    public typealias Kind = ErrorKind

    public let code: Code
    public let kind: Kind
    public let reason: String
    public let file: String
    public let line: Int

    public init(
        _ code: Code, kind: Kind, _ reason: String,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { "\(reason) [\(code)]" }
}

extension ControlPortError.Code {
    /// A line longer than ``ControlLimits/maximumLineLength``.
    public static let lineTooLong: Self = "control.line-too-long"
    /// A multi-line command body longer than ``ControlLimits/maximumDataLength``.
    public static let dataTooLong: Self = "control.data-too-long"
    /// A command line whose keyword is empty or not alphanumeric.
    public static let badKeyword: Self = "control.bad-keyword"
    /// An argument list that does not follow control-spec §2.1 (quotes, escapes, spacing).
    public static let argumentSyntax: Self = "control.argument-syntax"
    /// More arguments than ``ControlLimits/maximumArgumentCount``.
    public static let tooManyArguments: Self = "control.too-many-arguments"
    /// The backend does not know this GETINFO key, option, signal or event (reply 552).
    public static let unrecognizedEntity: Self = "control.unrecognized-entity"
    /// A configuration value the backend refuses (reply 553).
    public static let invalidConfigValue: Self = "control.invalid-config-value"
    /// A command the backend cannot carry out in this build (reply 551 with the reason).
    public static let notSupported: Self = "control.not-supported"
    /// The authentication cookie could not be written or read.
    public static let cookieFile: Self = "control.cookie-file"
    /// A control-port address could not be bound.
    public static let bindFailed: Self = "control.bind-failed"
}
