/// The error codes of torrc parsing and validation. Every one is raised with kind `.badInput`.
extension TorCoreError.Code {
    /// The file could not be read.
    public static let configUnreadable: Self = "config.unreadable"
    /// Broken syntax: an unterminated quoted value, a bad escape, text after a quoted value.
    public static let configSyntax: Self = "config.syntax"
    /// A keyword that neither this client nor C tor knows.
    public static let configUnknownOption: Self = "config.unknownOption"
    /// C tor syntax this client does not implement (`%include`, `+Option`, `/Option`, unix sockets).
    public static let configUnsupported: Self = "config.unsupported"
    /// An option that needs a value was given none.
    public static let configMissingValue: Self = "config.missingValue"
    /// A Boolean that is not `0` or `1` (or `auto` where allowed).
    public static let configBadBoolean: Self = "config.badBoolean"
    /// Not an integer.
    public static let configBadInteger: Self = "config.badInteger"
    /// A number or interval outside the option's range.
    public static let configOutOfRange: Self = "config.outOfRange"
    /// Not an interval (a number with an optional time unit).
    public static let configBadInterval: Self = "config.badInterval"
    /// Not a memory size (a number with an optional byte or bit unit).
    public static let configBadMemorySize: Self = "config.badMemorySize"
    /// Not a usable path.
    public static let configBadPath: Self = "config.badPath"
    /// Not a port number (or `auto`, `0` where allowed).
    public static let configBadPort: Self = "config.badPort"
    /// Not an IP address.
    public static let configBadAddress: Self = "config.badAddress"
    /// A flag that neither this client nor C tor knows, or a flag with a bad argument.
    public static let configBadFlag: Self = "config.badFlag"
    /// Not a relay fingerprint (40 hex digits).
    public static let configBadFingerprint: Self = "config.badFingerprint"
    /// A value that is not one of the option's keywords, or has too few or too many words.
    public static let configBadValue: Self = "config.badValue"
    /// Not a hashed control password (`16:` and 58 hex digits).
    public static let configBadPassword: Self = "config.badPassword"
    /// Two options contradict each other (a minimum above a maximum, `SocksPort 0` with a port).
    public static let configConflict: Self = "config.conflict"
    /// Two listeners on the same address and port.
    public static let configDuplicatePort: Self = "config.duplicatePort"
    /// DirAuthority lines are given, but none of them can sign a consensus (no `v3ident=`).
    public static let configNoV3Authority: Self = "config.noV3Authority"
}
