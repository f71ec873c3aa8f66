import Testing
@testable import TorCore

/// Fixtures made once with the OpenSSL 3.0 command-line tool (an independent implementation):
///   openssl req -new -x509 -key k.pem -subj "/CN=www.torswift-test.net" -days 365 -sha256 \
///       -set_serial 4660 -out cert.pem          (k.pem is the RSA test key of RSAPublicKeyTests)
///   openssl req -new -x509 -key k2.pem -subj "/CN=www.other-test.net" -days 30 -sha256 \
///       -set_serial 7 -out cert2.pem            (k2.pem: another fresh 1024-bit key)
///   openssl req -new -x509 -key e.pem -subj "/CN=ed" -days 10 -set_serial 3   (an Ed25519 key)
///   openssl x509 -in cert.pem -noout -dates -fingerprint -sha256
///   date -u -d "Nov 23 02:01:26 2026 GMT" +%s    -> 1795399286 (notAfter 2027: 1826935286)
@Suite("X.509 certificates")
struct X509CertificateTests {
    static let selfSignedPEM = """
        -----BEGIN CERTIFICATE-----
        MIICCjCCAXOgAwIBAgICEjQwDQYJKoZIhvcNAQELBQAwIDEeMBwGA1UEAwwVd3d3
        LnRvcnN3aWZ0LXRlc3QubmV0MB4XDTI2MTEyMzAyMDEyNloXDTI3MTEyMzAyMDEy
        NlowIDEeMBwGA1UEAwwVd3d3LnRvcnN3aWZ0LXRlc3QubmV0MIGfMA0GCSqGSIb3
        DQEBAQUAA4GNADCBiQKBgQDOWoY8PMrfH1Y9t/JMrFmbZe8vkYnPLc5wpiMJxGPa
        JWGwd+iidOe3D7fJ4s6tWOOHIAq318RtzgC/EJAEwgynwJj8YPNCgD8qRDIp0vpq
        B0ZHLP4nVvZxIebk8WF4IkRVBR+EwBIrHv7bQ4XbHgyDxwjOL3EMi+Mab6ffZUEn
        pQIDAQABo1MwUTAdBgNVHQ4EFgQUUVjOrzi7OLiEaJzDgzeaVCTIOUowHwYDVR0j
        BBgwFoAUUVjOrzi7OLiEaJzDgzeaVCTIOUowDwYDVR0TAQH/BAUwAwEB/zANBgkq
        hkiG9w0BAQsFAAOBgQAXIbVyNCPlj57bSrVZjdxRDBG/XDa6QflDrghumSbXB4a+
        juOAbQG/8B3gbaQJxzb1KK8oTJYS7ABUrCS62SF3W8FBwpeR0p1x1pfCnZ0UTFOD
        Ghu3MUKVqu4YPbKvW4LKreG7cEufq4M8OwU2CDUIJ2kH2DCBezizV8waGF9yCw==
        -----END CERTIFICATE-----
        """
    static let otherPEM = """
        -----BEGIN CERTIFICATE-----
        MIICAzCCAWygAwIBAgIBBzANBgkqhkiG9w0BAQsFADAdMRswGQYDVQQDDBJ3d3cu
        b3RoZXItdGVzdC5uZXQwHhcNMjYxMTIzMDIwMTI2WhcNMjYxMjIzMDIwMTI2WjAd
        MRswGQYDVQQDDBJ3d3cub3RoZXItdGVzdC5uZXQwgZ8wDQYJKoZIhvcNAQEBBQAD
        gY0AMIGJAoGBALab/kKzlbM5ooBxBIjvrt6mf+bf0gb2RPOkA+4orT+2ic0j1qZQ
        VStCbxoArVS/GevKeMRiReLOMP1LB/dONJtMy9XFXWSLYhQxcJT/y62EEVflYqKw
        L3pxOlBhmdSjB/Dy8/J/aVsZPgmnrizuZJUHEek8kI07kLAsI5E1yZPlAgMBAAGj
        UzBRMB0GA1UdDgQWBBRv5wb1N9oyvrjncqSVFoJQttZIqTAfBgNVHSMEGDAWgBRv
        5wb1N9oyvrjncqSVFoJQttZIqTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEB
        CwUAA4GBAA3qNjvDnYTqOCXCLc2Kd0MB64XvWuN3vC8/kFiigsUSksK6Cbl4hi9e
        6uuame4ZcGGhin/GxkzjxRmbnwEytR/yCXRXcbVb00C+XoiLNYLouAXP3/DA3zL7
        atPaJFino+piszFjUicD/TLUnHHhTrc1L+EWwp14xTLnfmxVoLIp
        -----END CERTIFICATE-----
        """
    static let ed25519PEM = """
        -----BEGIN CERTIFICATE-----
        MIIBGzCBzqADAgECAgEDMAUGAytlcDANMQswCQYDVQQDDAJlZDAeFw0yNjExMjMw
        MjA3MTFaFw0yNjEyMDMwMjA3MTFaMA0xCzAJBgNVBAMMAmVkMCowBQYDK2VwAyEA
        mKTX6QkWKUlzq/fTGqgbwhmtzQzFBE1x6QxSoc98AqejUzBRMB0GA1UdDgQWBBQ6
        2LhV3HqxZ6FxFZzOvmyEPjDREjAfBgNVHSMEGDAWgBQ62LhV3HqxZ6FxFZzOvmyE
        PjDREjAPBgNVHRMBAf8EBTADAQH/MAUGAytlcANBALxxEXhJ2QGpvx/ZnB27bKzq
        YE5FvUf6keocOQcQkQ+K0xwzTFJewq9qQrPAwRP86nIe3pSJWpPsIxKvKTHxGAs=
        -----END CERTIFICATE-----
        """

    @Test func readsDatesAndDigestPrintedByTheCLI() throws {
        let certificate = try X509Certificate(pem: Self.selfSignedPEM)
        #expect(certificate.notBefore == 1_795_399_286)
        #expect(certificate.notAfter == 1_826_935_286)
        #expect(certificate.sha256Digest == CryptoTestHex.bytes(
            "d0ad8ae174ad53ef8f9b88cfa12c7fac68f344f041092693aa85152faed989d6"))
        #expect(certificate.isValid(atUnixTime: 1_795_399_286))
        #expect(!certificate.isValid(atUnixTime: 1_795_399_285))
        #expect(!certificate.isValid(atUnixTime: 1_826_935_287))

        let other = try X509Certificate(pem: Self.otherPEM)
        #expect(other.notAfter == 1_797_991_286)
        #expect(other.sha256Digest == CryptoTestHex.bytes(
            "1c3f8e69b58bcea2617e2d376243eff67c04bc3e2e7afbea7db3ff541fcdaac5"))
    }

    @Test func derRoundTripsExactly() throws {
        let certificate = try X509Certificate(pem: Self.selfSignedPEM)
        let reparsed = try X509Certificate(der: certificate.der)
        #expect(reparsed.der == certificate.der)
        #expect(Digest.sha256(certificate.der) == certificate.sha256Digest)
    }

    @Test func subjectKeyIsTheRSATestKey() throws {
        let key = try X509Certificate(pem: Self.selfSignedPEM).rsaPublicKey()
        #expect(key.fingerprint == RSAPublicKeyTests.fingerprint)
        #expect(key == (try RSAPublicKeyTests.key()))
    }

    @Test func signatureChecksAgainstTheRightKeyOnly() throws {
        let certificate = try X509Certificate(pem: Self.selfSignedPEM)
        let other = try X509Certificate(pem: Self.otherPEM)
        #expect(certificate.isSigned(by: try certificate.rsaPublicKey()))
        #expect(other.isSigned(by: try other.rsaPublicKey()))
        #expect(!certificate.isSigned(by: try other.rsaPublicKey()))
        #expect(!other.isSigned(by: try certificate.rsaPublicKey()))
    }

    @Test func tamperedCertificateFailsItsSignature() throws {
        var der = try X509Certificate(pem: Self.selfSignedPEM).der
        // Inside the subject common name: still valid DER, but no longer what was signed.
        let index = try #require(der.firstIndex(of: UInt8(ascii: "w")))
        der[index] = UInt8(ascii: "x")
        let tampered = try X509Certificate(der: der)
        #expect(!tampered.isSigned(by: try tampered.rsaPublicKey()))
    }

    @Test func nonRSAKeyIsRefused() throws {
        let certificate = try X509Certificate(pem: Self.ed25519PEM)
        #expect { try certificate.rsaPublicKey() } throws: { error in
            (error as? TorCoreError)?.code == .cryptoNotRSAKey
        }
    }

    @Test func rejectsMalformedDER() throws {
        let der = try X509Certificate(pem: Self.selfSignedPEM).der
        for bad in [[], Array(der.prefix(40)), Array(der.dropLast()), der + [0], [0x30, 0x00]] {
            #expect { try X509Certificate(der: bad) } throws: { error in
                (error as? TorCoreError)?.code == .cryptoMalformedCertificate
            }
        }
    }

    @Test func rejectsPEMOfAnotherKind() {
        #expect { try X509Certificate(pem: RSAPublicKeyTests.pkcs1PEM) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoMalformedCertificate
        }
    }

    // Expected values from python3: calendar.timegm((y, m, d, H, M, S, 0, 0, 0)).
    @Test(arguments: [
        ((1970, 1, 1, 0, 0, 0), Int64(0)),
        ((1969, 12, 31, 23, 59, 59), -1),
        ((2000, 2, 29, 12, 0, 0), 951_825_600),
        ((2000, 3, 1, 0, 0, 0), 951_868_800),
        ((2100, 3, 1, 0, 0, 0), 4_107_542_400),
        ((1900, 2, 28, 0, 0, 0), -2_203_977_600),
        ((2050, 1, 1, 0, 0, 0), 2_524_608_000),
        ((9999, 12, 31, 23, 59, 59), 253_402_300_799),
        ((1, 1, 1, 0, 0, 0), -62_135_596_800),
    ] as [((Int64, Int64, Int64, Int64, Int64, Int64), Int64)])
    func civilTimeConversion(date: (Int64, Int64, Int64, Int64, Int64, Int64), expected: Int64) {
        #expect(CivilTime.unixSeconds(
            year: date.0, month: date.1, day: date.2, hour: date.3, minute: date.4, second: date.5
        ) == expected)
    }
}
