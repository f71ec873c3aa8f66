import NIOCore

/// The data of a RELAY_BEGIN message: where the exit should connect (tor-spec 6.2).
///
/// Layout: ADDRPORT as "ADDRESS:PORT" then a NUL, then FLAGS (4). ADDRESS is a hostname, a
/// dotted-quad IPv4 address, or an IPv6 address in square brackets; PORT is 1–65535 in
/// decimal. A peer that omits FLAGS is read as sending 0, as older clients did.
public struct BeginMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.begin

    /// The destination host as sent: hostname, IPv4 text, or "[IPv6]".
    public var address: String
    /// The destination port, 1–65535.
    public var port: UInt16
    /// What address families the client accepts (tor-spec 6.2).
    public var flags: BeginFlags

    /// A BEGIN for `address` and `port`. The address is lower-cased, since tor-spec 6.2 asks
    /// for lower case to avoid fingerprinting; an IPv6 address must be in brackets.
    public init(address: String, port: UInt16, flags: BeginFlags = []) {
        self.init(exactAddress: address.lowercased(), port: port, flags: flags)
    }

    /// A BEGIN that keeps the address exactly as given (decoding uses this so a message
    /// re-encodes byte-exact).
    public init(exactAddress: String, port: UInt16, flags: BeginFlags) {
        self.address = exactAddress
        self.port = port
        self.flags = flags
    }

    public init(data: ByteBuffer) throws {
        var data = data
        let addressPort = try data.readNulTerminatedBytes(orThrow: .beginUnterminated, "the BEGIN address")
        guard let text = exactUTF8String(addressPort),
              let colon = text.lastIndex(of: ":")
        else {
            throw Self.malformed("has no ':PORT' after the address")
        }
        let host = text[..<colon]
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
              let port = UInt16(portText), port != 0
        else {
            throw Self.malformed("has a port that is not a number from 1 to 65535")
        }
        guard Self.isValidHost(host) else {
            throw Self.malformed("has an empty address or an unbracketed IPv6 address")
        }
        let flags = data.readInteger(endianness: .big, as: UInt32.self) ?? 0
        self.init(exactAddress: String(host), port: port, flags: BeginFlags(rawValue: flags))
    }

    public func encode(into data: inout ByteBuffer) throws {
        guard Self.isValidHost(address[...]), !address.utf8.contains(0), port != 0 else {
            throw TorCoreError(
                .beginInvalidTarget, kind: .badInput,
                "cannot ask an exit to connect to \(Redacted(address)) port \(port): the address "
                    + "must be a non-empty hostname, IPv4 address or [IPv6] address, and the "
                    + "port 1 to 65535")
        }
        data.writeString(address)
        data.writeString(":\(port)")
        data.writeInteger(UInt8(0))
        data.writeInteger(flags.rawValue, endianness: .big)
    }

    /// A host is non-empty, and contains a colon only as a bracketed IPv6 address.
    private static func isValidHost(_ host: Substring) -> Bool {
        guard !host.isEmpty else { return false }
        if host.first == "[" || host.last == "]" || host.contains(":") {
            return host.first == "[" && host.last == "]"
                && IPv6Address(host.dropFirst().dropLast()) != nil
        }
        return true
    }

    private static func malformed(_ problem: String) -> TorCoreError {
        TorCoreError(
            .beginMalformedAddress, kind: .protocolViolation,
            "a BEGIN message's ADDRPORT \(problem); the stream is refused")
    }
}
