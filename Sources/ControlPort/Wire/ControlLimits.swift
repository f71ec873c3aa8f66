/// Size limits of the control protocol reader (control-spec.txt §2).
///
/// The spec sets no line length; these are our bounds so that a controller cannot make us buffer
/// without limit. They are far above anything stem or nyx sends.
public enum ControlLimits {
    /// The longest command line we accept, terminator excluded (control-spec §2.2 gives no limit).
    public static let maximumLineLength = 64 * 1024
    /// The largest body of a multi-line (`+KEYWORD`) command (control-spec §2.2, CmdData).
    public static let maximumDataLength = 1024 * 1024
    /// The most arguments one command may carry (GETINFO/GETCONF/SETCONF key lists).
    public static let maximumArgumentCount = 512
    /// Events queued for a controller whose socket is not writable before we close it (see
    /// ``ControlConnectionHandler``); dropping events silently would leave its view wrong.
    public static let maximumQueuedEvents = 4096
}
