import Testing
@testable import Directory

@Suite("Directory value formats")
struct ValueFormatTests {
    /// RFC 4648 section 10 test vectors.
    static let base64Vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func base64MatchesRFC4648PaddedAndUnpadded() {
        for (plain, encoded) in Self.base64Vectors {
            let bytes = Array(plain.utf8)
            #expect(DirectoryBase64.encode(bytes, padded: true) == encoded)
            #expect(DirectoryBase64.decode(encoded) == bytes)
            let unpadded = String(encoded.prefix { $0 != "=" })
            #expect(DirectoryBase64.encode(bytes, padded: false) == unpadded)
            #expect(DirectoryBase64.decode(unpadded) == bytes)
        }
    }

    @Test(arguments: ["Zg=", "Zg===", "Z", "Zm9vY", "Zm9v!", "Zm=v", "=Zm9", "Zm9v\n"])
    func base64RefusesMalformedText(_ text: String) {
        #expect(DirectoryBase64.decode(text) == nil)
    }

    @Test func hexRoundTripsAndRefusesOddOrForeignDigits() {
        #expect(DirectoryHex.decode("00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
        #expect(DirectoryHex.encode([0x00, 0xFF, 0x7F, 0xA0]) == "00FF7FA0")
        #expect(DirectoryHex.decode("abc") == nil)
        #expect(DirectoryHex.decode("zz") == nil)
    }

    /// Expected values from Python's calendar.timegm.
    @Test func timesMatchAnIndependentCalendar() {
        #expect(DirectoryTime.unixSeconds(date: "1970-01-01", time: "00:00:00") == 0)
        #expect(DirectoryTime.unixSeconds(date: "2026-11-23", time: "02:17:58") == 1_795_400_278)
        #expect(DirectoryTime.unixSeconds(date: "2038-01-01", time: "00:00:00") == 2_145_916_800)
        #expect(DirectoryTime.unixSeconds(date: "2024-02-29", time: "23:59:59") == 1_709_251_199)
        #expect(DirectoryTime.unixSeconds(date: "2000-03-01", time: "00:00:00") == 951_868_800)
        for seconds: Int64 in [0, 951_868_800, 1_709_251_199, 1_795_400_278, 2_145_916_800, 4_102_444_800] {
            let parts = DirectoryTime.format(seconds).split(separator: " ").map(String.init)
            #expect(DirectoryTime.unixSeconds(date: parts[0], time: parts[1]) == seconds)
        }
        #expect(DirectoryTime.format(1_795_400_278) == "2026-11-23 02:17:58")
    }

    @Test(arguments: [
        ("2023-02-29", "00:00:00"), ("1900-02-29", "00:00:00"), ("1969-12-31", "23:59:59"),
        ("2026-00-10", "00:00:00"), ("2026-04-31", "00:00:00"), ("2026-1-01", "00:00:00"),
        ("2026-01-01", "24:00:00"), ("2026-01-01", "00:60:00"), ("2026-01-01", "00:00:61"),
        ("2026/01/01", "00:00:00"), ("2026-01-01", "0:00:00"), ("+026-01-01", "00:00:00"),
    ])
    func timesRefuseImpossibleOrMisshapenValues(date: String, time: String) {
        #expect(DirectoryTime.unixSeconds(date: date, time: time) == nil)
    }

    @Test func protocolVersionsRoundTrip() throws {
        let line = "Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 Link=3-5 Microdesc=1-3 Padding=2 Relay=2-6 X=1,3,5-7 Empty="
        let versions = try #require(ProtocolVersions(arguments: line.split(separator: " ").map(String.init)))
        #expect(versions.description == line)
        #expect(versions.supports("X", version: 6) && !versions.supports("X", version: 4))
        #expect(versions.ranges(of: "Empty") == [])
        #expect(!versions.supports("Absent", version: 1))
    }

    @Test(arguments: ["Link", "Link=5-4", "Link=64", "=1", "Link=1,,2", "Link=-1", "Link=1-2-3", "Li!nk=1"])
    func protocolVersionsRefuseMalformedEntries(_ entry: String) {
        #expect(ProtocolVersions(arguments: [entry]) == nil)
    }

    @Test func protocolVersionsRefuseARepeatedName() {
        #expect(ProtocolVersions(arguments: ["Link=4", "Link=5"]) == nil)
    }

    @Test func portPolicySummariesRoundTripAndAnswer() throws {
        let accept = try #require(PortPolicySummary(action: "accept", portList: "80,443,1000-2000"))
        #expect(accept.description == "accept 80,443,1000-2000")
        #expect(accept.allows(port: 80) && accept.allows(port: 1000) && accept.allows(port: 2000))
        #expect(!accept.allows(port: 81) && !accept.allows(port: 999) && !accept.allows(port: 2001))
        let reject = try #require(PortPolicySummary(action: "reject", portList: "25,119"))
        #expect(!reject.allows(port: 25) && reject.allows(port: 26))
        #expect(PortPolicySummary.rejectAll.description == "reject 1-65535")
        #expect(!PortPolicySummary.rejectAll.allows(port: 65535))
    }
}
