import TorCore

/// How directory documents reach this client: one HTTP request to one directory server,
/// returning the body of its 200 answer.
///
/// Two real implementations: ``BeginDirTransport`` (a BEGIN_DIR stream on a one-hop circuit,
/// what C tor clients use) and ``DirPortTransport`` (plain HTTP to a DirPort). Both parse the
/// answer with ``DirectoryHTTPResponseParser``. A transport neither verifies nor retries:
/// the bootstrapper does, through the resilience pipeline.
public protocol DirectoryTransport: Sendable {
    /// Fetches `request` from `server` and returns the body of a 200 answer.
    ///
    /// - Parameter events: told about connection milestones, for bootstrap progress.
    /// - Throws: `dir.transport.unsupported` when the server cannot be reached this way,
    ///   `dir.http.*` for a bad or non-200 answer, and connection or circuit errors.
    func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8]

    /// True when this transport has a way to `server` (a DirPort, or an IPv4 ORPort), so
    /// source choice never spends an attempt on a server it cannot reach.
    func canReach(_ server: DirectoryServer) -> Bool
}

extension DirectoryTransport {
    /// Fetches without reporting milestones.
    public func fetch(_ request: DirectoryRequest, from server: DirectoryServer) async throws -> [UInt8] {
        try await fetch(request, from: server, events: .ignored)
    }
}

/// A milestone of one directory fetch, in the order they happen (the stage-1 and stage-2
/// bootstrap phases of control-spec 5.5 follow them).
public enum DirectoryFetchEvent: Sendable, Equatable {
    /// A TCP connection is being made.
    case connecting
    /// The TCP connection is up.
    case connected
    /// The TLS and link handshakes are running (BEGIN_DIR only).
    case handshaking
    /// The link handshake finished (BEGIN_DIR only).
    case handshakeDone
    /// A one-hop circuit is being created with CREATE_FAST (BEGIN_DIR only).
    case creatingCircuit
    /// The request was sent and the server's answer is awaited.
    case requestSent(DirectoryRequest)
}

/// Where a transport reports ``DirectoryFetchEvent``s.
public struct DirectoryFetchEvents: Sendable {
    private let handler: (@Sendable (DirectoryFetchEvent) -> Void)?

    /// Reports to `handler`, which must be quick and must not block.
    public init(_ handler: @escaping @Sendable (DirectoryFetchEvent) -> Void) {
        self.handler = handler
    }

    private init() { handler = nil }

    /// Reports nothing.
    public static let ignored = DirectoryFetchEvents()

    /// Reports `event`.
    public func callAsFunction(_ event: DirectoryFetchEvent) {
        handler?(event)
    }
}

extension DirectoryError.Code {
    /// The transport cannot reach this server (no DirPort, or no ORPort); kind `.badInput`.
    public static let transportUnsupported: Self = "dir.transport.unsupported"
    /// The server did not answer within the transport's timeout; kind `.resource`.
    public static let transportTimeout: Self = "dir.transport.timeout"
    /// The connection failed or closed before the answer; kind `.resource`.
    public static let transportConnection: Self = "dir.transport.connection"
}
