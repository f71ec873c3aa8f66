/// What a PROTOCOLINFO reply tells a controller (control-spec.txt §3.21): the offered
/// authentication methods, the cookie file, and the server's version.
///
/// Unknown lines and arguments are ignored, as §3.21 requires of controllers.
public struct ControlProtocolInfo: Sendable, Equatable {
    /// The offered methods, upper-cased: `NULL`, `HASHEDPASSWORD`, `COOKIE`, `SAFECOOKIE`.
    public var methods: Set<String>
    /// The `COOKIEFILE` path, when cookie methods are offered.
    public var cookieFile: String?
    /// The `VERSION Tor=` value.
    public var torVersion: String?

    /// A value from its parts.
    public init(methods: Set<String>, cookieFile: String?, torVersion: String?) {
        self.methods = methods
        self.cookieFile = cookieFile
        self.torVersion = torVersion
    }

    /// Reads a 250 PROTOCOLINFO reply; throws `replyMalformed` when it has no AUTH line or
    /// is an error reply.
    public init(reply: ControlServerReply) throws(ControlPortError) {
        guard reply.isSuccess else {
            throw ControlPortError(
                .commandRefused, kind: .protocolViolation, "the control port refused PROTOCOLINFO: \(reply.message)")
        }
        var methods: Set<String>?
        var cookieFile: String?
        var torVersion: String?
        for line in reply.lines {
            let keyword = line.text.prefix { $0 != " " }
            let rest = String(line.text.dropFirst(keyword.count))
            guard keyword == "AUTH" || keyword == "VERSION" else { continue }
            let arguments = try ControlArgumentParser.parse(rest)
            for argument in arguments {
                switch (keyword, argument.key) {
                case ("AUTH", "METHODS"):
                    methods = Set(argument.value.split(separator: ",").map { $0.uppercased() })
                case ("AUTH", "COOKIEFILE"): cookieFile = argument.value
                case ("VERSION", "Tor"): torVersion = argument.value
                default: continue
                }
            }
        }
        guard let methods else {
            throw ControlPortError(
                .replyMalformed, kind: .protocolViolation, "the PROTOCOLINFO reply has no AUTH METHODS line")
        }
        self.init(methods: methods, cookieFile: cookieFile, torVersion: torVersion)
    }
}
