import NIOCore
import Testing
@testable import TorCore

@Suite struct IPAddressTests {
    @Test func ipv4TextRoundTrips() throws {
        let address = try #require(IPv4Address("192.0.2.255"))
        #expect(address.rawValue == 0xC000_02FF)
        #expect(address.bytes == [192, 0, 2, 255])
        #expect(address.description == "192.0.2.255")
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..3.4", "a.b.c.d", " 1.2.3.4", "1.2.3.-4"])
    func ipv4RejectsMalformedText(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    // RFC 5952 section 4 gives the canonical text of each of these.
    @Test(arguments: [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::", "fe80::"),
        ("::ffff:192.0.2.1", "::ffff:c000:201"),
        ("2001:DB8::AB:CD", "2001:db8::ab:cd"),
    ])
    func ipv6TextIsCanonicalised(_ input: String, _ canonical: String) throws {
        let address = try #require(IPv6Address(input))
        #expect(address.description == canonical)
        #expect(IPv6Address(canonical) == address)
    }

    @Test(arguments: ["", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::1",
                      "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", ":1:2:3:4:5:6:7", "[::1]"])
    func ipv6RejectsMalformedText(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func ipv6BytesRoundTrip() throws {
        let bytes = hex("20010DB8000000000000000000000001")
        let address = try #require(IPv6Address(bytes: bytes))
        #expect(address.bytes == bytes)
        #expect(address.groups == [0x2001, 0xDB8, 0, 0, 0, 0, 0, 1])
        var buffer = ByteBuffer()
        address.write(into: &buffer)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(IPv6Address(bytes: bytes.dropLast()) == nil)
    }

    @Test func ipAddressPicksTheFamily() {
        #expect(IPAddress("127.0.0.1") == .v4(IPv4Address(127, 0, 0, 1)))
        #expect(IPAddress("::1") == .v6(IPv6Address(high: 0, low: 1)))
        #expect(IPAddress("localhost") == nil)
    }
}
