import Foundation
import NIOCore
import NIOPosix

/// A minimal HTTP/1.0 GET over plain TCP, for fetching from the network's DirPorts and the
/// HTTP test server directly (no Tor). HTTP/1.0 makes the server close after the response, so
/// the body is everything up to EOF, checked against `Content-Length` when there is one.
enum LoopbackHTTP {
    /// The most a response may carry: the 50 MiB test file plus headers.
    static let maximumResponseBytes = 64 << 20
    static let connectTimeout: TimeAmount = .seconds(5)

    /// One response header.
    struct Header: Sendable, Equatable {
        let name: String
        let value: String
    }

    /// A complete response.
    struct Response: Sendable {
        let status: Int
        let headers: [Header]
        let body: [UInt8]

        /// The first header named `name`, compared case-insensitively.
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// GETs `path` from `host:port`; the whole exchange must finish within `timeout`.
    static func get(host: String, port: Int, path: String, timeout: TimeAmount = .seconds(30)) async throws
        -> Response
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(connectTimeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // Closing the channel ends the inbound stream below, whatever the server does.
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) {
            channel.channel.close(promise: nil)
        }
        let received = try await channel.executeThenClose { inbound, outbound in
            let request = "GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
            try await outbound.write(ByteBuffer(string: request))
            var received: [UInt8] = []
            for try await chunk in inbound {
                received.append(contentsOf: chunk.readableBytesView)
                guard received.count <= maximumResponseBytes else {
                    throw TestNetworkError(
                        "http://\(host):\(port)\(path) sent more than \(maximumResponseBytes) bytes")
                }
            }
            return received
        }
        deadline.cancel()
        if (try? await deadline.futureResult.get()) != nil {
            throw TestNetworkError("http://\(host):\(port)\(path) took longer than \(timeout)")
        }
        return try parse(received, url: "http://\(host):\(port)\(path)")
    }

    /// Splits a complete HTTP/1.x response into status, headers and body.
    static func parse(_ bytes: [UInt8], url: String) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.firstRange(of: separator) else {
            throw TestNetworkError("\(url): response has no end of headers (\(bytes.count) bytes)")
        }
        let head = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1])
        else {
            throw TestNetworkError("\(url): bad status line in \(head.prefix(80).debugDescription)")
        }
        let headers = lines.compactMap { line -> Header? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return Header(name: String(line[..<colon]), value: value)
        }
        let body = Array(bytes[headEnd.upperBound...])
        let response = Response(status: status, headers: headers, body: body)
        if let length = response.header("Content-Length").flatMap(Int.init), length != body.count {
            throw TestNetworkError("\(url): Content-Length \(length) but \(body.count) body bytes arrived")
        }
        return response
    }
}

extension TestNetworkInfo {
    /// GETs a directory document (`/tor/status-vote/current/consensus-microdesc`,
    /// `/tor/micro/d/...`, `/tor/server/all`, ...) from `relay`'s DirPort, uncompressed.
    /// Throws unless the relay answers 200.
    func fetchDirectoryDocument(path: String, from relay: Relay, timeout: TimeAmount = .seconds(30))
        async throws -> [UInt8]
    {
        let response = try await LoopbackHTTP.get(
            host: relay.address, port: relay.dirPort, path: path, timeout: timeout)
        guard response.status == 200 else {
            throw TestNetworkError("\(relay.nickname)'s DirPort answered \(response.status) for \(path)")
        }
        return response.body
    }

    /// GETs `path` from the HTTP test server directly (not through Tor).
    func fetchFromHTTPServer(path: String, timeout: TimeAmount = .seconds(60)) async throws
        -> LoopbackHTTP.Response
    {
        try await LoopbackHTTP.get(host: http.address, port: http.port, path: path, timeout: timeout)
    }
}
