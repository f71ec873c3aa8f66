import TorCore

extension ControlPortError.Code {
    /// A server line that is not `3DIGIT (SP / "-" / "+") text` (control-spec §2.3).
    public static let replyMalformed: Self = "control.client.reply-malformed"
    /// A reply longer than ``ControlReplyParser/maximumReplyLength``.
    public static let replyTooLong: Self = "control.client.reply-too-long"
    /// Nothing listens on the control port (connection refused).
    public static let notRunning: Self = "control.client.not-running"
    /// Connecting, or waiting for a reply, took longer than allowed.
    public static let timedOut: Self = "control.client.timed-out"
    /// The server closed the connection, or it was closed locally, before the reply came.
    public static let connectionClosed: Self = "control.client.connection-closed"
    /// The control port could not be reached for another reason (no route, bad address).
    public static let connectFailed: Self = "control.client.connect-failed"
    /// No offered authentication method can be used with what the controller has.
    public static let noUsableAuthentication: Self = "control.client.no-usable-authentication"
    /// The server refused AUTHENTICATE or AUTHCHALLENGE.
    public static let authenticationRefused: Self = "control.client.authentication-refused"
    /// The SAFECOOKIE server hash was wrong: the server does not know our cookie.
    public static let serverHashMismatch: Self = "control.client.server-hash-mismatch"
    /// The server answered a command with an error status (4xx/5xx).
    public static let commandRefused: Self = "control.client.command-refused"
}
