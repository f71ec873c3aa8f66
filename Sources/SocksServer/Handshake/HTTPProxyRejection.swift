import NIOCore

/// The answer to a client that mistook the SOCKS port for an HTTP proxy (socks-extensions.txt §4).
///
/// A request line starting with `G`, `H`, `P` or `C` (GET, HEAD, POST/PUT, CONNECT) gets an HTTP
/// 501 whose status line is tor's, so browsers show the page and users see what to fix; the body
/// is ours. Then the connection closes.
public enum HTTPProxyRejection {
    /// The first bytes of the HTTP methods tor answers this way.
    public static let leadingBytes: Set<UInt8> = [
        UInt8(ascii: "G"), UInt8(ascii: "H"), UInt8(ascii: "P"), UInt8(ascii: "C"),
    ]

    /// The full response: status line, headers, blank line, HTML body.
    public static let response: String = {
        let body = """
            <html>
            <head><title>This is a SOCKS proxy, not an HTTP proxy</title></head>
            <body>
            <h1>This is a SOCKS proxy, not an HTTP proxy</h1>
            <p>Your browser or application sent an HTTP request to a Tor SOCKS port.</p>
            <p>Configure it to use a SOCKS5 proxy at this address (and let the proxy resolve
            hostnames), or configure an HTTP tunnel port for it if it only speaks HTTP.</p>
            </body>
            </html>

            """
        return "HTTP/1.0 501 Tor is not an HTTP Proxy\r\n"
            + "Content-Type: text/html; charset=iso-8859-1\r\n"
            + "Content-Length: \(body.utf8.count)\r\n"
            + "\r\n" + body
    }()

    /// The response as bytes to write.
    public static var responseBuffer: ByteBuffer { ByteBuffer(string: response) }
}
