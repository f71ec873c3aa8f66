import TorCore

/// A directory server's HTTP/1.0 answer (dir-spec 6): status, headers and the whole body.
///
/// Produced by ``DirectoryHTTPResponseParser``; immutable. Header names keep the server's
/// spelling; look-ups ignore case, as HTTP requires.
public struct DirectoryHTTPResponse: Sendable, Equatable {
    /// The status code, such as 200 or 404.
    public let statusCode: Int
    /// The reason phrase after the code, such as "OK" or "Consensus not found".
    public let reasonPhrase: String
    /// The header fields in the order received, values with surrounding spaces removed.
    public let headers: [(name: String, value: String)]
    /// The body, exactly as received.
    public let body: [UInt8]

    /// A response from its parts.
    public init(statusCode: Int, reasonPhrase: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body of a 200 answer; any other status is a `dir.http.status` error whose reason
    /// repeats the server's (a directory says "404 Not found" or "503 Directory busy, try
    /// again later" when it cannot serve the document).
    public func successfulBody() throws(DirectoryError) -> [UInt8] {
        guard statusCode == 200 else {
            throw DirectoryError(
                .httpStatus, kind: .resource,
                "The directory answered \(statusCode) \"\(reasonPhrase)\" instead of the document; "
                    + "another directory will be asked")
        }
        return body
    }

    /// Equal status, reason, headers (in order) and body.
    public static func == (lhs: DirectoryHTTPResponse, rhs: DirectoryHTTPResponse) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.reasonPhrase == rhs.reasonPhrase && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

extension DirectoryError.Code {
    /// The status line is not "HTTP/1.x NNN reason".
    public static let httpStatusLine: Self = "dir.http.status-line"
    /// A header line is not "Name: value", or Content-Length is not a number or repeats.
    public static let httpHeader: Self = "dir.http.header"
    /// The status line and headers exceed ``DirectoryHTTPResponseParser/maximumHeaderSize``.
    public static let httpHeadersTooLarge: Self = "dir.http.headers-too-large"
    /// The body exceeds the request's limit (kind `.resource`).
    public static let httpBodyTooLarge: Self = "dir.http.body-too-large"
    /// The body is compressed; this client asks for and accepts only identity encoding.
    public static let httpEncoding: Self = "dir.http.encoding"
    /// The connection ended before the headers, or before Content-Length bytes of body.
    public static let httpTruncated: Self = "dir.http.truncated"
    /// Bytes arrived after a body of the announced Content-Length.
    public static let httpTrailingData: Self = "dir.http.trailing-data"
    /// The server answered with a status other than 200 (kind `.resource`).
    public static let httpStatus: Self = "dir.http.status"
}
