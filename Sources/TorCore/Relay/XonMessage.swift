import NIOCore

/// The data of a RELAY_XON message: "resume sending on this stream", with an advisory drain
/// rate (prop 324 4.1, 4.1.2).
///
/// Layout: VERSION (1), which must be 0, then KBPS_EWMA (4, big-endian): the rate, in units of
/// 1000 bytes per second, at which the sender's edge drains the stream; 0 means unlimited.
/// An XON also arrives while the stream is not paused, as an advisory rate update. Bytes after
/// the fields are ignored, as tor's parser ignores them.
public struct XonMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.xon

    /// The only version prop 324 4.1 defines.
    public static let currentVersion: UInt8 = 0
    /// KBPS_EWMA meaning "no limit" (prop 324 4.1).
    public static let unlimitedRate: UInt32 = 0

    /// The format version; always ``currentVersion`` for a decoded message.
    public var version: UInt8
    /// The advisory drain rate in 1000-byte-per-second units; ``unlimitedRate`` for none.
    public var kilobytesPerSecond: UInt32

    /// An XON of the current version advising `kilobytesPerSecond` (0: unlimited).
    public init(kilobytesPerSecond: UInt32 = unlimitedRate) {
        version = Self.currentVersion
        self.kilobytesPerSecond = kilobytesPerSecond
    }

    public init(data: ByteBuffer) throws {
        var data = data
        let version = try data.readWireInteger(as: UInt8.self, orThrow: .flowControlMessageTruncated, "the XON version")
        guard version == Self.currentVersion else {
            throw TorCoreError.unknownFlowControlVersion(version, "XON")
        }
        self.version = version
        kilobytesPerSecond = try data.readWireInteger(
            as: UInt32.self, orThrow: .flowControlMessageTruncated, "the XON rate")
    }

    public func encode(into data: inout ByteBuffer) throws {
        data.writeInteger(version)
        data.writeInteger(kilobytesPerSecond, endianness: .big)
    }
}
