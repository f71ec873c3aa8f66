import Foundation

/// A self-signed RSA-2048 certificate and key (CN www.torswift-test.net, SHA-256, valid to 2125),
/// shaped like a tor relay's link certificate, for a server-mode ``TLSEngine`` in memory.
///
/// `openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=www.torswift-test.net -sha256`
///
/// Made once with the OpenSSL command line, kept as text so the tests need no key generation:
/// the peer certificate an engine reports must equal ``certificateDER`` byte for byte.
enum TestTLSIdentity {
    static let certificatePEM = """
-----BEGIN CERTIFICATE-----
MIIDIzCCAgugAwIBAgIUQkiv7llWE6gahA0+amp3QqzV/sMwDQYJKoZIhvcNAQEL
BQAwIDEeMBwGA1UEAwwVd3d3LnRvcnN3aWZ0LXRlc3QubmV0MCAXDTI2MTEyMzAy
MDQ0MFoYDzIxMjYxMDMwMDIwNDQwWjAgMR4wHAYDVQQDDBV3d3cudG9yc3dpZnQt
dGVzdC5uZXQwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC0W0TPpn/m
QkXnukDZVhhrVFy8hQrP7o9U3SHUnuL2jZVoSQL3NGQ7FpumZA0EQCZ7P9OpWFaT
WQWHvUvv/YPOk7fvHadyL5gebvvZABjVnQ+7uPKVnry2edFvHzr3svAZfFlxQUU5
pZf8JQ3eDFyWHG+sTnlsYgI7uvulzzSOtpsh72VBTKWc3y7xL2EwBMhH3v5c+x9a
x05ygRB2MoSJUyH4NBNrOU7Ts/sPz3DjCktWBqt81oDGL/Nmevc2FdeU0G2QNysH
wtRi2JLxXM8oeMLQRj97PdTIccSkCWtUoE19Psx1StZs3efeOxU97ajQmz5uWetQ
KZmLh1lyxwGXAgMBAAGjUzBRMB0GA1UdDgQWBBQ7RUBjvNWd1cgHZ62NnVhe5l6J
2DAfBgNVHSMEGDAWgBQ7RUBjvNWd1cgHZ62NnVhe5l6J2DAPBgNVHRMBAf8EBTAD
AQH/MA0GCSqGSIb3DQEBCwUAA4IBAQAHFqKiVUo5jgHDW9MBsk/L39aLiWwjdCpK
Hhko1KwFv6jOgXdFSHvvF3y5UTplefCZex+Qa1Qbyn7MpHlznXz9rDX4pHnIrG9+
qXwBCrGwI3GVIXJmqFPu+1wJRE/bdVSFbn++sXSpt51uPzvdO4HwMDsXokrcMiC/
vF2q4ZqmD9w9RceveIoF/gMNJrkWQ3mmRVwvrHQBTKDvw9dtDgn4rtInNgTYIwF4
XH1yNVaTwaGHRhyMBSq7b0EYmDjVuRoaupv2oA8V1jDsH4O+Lb5NDmjaHdnkK/4X
GQ0jmMbW1+j+COSYsXjjTmfsm1i+HrPYe+63v2Y/QuXCABL6aRMB
-----END CERTIFICATE-----
"""

    static let privateKeyPEM = """
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0W0TPpn/mQkXn
ukDZVhhrVFy8hQrP7o9U3SHUnuL2jZVoSQL3NGQ7FpumZA0EQCZ7P9OpWFaTWQWH
vUvv/YPOk7fvHadyL5gebvvZABjVnQ+7uPKVnry2edFvHzr3svAZfFlxQUU5pZf8
JQ3eDFyWHG+sTnlsYgI7uvulzzSOtpsh72VBTKWc3y7xL2EwBMhH3v5c+x9ax05y
gRB2MoSJUyH4NBNrOU7Ts/sPz3DjCktWBqt81oDGL/Nmevc2FdeU0G2QNysHwtRi
2JLxXM8oeMLQRj97PdTIccSkCWtUoE19Psx1StZs3efeOxU97ajQmz5uWetQKZmL
h1lyxwGXAgMBAAECggEANNt2zECoxUvw/tvoO4nu+C2uTBXVuGDbIuz4CD9Ulxuh
iQG028w//809asNxySgf3wkyuDPKk76IT2LcCYbMBVPnmS2gsGdgdrLiHpPXs2sn
fEXU2qK9/eCvz5hgiM2pbl6yO+38Isv0QhJ+APCwhdHprJ8HGQuUSfsf21Vhut0s
0S4ZIlzDXGN7j8AQ88reOx+d/uKUyB12qz+vtUSbEha720YQr0/j0MpzGLuEKqZS
RHH1tMj1KHI9BNTeZSkHfHqd2OY8/iYeLSxf6EI/cM/lGaOvkYRqfajAlZ/GcP2T
s9su5+DwZS6pQgaVvWMdKjujXS6Y0VG+HgV2XRYbKQKBgQDwsjaLyYdfVwubcNa8
u6B/iX2JHTtuG4MK7ITCy0KqqYAjpzrwUULe1/55pucp1KocXWFtLuaQqMjk+tYf
0vB7ERadiqKYEH3BY3H1nLdHNb8UkX/pibbiUS2vNXAgcWajecJUyOgwp037tJCK
lfad5sYVYJR8Bdn9hmSRzeVbkwKBgQC/0unoS9rKVEo6F0GWjhCUviSPAZqQTZ4/
RoK4vGgHh0W9LhEkanjofX+G1QGkm0O3CAzX9V/AU68k0yCvv35HxMfeqbTAHhuG
Z7BVUmDyXKRo2Z1O0sdPauuozMlNAowC8uFk03rVx357peBWphZv6XZLLVVlRLSe
wWtjZK9sbQKBgQDZj9yqAeFxFhcRy67uLZJndXmZRGkBn7CVYTCnel6qMEf48iHe
MzWEhCwq/egY8XdJ6EY2EJyryUS9ZNXDMkHYm5ubj0JkvRNOiHrrjVpE7ZnoF5RN
HgPHEaV/p4fQa3Bg95/mTytBPxjIGXBFNEQUehI2JHRSnl9qP94LxNY6LQKBgGt6
UXTGi6Ax+iTyQt2IW+H7Z6B41ZFk6/WoHDZF2kPdl0WYOiKdRYF+T6XMU09Xb2lu
KUQXR78LJGcNpJLUSH0N1K79hzjdpa55CmPD9G3XWock5u7zSplE3yWFGIT9mFVO
oNtNYtXFISlGl5v1Ez1BIfadP+utw0XwOatHDsNBAoGAFMLarlQ2fmdsCe+sl3sl
lELye7MkEEHAGiKZB/APTJpRxRhak70aMhY4Fg6wV2UmRt6eBX/FCX23rj3kHtds
JfyxzElHwN8t+A6wdjBgCBuBPYFMpOp1eZk8taQpfDogjbSz1ce2RkGazxgRET7t
kg6DqVwMQEn0Y4hZgcmAKyQ=
-----END PRIVATE KEY-----
"""

    /// The certificate's DER, decoded here from the PEM base64 independently of OpenSSL.
    static var certificateDER: [UInt8] {
        let body = certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return [UInt8](Data(base64Encoded: body)!)
    }
}
