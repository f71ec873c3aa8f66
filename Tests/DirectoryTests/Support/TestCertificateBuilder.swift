import Foundation
import TorCore
@testable import Directory

/// Writes authority key certificates in the dir-spec 3.1 layout and signs them with keys made
/// for the test, so that each check (crosscert, dates, key size) can fail on its own while
/// everything else is right. The real certificates in Fixtures/ prove the layout matches tor's.
struct TestCertificateBuilder {
    var identityKey: RSAPrivateKey
    var signingKey: RSAPrivateKey
    /// Key that signs the crosscert; the signing key unless a test swaps it.
    var crosscertKey: RSAPrivateKey
    var published: Int64 = 1_795_400_000
    var expires: Int64 = 1_795_400_000 + 365 * 86_400

    init(identityBits: Int = 1024, signingBits: Int = 1024) throws {
        identityKey = try RSAPrivateKey.generate(bitCount: identityBits)
        signingKey = try RSAPrivateKey.generate(bitCount: signingBits)
        crosscertKey = signingKey
    }

    static func pem(_ label: String, _ bytes: [UInt8]) -> String {
        let body = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    var identity: AuthorityIdentity { get throws { try AuthorityIdentity(bytes: identityKey.publicKey.fingerprint) } }

    func text() throws -> String {
        let identityFingerprint = identityKey.publicKey.fingerprint
        var text = "dir-key-certificate-version 3\n"
        text += "dir-address 127.0.0.1:7000\n"
        text += "fingerprint \(hex(identityFingerprint).uppercased())\n"
        text += "dir-key-published \(DirectoryTime.format(published))\n"
        text += "dir-key-expires \(DirectoryTime.format(expires))\n"
        text += "dir-identity-key\n" + Self.pem("RSA PUBLIC KEY", identityKey.publicKey.pkcs1DER)
        text += "dir-signing-key\n" + Self.pem("RSA PUBLIC KEY", signingKey.publicKey.pkcs1DER)
        let crosscert = try crosscertKey.torSignature(digest: identityFingerprint)
        text += "dir-key-crosscert\n" + Self.pem("ID SIGNATURE", crosscert)
        text += "dir-key-certification\n"
        let certification = try identityKey.torSignature(digest: Digest.sha1(Array(text.utf8)))
        return text + Self.pem("SIGNATURE", certification)
    }

    func certificate() throws -> AuthorityKeyCertificate {
        try AuthorityKeyCertificate(parsing: Array(text().utf8))
    }
}

extension TestCertificateBuilder {
    /// The real consensus's body re-signed by `builders`' signing keys, with the two-argument
    /// "directory-signature" form, which means SHA-1.
    static func resignedConsensus(by builders: [TestCertificateBuilder]) throws -> [UInt8] {
        let text = try Fixtures.text("consensus-microdesc")
        let body = String(text[..<text.range(of: "directory-signature ")!.lowerBound])
        let digest = Digest.sha1(Array((body + "directory-signature ").utf8))
        var signed = body
        for builder in builders {
            signed += "directory-signature \(try builder.identity.hex) \(hex(builder.signingKey.publicKey.fingerprint).uppercased())\n"
            signed += pem("SIGNATURE", try builder.signingKey.torSignature(digest: digest))
        }
        return Array(signed.utf8)
    }
}
