/// A three-digit control reply status (control-spec.txt §4 "Replies").
///
/// An open struct so codes we do not name still survive.
public struct ControlStatus: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }

    /// 250 OK.
    public static let ok = ControlStatus(250)
    /// 251 Operation was unnecessary.
    public static let unnecessary = ControlStatus(251)
    /// 451 Resource exhausted.
    public static let resourceExhausted = ControlStatus(451)
    /// 500 Syntax error: protocol.
    public static let protocolSyntaxError = ControlStatus(500)
    /// 510 Unrecognized command.
    public static let unrecognizedCommand = ControlStatus(510)
    /// 511 Unimplemented command.
    public static let unimplementedCommand = ControlStatus(511)
    /// 512 Syntax error in command argument.
    public static let argumentSyntaxError = ControlStatus(512)
    /// 513 Unrecognized command argument.
    public static let unrecognizedArgument = ControlStatus(513)
    /// 514 Authentication required.
    public static let authenticationRequired = ControlStatus(514)
    /// 515 Bad authentication.
    public static let badAuthentication = ControlStatus(515)
    /// 550 Unspecified Tor error.
    public static let unspecifiedError = ControlStatus(550)
    /// 551 Internal error.
    public static let internalError = ControlStatus(551)
    /// 552 Unrecognized entity (key, option, event, signal).
    public static let unrecognizedEntity = ControlStatus(552)
    /// 553 Invalid configuration value.
    public static let invalidConfigValue = ControlStatus(553)
    /// 555 Unmanaged entity (e.g. ATTACHSTREAM of a stream the client attaches itself).
    public static let unmanagedEntity = ControlStatus(555)
    /// 650 Asynchronous event notification.
    public static let asynchronousEvent = ControlStatus(650)
}
