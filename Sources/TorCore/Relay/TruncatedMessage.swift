import NIOCore

/// The data of a RELAY_TRUNCATED message: one reason byte, from the DESTROY reasons
/// (tor-spec 5.4). A client that receives it tears the whole circuit down.
public struct TruncatedMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.truncated

    /// Why the circuit was cut.
    public var reason: DestroyReason

    /// A TRUNCATED with `reason`.
    public init(reason: DestroyReason) { self.reason = reason }

    public init(data: ByteBuffer) throws {
        var data = data
        reason = DestroyReason(
            rawValue: try data.readWireInteger(orThrow: .truncatedMissingReason, "the TRUNCATED reason"))
    }

    public func encode(into data: inout ByteBuffer) throws {
        data.writeInteger(reason.rawValue)
    }
}
