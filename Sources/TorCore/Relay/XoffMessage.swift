import NIOCore

/// The data of a RELAY_XOFF message: "stop sending on this stream" (prop 324 4.1).
///
/// Layout: VERSION (1), which must be 0. Only streams of a circuit whose last hop negotiated
/// congestion control use it; it replaces stream SENDMEs there. Bytes after the version are
/// ignored, as tor's parser ignores them; another version is a protocol violation (prop 324
/// 4.1: "Parties SHOULD treat XON or XOFF cells with unrecognized versions as a protocol
/// violation").
public struct XoffMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.xoff

    /// The only version prop 324 4.1 defines.
    public static let currentVersion: UInt8 = 0

    /// The format version; always ``currentVersion`` for a decoded message.
    public var version: UInt8

    /// An XOFF of the current version.
    public init() {
        version = Self.currentVersion
    }

    public init(data: ByteBuffer) throws {
        var data = data
        let version = try data.readWireInteger(as: UInt8.self, orThrow: .flowControlMessageTruncated, "the XOFF version")
        guard version == Self.currentVersion else {
            throw TorCoreError.unknownFlowControlVersion(version, "XOFF")
        }
        self.version = version
    }

    public func encode(into data: inout ByteBuffer) throws {
        data.writeInteger(version)
    }
}

/// Error codes of the stream flow-control messages (prop 324 4.1).
extension TorCoreError.Code {
    /// An XON or XOFF shorter than its fields.
    public static let flowControlMessageTruncated: Self = "flowControlMessage.truncated"
    /// An XON or XOFF of a version other than 0.
    public static let flowControlMessageVersion: Self = "flowControlMessage.version"
}

extension TorCoreError {
    /// An XON or XOFF of a version prop 324 does not define.
    static func unknownFlowControlVersion(_ version: UInt8, _ message: String) -> TorCoreError {
        TorCoreError(
            .flowControlMessageVersion, kind: .protocolViolation,
            "the exit sent an \(message) of version \(version) but only version 0 exists "
                + "(prop 324 4.1); the circuit is closed")
    }
}
