import Foundation
import Circuit
import TorCore

/// A made-up relay's long-term keys, to build CERTS cells with every detail under control.
///
/// Made once with the OpenSSL command line (kept as text so tests need no key generation):
/// `openssl genrsa -traditional 1024` for the identity key, `openssl req -x509 -key KEY -sha256
/// -days 36500 -subj /CN=www.torswift-identity.net` for its self-signed certificate, a 2048-bit
/// key's self-signed certificate (CN www.torswift-big.net), and the identity key's certificate
/// signed by that 2048-bit key instead of itself. All are valid from 2026-11-23 02:32:31 UTC for
/// 100 years. The Ed25519 keys come from fixed seeds.
enum TestRelayKeys {
    /// The 1024-bit RSA identity key.
    static let rsaIdentityKeyPEM = """
-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQCyk/pDsAjrWuvJJcPm/h6oWdYTcZPB/hIHFfyfZ+t1PCF3I+ZP
jKvXtNE/hMd+7znPTdhI0NOdawjK54Y92vel5ZAor+mvEkfuej0V93xKR8Hosq0A
vzCLZ+ASx9neyXJQZ2SY1ezMCDFYzEM/kCPn1HGM4n7xuIaOjk9U+BYMlwIDAQAB
AoGATUr7UXzJ/4R09bUg28Q15MwtenD4cUjU6Lg9hYlnQnDqUzT4pInQfybGQuXn
qytELFQXPz0TutjvD1OyqOcztKMy5oGqVHWZE7CUOeTt6msNqcRRXDE6MbRS5xgB
HsLMbpVmFMpa0EXhjqCqaOyoOEjHfKbtp8WVMbOL35/yTXECQQDeVUFerksStrLV
yheYhNKl0T/Nf9CK0r7ZQLi1yMm1oHw1lDs+P2RA2JwlFp/j1qGqqAUC0B1nBPzZ
FIIOVjGVAkEAzZ6PHvlPK2V3/GNy0VTvWRcnC5gljMVOXc91slQqnI3SqXEdfmlH
pNGl1gpL93NnnlYyo5MLYIhqn5wn4ADSewJBALX5AbAE591BO85PwlBLJj4hrh78
Ziu5ogsfNg9TcAUAfak80eB48g1BPUv94JASs++B5dgPjoErS+hBKNGjKqECQQCO
SJg1EMOt/esHZTHAlQuDFLhaF5B0VtwhojuJiSBrcOBDjBiirut6q/AbqshilSMw
t+kWs9v9kqhlhkM5iJgdAkEAmIOMkomE8s9QZDsCNErAxMZjDY6P4dk2rsGLYr8e
eSHXeoUb9LbTC7wfRBOWrMFQH/OUBpMqhYUPEFG01RxKIQ==
-----END RSA PRIVATE KEY-----
"""

    /// Self-signed certificate of ``rsaIdentityKeyPEM``.
    static let rsaIdentityCertificatePEM = """
-----BEGIN CERTIFICATE-----
MIICJjCCAY+gAwIBAgIUePHOVUo/AaPtNJffOaY+8tnCwWQwDQYJKoZIhvcNAQEL
BQAwJDEiMCAGA1UEAwwZd3d3LnRvcnN3aWZ0LWlkZW50aXR5Lm5ldDAgFw0yNjEx
MjMwMjMyMzFaGA8yMTI2MTAzMDAyMzIzMVowJDEiMCAGA1UEAwwZd3d3LnRvcnN3
aWZ0LWlkZW50aXR5Lm5ldDCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEAspP6
Q7AI61rrySXD5v4eqFnWE3GTwf4SBxX8n2frdTwhdyPmT4yr17TRP4THfu85z03Y
SNDTnWsIyueGPdr3peWQKK/prxJH7no9Ffd8SkfB6LKtAL8wi2fgEsfZ3slyUGdk
mNXszAgxWMxDP5Aj59RxjOJ+8biGjo5PVPgWDJcCAwEAAaNTMFEwHQYDVR0OBBYE
FFF+TOxORXbQrzxTcz1bkTCDliuKMB8GA1UdIwQYMBaAFFF+TOxORXbQrzxTcz1b
kTCDliuKMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADgYEANZi6Vc7s
myenZ/Cul7ZRhHXKZtkxaOzOnD/fkx+N7Cecz7DbLz/wx/x29r4pmRJyMREI5XbA
unR8/OusJw+F5N4VkyBMz1r2heteZAEmGVnh6XgFWBrJtoHGq51BKq7VxKfITNSV
lDUD4HOUC0lZN8yq9N0/WiHTG8s6gF1Yyb4=
-----END CERTIFICATE-----
"""

    /// Self-signed certificate of a 2048-bit RSA key.
    static let bigRSACertificatePEM = """
-----BEGIN CERTIFICATE-----
MIIDITCCAgmgAwIBAgIUTOEKWh/t1MEzOB17hvSLdxxK39AwDQYJKoZIhvcNAQEL
BQAwHzEdMBsGA1UEAwwUd3d3LnRvcnN3aWZ0LWJpZy5uZXQwIBcNMjYxMTIzMDIz
MjMyWhgPMjEyNjEwMzAwMjMyMzJaMB8xHTAbBgNVBAMMFHd3dy50b3Jzd2lmdC1i
aWcubmV0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApZJQ+NJ4/GG3
3DXSEoqu5gRKvrudBEb8PP0Jig8GLE++S7xdmL9qVryJWxoHQKH4PLl5wkneIo1x
jJ+F8A2UQ8PaQlg06lEqD/MjWM9H36179Qs1EyrHUBeQrJ79x8ZmI8bLpy55FOPj
bmxRjB+rMA/0ERQcogn9ZDKTI9XOAVhi9k1fOgLLiIJuTQDIvFDbUL9qLmZh9FCI
ev+uukoQpsBnak8/i9dc4ROyl5UA0zjhW5907m/NEt4nqaEuAwUn4jgw9bb0frWZ
P5A8I1auEubds/gpG6jKaWQOZEaQhrfbq1ek6F3ruAaHGSgI1gXweTAf0ed0ZQg8
l0u7jgw44QIDAQABo1MwUTAdBgNVHQ4EFgQUCru+/4VacG/SfVxhs/UCpm/4evcw
HwYDVR0jBBgwFoAUCru+/4VacG/SfVxhs/UCpm/4evcwDwYDVR0TAQH/BAUwAwEB
/zANBgkqhkiG9w0BAQsFAAOCAQEADIsEPSv/deijE+FEH4894tJVLj/1DQMIprVY
su1yRiw3Fv7x9HoGRwmgYP5atBr0V+dUFELoNEYD61BYjdTZGA4LMt40YmAB3i2Y
UBbpta0aB5/Y9C0GjQ1TL36+T6FWTC68IK8PVYYEC9qoLuz4OP+SiULCEPkBgB3r
C355dGYxPLjD1dGixi6hivLHRRzPn+OV5PWsg/CQhVsd/D/sjjS240RO98MQ+6gy
NkxvsdELTMH/TUi/1A4pk3qJnHqpUK2rKCKvzHTFcjFmli9vpYrsaMR1xJuGwT1I
PeKS/ZCtdX5uA98WYvNwD2fGvszgbLhbmBx4wcrVMbODWNp4Pg==
-----END CERTIFICATE-----
"""

    /// Certificate of ``rsaIdentityKeyPEM`` signed by the 2048-bit key, not by itself.
    static let notSelfSignedCertificatePEM = """
-----BEGIN CERTIFICATE-----
MIICSDCCATACFCGmHVxIER3cl+QZmpNopmzUrzzPMA0GCSqGSIb3DQEBCwUAMB8x
HTAbBgNVBAMMFHd3dy50b3Jzd2lmdC1iaWcubmV0MCAXDTI2MTEyMzAyMzIzMloY
DzIxMjYxMDMwMDIzMjMyWjAkMSIwIAYDVQQDDBl3d3cudG9yc3dpZnQtaWRlbnRp
dHkubmV0MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCyk/pDsAjrWuvJJcPm
/h6oWdYTcZPB/hIHFfyfZ+t1PCF3I+ZPjKvXtNE/hMd+7znPTdhI0NOdawjK54Y9
2vel5ZAor+mvEkfuej0V93xKR8Hosq0AvzCLZ+ASx9neyXJQZ2SY1ezMCDFYzEM/
kCPn1HGM4n7xuIaOjk9U+BYMlwIDAQABMA0GCSqGSIb3DQEBCwUAA4IBAQA9hpEz
itzS2rolOurtJVvWo7vZbhNCkqrGnVXsfesaIjHYvjLaxxhVMI1Unh2Zb2i2fWJ6
HznsVf7dgTNZ1xmERbnNkXeE64FdlCsBJ+lPtNs4X5j0ZYYKCSOUA/I2kyMW2L3M
Rl+FrkjG+OuwrpmraYefdhYwV5Uu31w0LhCT658OX0A/glgsvWCrgt5k6dio3dPb
9zfUbJDrY4l3iMZFaPaxPYDIaaKQME8D6kcDIzFvTjx46KrDytmm3NNwhU+vLV50
Xiz315HgJjcy5KdJ5H7unWsk3igQCZy1zRUShfmH1VyeHLg5rfsQ0Bzxdpnel87e
FLMppLV/EbZq653T
-----END CERTIFICATE-----
"""

    /// notBefore of every certificate above, Unix seconds.
    static let certificatesValidFrom: Int64 = 1_795_401_151
    /// notAfter of every certificate above, Unix seconds.
    static let certificatesValidUntil: Int64 = 4_949_001_151

    /// The time the tests run at: two days into the certificates' validity.
    static let now: Int64 = certificatesValidFrom + 2 * 86_400

    static let rsaIdentityKey = try! RSAPrivateKey(pem: rsaIdentityKeyPEM)
    static let ed25519Identity = try! Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 32))
    static let ed25519Signing = try! Ed25519PrivateKey(seed: [UInt8](repeating: 2, count: 32))

    static func der(_ pem: String) -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return [UInt8](Data(base64Encoded: body)!)
    }

    /// The identity the made-up relay proves.
    static var identity: RelayIdentity {
        try! RelayIdentity(rsaFingerprint: rsaIdentityKey.publicKey.fingerprint, ed25519Identity: ed25519Identity.publicKey)
    }
}
