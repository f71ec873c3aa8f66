import TorCore

/// Negotiating congestion control with an exit inside the ntor v3 handshake (prop 324 10.3,
/// 10.5): the client's CM carries an empty "request" extension, the exit's SM answers with a
/// "response" extension carrying its sendme_inc.
///
/// Pure values only: ``CircuitBuildStateMachine`` puts ``requestMessage`` in the onion skin and
/// passes the decrypted SM to ``negotiatedIncrement(serverMessage:requested:consensusIncrement:)``.
public enum CongestionControlNegotiation {
    /// EXT_FIELD_TYPE 1, the client's request; its body is empty (prop 324 10.3).
    public static let requestType = NtorV3Extension.FieldType(rawValue: 1)
    /// EXT_FIELD_TYPE 2, the exit's response; its body is sendme_inc (prop 324 10.3).
    public static let responseType = NtorV3Extension.FieldType(rawValue: 2)
    /// The exit's sendme_inc may differ from ours by at most this factor either way (prop 324
    /// 10.5). tor 0.4.9 itself accepts only +-1; the factor of 2 is the spec's rule.
    public static let maximumIncrementFactor = 2

    /// The CM of a handshake that asks for congestion control: one extension, the request.
    public static var requestMessage: [UInt8] {
        // Cannot throw: one field with an empty body.
        (try? NtorV3Extension.encode([NtorV3Extension(type: requestType)])) ?? [1, requestType.rawValue, 0]
    }

    /// The CM of an ntor v3 handshake that asks for nothing: zero extensions (relays refuse
    /// an empty CM).
    public static let emptyMessage: [UInt8] = [0]

    /// Reads the exit's SM: the sendme_inc to use, or nil when the exit did not answer with a
    /// response extension (no congestion control on this circuit, prop 324 10.3).
    ///
    /// Only the first response counts and unknown fields are ignored (prop 324 10.3).
    ///
    /// - Parameters:
    ///   - serverMessage: SM, decrypted.
    ///   - requested: whether our CM carried the request.
    ///   - consensusIncrement: our consensus `cc_sendme_inc`.
    /// - Throws: ``CircuitError`` (protocol violation, the circuit must be closed, prop 324
    ///   10.5): `handshake.malformedMessage` for a malformed SM,
    ///   `congestionControl.unrequested` for a response we did not ask for,
    ///   `congestionControl.badResponse` for a body that is not one byte,
    ///   `congestionControl.badIncrement` for a sendme_inc of 0 or more than a factor of 2 away
    ///   from ours.
    public static func negotiatedIncrement(
        serverMessage: [UInt8], requested: Bool, consensusIncrement: Int
    ) throws -> Int? {
        let fields = try NtorV3Extension.decode(serverMessage)
        guard let response = NtorV3Extension.first(responseType, in: fields) else { return nil }
        guard requested else {
            throw CircuitError(
                .congestionControlUnrequested, kind: .protocolViolation,
                "the exit answered a congestion control request this client did not make "
                    + "(prop 324 10.5); the circuit was closed, try another exit")
        }
        guard response.body.count == 1 else {
            throw CircuitError(
                .congestionControlBadResponse, kind: .protocolViolation,
                "the exit's congestion control response has \(response.body.count) bytes where "
                    + "prop 324 10.3 puts one (sendme_inc); the circuit was closed, try another exit")
        }
        let increment = Int(response.body[0])
        let low = (consensusIncrement + maximumIncrementFactor - 1) / maximumIncrementFactor
        let high = consensusIncrement * maximumIncrementFactor
        guard increment > 0, increment >= low, increment <= high else {
            throw CircuitError(
                .congestionControlBadIncrement, kind: .protocolViolation,
                "the exit asked for a SENDME every \(increment) cells, more than a factor of "
                    + "\(maximumIncrementFactor) from the consensus's \(consensusIncrement) (prop 324 "
                    + "10.5); the circuit was closed, try another exit")
        }
        return increment
    }
}

/// What a hop agreed to in the congestion control negotiation (prop 324 10.3): the consensus
/// parameters the client asked with and the sendme_inc the exit answered.
public struct CongestionControlAgreement: Sendable, Hashable {
    /// Our consensus parameters when the circuit was built.
    public var parameters: CongestionControlParameters
    /// DATA cells per circuit SENDME on this hop, both ways.
    public var sendmeIncrement: Int

    /// An agreement on `sendmeIncrement` under `parameters`.
    public init(parameters: CongestionControlParameters, sendmeIncrement: Int) {
        self.parameters = parameters
        self.sendmeIncrement = sendmeIncrement
    }
}

/// Error codes of congestion control negotiation and windows (prop 324).
extension CircuitError.Code {
    /// The exit answered a congestion control request we did not send (prop 324 10.5).
    public static let congestionControlUnrequested: Self = "congestionControl.unrequested"
    /// The exit's response extension is not one byte long (prop 324 10.3).
    public static let congestionControlBadResponse: Self = "congestionControl.badResponse"
    /// The exit's sendme_inc is zero or too far from ours (prop 324 10.5).
    public static let congestionControlBadIncrement: Self = "congestionControl.badIncrement"
    /// A stream-level SENDME on a circuit whose exit uses congestion control (prop 324 2.2:
    /// stream SENDMEs are gone there; tor closes the circuit for one).
    public static let congestionControlStreamSendme: Self = "congestionControl.streamSendme"
    /// A stream received more data after our XOFF than any congestion window could explain.
    public static let congestionControlQueueOverflow: Self = "congestionControl.queueOverflow"
}
