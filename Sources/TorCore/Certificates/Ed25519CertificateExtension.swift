/// One extension of an Ed25519 certificate: ExtLength (2), ExtType (1), ExtFlags (1),
/// ExtData (ExtLength) (cert-spec 2.1).
public struct Ed25519CertificateExtension: Hashable, Sendable {
    /// ExtType: open, so an unknown type survives when it does not affect validation.
    public struct ExtensionType: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The Ed25519 key that signed the certificate, 32 bytes (cert-spec 2.2.1).
        public static let signedWithEd25519Key = ExtensionType(rawValue: 4)

        /// The types this code understands; an unknown one flagged AFFECTS_VALIDATION
        /// makes the certificate invalid (cert-spec 2.1).
        public var isKnown: Bool { self == .signedWithEd25519Key }

        public var description: String {
            self == .signedWithEd25519Key ? "signed-with-ed25519-key (4)" : "extension type \(rawValue)"
        }
    }

    /// ExtFlags; unknown bits survive.
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A certificate with this extension is valid only to a party that understands it.
        public static let affectsValidation = Flags(rawValue: 1)
    }

    /// The length of the key in a signed-with-ed25519-key extension (cert-spec 2.2.1).
    public static let signingKeyLength = 32

    /// ExtType.
    public var type: ExtensionType
    /// ExtFlags.
    public var flags: Flags
    /// ExtData, ExtLength bytes.
    public var data: [UInt8]

    /// An extension of `type` carrying `data`.
    public init(type: ExtensionType, flags: Flags = [], data: [UInt8]) {
        self.type = type
        self.flags = flags
        self.data = data
    }

    /// The signed-with-ed25519-key extension carrying `key`. A tor 0.4.9 relay sends it with
    /// no flags (seen in a captured CERTS cell), so that is the default.
    public static func signedWithEd25519Key(
        _ key: [UInt8], flags: Flags = []
    ) -> Ed25519CertificateExtension {
        Ed25519CertificateExtension(type: .signedWithEd25519Key, flags: flags, data: key)
    }
}
