import NIOCore

/// The payload of a DESTROY cell: one reason byte, then padding (tor-spec 5.4).
public struct DestroyMessage: CellMessage, Hashable {
    public static let command = CellCommand.destroy

    /// Why the circuit closed; a client sends ``DestroyReason/none``.
    public var reason: DestroyReason

    /// A DESTROY with `reason`.
    public init(reason: DestroyReason) { self.reason = reason }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        reason = DestroyReason(
            rawValue: try payload.readWireInteger(orThrow: .destroyTruncated, "the DESTROY reason"))
    }

    public func encode(into payload: inout ByteBuffer) throws {
        payload.writeInteger(reason.rawValue)
    }
}
