/// The bounds of every variable-length field a SOCKS client may send.
///
/// Each limit is either fixed by the wire format (a one-byte length can say at most 255) or, where
/// the format has no bound (the NUL-terminated SOCKS4 fields), the value observed from tor 0.4.9,
/// so clients that work with C tor work with us and a hostile client cannot make us buffer
/// without end.
public enum SocksLimits {
    /// Longest hostname in a SOCKS5 request (RFC 1928 §5: one length octet).
    public static let maximumHostnameLength = 255
    /// Shortest hostname: RFC 1928 §5 leaves a zero length undefined and tor rejects it.
    public static let minimumHostnameLength = 1
    /// Longest RFC 1929 username or password (RFC 1929 §2: one length octet). Empty fields are
    /// accepted, as tor does for broken clients (socks-extensions.txt §1.1).
    public static let maximumCredentialLength = 255
    /// Longest SOCKS4 USERID before its NUL. SOCKS4 sets no bound; tor 0.4.9 accepts 512 bytes
    /// and rejects 513, and so do we.
    public static let maximumSocks4UserIDLength = 512
    /// Longest SOCKS4a hostname before its NUL. SOCKS4a sets no bound; tor 0.4.9 accepts 255
    /// bytes and rejects 256, matching the SOCKS5 limit.
    public static let maximumSocks4HostnameLength = 255
}
