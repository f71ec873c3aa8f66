import Foundation

/// A self-signed ECDSA P-256 certificate and key (CN www.torswift-embedded.net, valid to 2125) for
/// the server-mode ``TLSEngine`` that plays the relay in EmbeddedChannel tests.
///
/// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 -subj /CN=www.torswift-embedded.net`
///
/// Made once with the OpenSSL command line, kept as text so the tests need no key generation:
/// the peer certificate an engine reports must equal ``certificateDER`` byte for byte.
enum TestTLSIdentity {
    static let certificatePEM = """
-----BEGIN CERTIFICATE-----
MIIBnjCCAUWgAwIBAgIULNoYE3hzLT2wMLZLDD+hxYjEjKowCgYIKoZIzj0EAwIw
JDEiMCAGA1UEAwwZd3d3LnRvcnN3aWZ0LWVtYmVkZGVkLm5ldDAgFw0yNjExMjMw
MjA0NDBaGA8yMTI2MTAzMDAyMDQ0MFowJDEiMCAGA1UEAwwZd3d3LnRvcnN3aWZ0
LWVtYmVkZGVkLm5ldDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABN/MO/uS99Se
SOP4oW8Q0TmxN23jaFu+0bGRT8oX3SF0JfiK2OyH8HPEu7FXj3nkmalhnkOq2e3z
mVHzj+9b7tyjUzBRMB0GA1UdDgQWBBS3VFYw05D5p+fS6wU4qFq+zRhZvzAfBgNV
HSMEGDAWgBS3VFYw05D5p+fS6wU4qFq+zRhZvzAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0cAMEQCIGhJyBR8PByIKHiH17XzbwMKFTkacQMEK/TbvyZFg5Sd
AiBV3homH4tCbjIch9XXILuX7OL4DzhqQSyAcFGc5oVQPA==
-----END CERTIFICATE-----
"""

    static let privateKeyPEM = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgksez/vSprvg05kXj
EbkHLMf+PjXwtV8B7q/W2YOlr6mhRANCAATfzDv7kvfUnkjj+KFvENE5sTdt42hb
vtGxkU/KF90hdCX4itjsh/BzxLuxV4955JmpYZ5Dqtnt85lR84/vW+7c
-----END PRIVATE KEY-----
"""

    /// The certificate's DER, decoded here from the PEM base64 independently of OpenSSL.
    static var certificateDER: [UInt8] {
        let body = certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return [UInt8](Data(base64Encoded: body)!)
    }
}
