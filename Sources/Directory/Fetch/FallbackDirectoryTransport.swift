import NIOCore
import NIOPosix

/// Tries one transport and, when it cannot reach the server, another: BEGIN_DIR first (what
/// C tor clients use) and the DirPort as the fallback for servers that keep one.
///
/// An HTTP-level answer from the first transport (a `dir.http.*` error: a bad or non-200
/// response) is final: the server was reached, and asking it again another way would not help.
public struct FallbackDirectoryTransport: DirectoryTransport {
    /// Tried first.
    public let primary: any DirectoryTransport
    /// Tried when `primary` could not reach the server.
    public let fallback: any DirectoryTransport

    /// What this client uses by default: BEGIN_DIR over a channel pool on `group`, and the
    /// DirPort when a server's ORPort cannot be reached (or it has none).
    public static func standard(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: Duration = .seconds(30)
    ) -> FallbackDirectoryTransport {
        FallbackDirectoryTransport(
            primary: BeginDirTransport(group: group, timeout: timeout), fallback: DirPortTransport(group: group, timeout: timeout))
    }

    /// `primary`, then `fallback`.
    public init(primary: any DirectoryTransport, fallback: any DirectoryTransport) {
        self.primary = primary
        self.fallback = fallback
    }

    /// True when either transport can reach `server`.
    public func canReach(_ server: DirectoryServer) -> Bool {
        primary.canReach(server) || fallback.canReach(server)
    }

    /// Fetches with ``primary``, or with ``fallback`` when the primary cannot reach `server`.
    public func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8] {
        guard primary.canReach(server) else {
            return try await fallback.fetch(request, from: server, events: events)
        }
        do {
            return try await primary.fetch(request, from: server, events: events)
        } catch let error as DirectoryError where error.code.rawValue.hasPrefix("dir.http.") {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            do {
                return try await fallback.fetch(request, from: server, events: events)
            } catch let unsupported as DirectoryError where unsupported.code == .transportUnsupported {
                // The server has no other way in: the first failure says more.
                throw error
            }
        }
    }
}
