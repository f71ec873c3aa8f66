import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client on 127.0.0.1 for talking raw SOCKS bytes to a server under test.
/// Every wait is bounded; nothing here leaves loopback.
enum SocksProbeSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to 127.0.0.1:`port`, sends each step and, before the next, waits for the server's
    /// answer to it, as a SOCKS client does (tor drops its method reply when a client pipelines);
    /// then reads until the server closes or `deadline` passes. The deadline is generous because a
    /// tor still busy starting up on a loaded 2-core machine can take seconds to answer; an
    /// exchange that closes returns at once.
    static func exchange(port: Int, steps: [[UInt8]], deadline: Duration = .seconds(20)) throws -> (received: [UInt8], closed: Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port) failed: \(errno)") }
        var received: [UInt8] = []
        let clock = ContinuousClock()
        let end = clock.now + deadline
        for (index, step) in steps.enumerated() {
            _ = step.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if index < steps.count - 1 {
                let before = received.count
                while received.count == before && clock.now < end {
                    if try receive(fd, into: &received) == .closed { return (received, true) }
                }
            }
        }
        while clock.now < end {
            if try receive(fd, into: &received) == .closed { return (received, true) }
        }
        return (received, false)
    }

    enum ReadResult { case data, timedOut, closed }

    private static func receive(_ fd: Int32, into received: inout [UInt8]) throws -> ReadResult {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            received += chunk[..<count]
            return .data
        }
        if count == 0 || errno == ECONNRESET { return .closed }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .timedOut }
        throw Failure(description: "recv failed: \(errno)")
    }

    /// A port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "could not find a free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
