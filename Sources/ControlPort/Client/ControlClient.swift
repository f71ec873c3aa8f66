import Glibc
import NIOCore
import NIOPosix
import TorCore

/// A controller's connection to a Tor control port (control-spec.txt §2–§4): connect, learn
/// the authentication methods, authenticate, send commands, receive events.
///
/// Every wait is bounded: connecting by `connectTimeout`, each reply by the timeout passed to
/// ``send(_:timeout:)``. Commands may be sent from any task; replies are matched to commands
/// in order. Events (650 replies) arrive on ``events`` until the connection closes.
public final class ControlClient: Sendable {
    /// How long a reply may take unless the caller says otherwise.
    public static let defaultReplyTimeout: Duration = .seconds(30)
    /// How long connecting may take.
    public static let defaultConnectTimeout: Duration = .seconds(5)
    /// Events kept for a reader that falls behind; the oldest beyond this are dropped, so a
    /// stalled reader cannot make this process grow without bound.
    public static let maximumBufferedEvents = 4096

    private let channel: any Channel
    /// The server's 650 events, in order; finishes when the connection closes.
    public let events: AsyncStream<ControlEvent>

    private init(channel: any Channel, events: AsyncStream<ControlEvent>) {
        self.channel = channel
        self.events = events
    }

    /// Connects to `host:port` (an IP literal or `localhost`). Throws `notRunning` when the
    /// connection is refused, `timedOut` after `connectTimeout`, `connectFailed` otherwise.
    public static func connect(
        host: String, port: Int, group: any EventLoopGroup, connectTimeout: Duration = defaultConnectTimeout
    ) async throws(ControlPortError) -> ControlClient {
        let address = host == "localhost" ? "127.0.0.1" : host
        let target: SocketAddress
        do {
            target = try SocketAddress(ipAddress: address, port: port)
        } catch {
            throw ControlPortError(
                .connectFailed, kind: .badInput, "\(host) is not an IP address; give the control port as ADDRESS:PORT, e.g. 127.0.0.1:9051")
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: ControlEvent.self, bufferingPolicy: .bufferingNewest(maximumBufferedEvents))
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeAmount(connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = ControlClientHandler(
                        onEvent: { continuation.yield($0) }, onClose: { continuation.finish() })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            let channel = try await bootstrap.connect(to: target).get()
            return ControlClient(channel: channel, events: stream)
        } catch {
            continuation.finish()
            throw classify(error, endpoint: "\(host):\(port)")
        }
    }

    /// Sends one command line (without CRLF; a multi-line `+` command may contain "\r\n") and
    /// waits for its reply. An error reply is returned, not thrown; transport failures throw.
    public func send(_ command: String, timeout: Duration = defaultReplyTimeout) async throws(ControlPortError) -> ControlServerReply {
        let promise = channel.eventLoop.makePromise(of: ControlServerReply.self)
        var bytes = channel.allocator.buffer(capacity: command.utf8.count + 2)
        bytes.writeString(command + "\r\n")
        let request = ControlClientRequest(bytes: bytes, promise: promise, timeout: Self.timeAmount(timeout))
        channel.writeAndFlush(request).whenFailure { error in promise.fail(error) }
        do {
            return try await promise.futureResult.get()
        } catch let error as ControlPortError {
            throw error
        } catch {
            throw ControlPortError(.connectionClosed, kind: .resource, "the control connection failed: \(error)")
        }
    }

    /// Sends a command and throws `commandRefused` (with the server's message) unless it
    /// succeeded.
    @discardableResult
    public func call(_ command: String, timeout: Duration = defaultReplyTimeout) async throws(ControlPortError) -> ControlServerReply {
        let reply = try await send(command, timeout: timeout)
        guard reply.isSuccess else {
            throw ControlPortError(.commandRefused, kind: .badInput, "\(reply.status) \(reply.message)")
        }
        return reply
    }

    /// `PROTOCOLINFO 1` (§3.21), allowed before authentication.
    public func protocolInfo() async throws(ControlPortError) -> ControlProtocolInfo {
        try ControlProtocolInfo(reply: try await send("PROTOCOLINFO 1"))
    }

    /// Authenticates with the best method the server offers (see ``ControlAuthenticationPlan``)
    /// and returns what PROTOCOLINFO said. Throws `authenticationRefused`,
    /// `noUsableAuthentication` or `serverHashMismatch`.
    @discardableResult
    public func authenticate(_ credentials: ControlCredentials) async throws(ControlPortError) -> ControlProtocolInfo {
        let info = try await protocolInfo()
        let cookiePath = credentials.cookieFile ?? info.cookieFile
        var cookie: [UInt8]?
        var cookieProblem: String?
        if let cookiePath, info.methods.contains("COOKIE") || info.methods.contains("SAFECOOKIE") {
            do {
                cookie = try ControlCookie.read(at: cookiePath).bytes
            } catch {
                cookieProblem = error.reason
            }
        }
        let plan = try ControlAuthenticationPlan.choose(
            info: info, cookie: cookie, password: credentials.password, cookieProblem: cookieProblem)
        let secret: String
        switch plan {
        case .null: secret = ""
        case .cookie(let bytes): secret = " " + ControlAuthenticationPlan.hex(bytes)
        case .password(let password): secret = " " + ControlArgumentParser.quote(password)
        case .safeCookie(let bytes):
            let clientNonce = SecureRandom.bytes(ControlAuthenticator.nonceByteCount)
            let challenge = try await send("AUTHCHALLENGE SAFECOOKIE " + ControlAuthenticationPlan.hex(clientNonce))
            let (serverHash, serverNonce) = try ControlAuthenticationPlan.challengeValues(challenge)
            let response = try ControlAuthenticationPlan.safeCookieResponse(
                cookie: bytes, clientNonce: clientNonce, serverNonce: serverNonce, serverHash: serverHash)
            secret = " " + ControlAuthenticationPlan.hex(response)
        }
        let reply = try await send("AUTHENTICATE" + secret)
        guard reply.isSuccess else {
            throw ControlPortError(
                .authenticationRefused, kind: .badInput,
                "the control port refused authentication (\(reply.message)); check the password or cookie file")
        }
        return info
    }

    /// `GETINFO keys…` (§3.9): the values by key; throws `commandRefused` for an unknown key.
    public func getInfo(_ keys: [String]) async throws(ControlPortError) -> [String: String] {
        let reply = try await call("GETINFO " + keys.joined(separator: " "))
        var values: [String: String] = [:]
        for (key, value) in reply.keyedValues { values[key] = value }
        return values
    }

    /// Closes the connection; waiting commands fail with `connectionClosed`.
    public func close() async {
        try? await channel.close()
    }

    /// NIO's time unit for a Swift duration.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Maps a connect failure to the code torctl reports.
    static func classify(_ error: any Error, endpoint: String) -> ControlPortError {
        let errnoCode: Int32? = (error as? IOError)?.errnoCode
            ?? ((error as? NIOConnectionError)?.connectionErrors.lazy.compactMap { ($0.error as? IOError)?.errnoCode }.first)
        if errnoCode == ECONNREFUSED {
            return ControlPortError(.notRunning, kind: .resource, "nothing is listening on \(endpoint)")
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return ControlPortError(.timedOut, kind: .resource, "connecting to \(endpoint) timed out")
        }
        return ControlPortError(.connectFailed, kind: .resource, "cannot connect to \(endpoint): \(error)")
    }
}
