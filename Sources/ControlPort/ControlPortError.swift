import TorCore

/// The one error type of the `ControlPort` module: what went wrong on the control port.
///
/// The shared ``TorCore/ModuleError`` shape (a stable code, the kind that tells the caller how
/// to react, a reason that says what to do, where it was raised) under this module's own name,
/// so its codes (`ControlPortError.Code`) are a type of their own.
public typealias ControlPortError = ModuleError<ControlPortErrorDomain>

/// Marks errors and codes as the `ControlPort` module's; never instantiated.
public enum ControlPortErrorDomain {}

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
