/// A command that needs the running client, after the session validated it (control-spec §3).
public enum ControlRequest: Sendable, Equatable {
    /// GETINFO with supported keys, in the order asked.
    case getInfo([ControlInfoKey])
    /// GETCONF with option names, in the order asked.
    case getConfiguration([String])
    /// SETCONF or RESETCONF.
    case changeConfiguration([ControlConfigurationChange])
    /// SAVECONF [FORCE].
    case saveConfiguration(force: Bool)
    /// SIGNAL with a supported signal.
    case signal(ControlSignal)
    /// EXTENDCIRCUIT, CLOSECIRCUIT, CLOSESTREAM, ATTACHSTREAM, MAPADDRESS, RESOLVE, DROPGUARDS.
    case command(ControlClientCommand)
}

/// What the shell must do after the session handled a command or a framing error.
public enum ControlAction: Sendable, Equatable {
    /// Send the reply and read on.
    case reply(ControlReply)
    /// Send the reply, then close the connection.
    case replyAndClose(ControlReply)
    /// Ask the backend (``ControlRequestExecutor``) and send its reply; read no further command
    /// until then, so replies stay in command order (control-spec §2.2).
    case perform(ControlRequest)
}
