import Testing
@testable import TorCore

/// Booleans, integers, intervals, memory sizes and paths. Unit tables are tor 0.4.9's, read
/// back from `tor --dump-config` (intervals, sizes); `sec`, `min` and milliseconds on
/// second-valued options are this client's additions.
@Suite struct TorrcValueTests {
    private func entry(_ value: String) -> TorrcEntry {
        TorrcFixture.entry("Option", value, line: 4)
    }

    @Test func booleansAreZeroOrOne() throws {
        #expect(try TorrcValueParser.boolean(entry("1")) == true)
        #expect(try TorrcValueParser.boolean(entry("0")) == false)
    }

    @Test(arguments: ["true", "yes", "2", "auto", "01", " 1"])
    func otherBooleansAreRejected(_ value: String) {
        #expect(throws: TorCoreError.self) { try TorrcValueParser.boolean(entry(value)) }
        do {
            _ = try TorrcValueParser.boolean(entry(value))
        } catch let error as TorCoreError {
            #expect(error.code == .configBadBoolean)
            #expect(error.kind == .badInput)
            #expect(error.reason == "torrc:4: Option \"\(value)\": not a Boolean; use 1 (on) or 0 (off).")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func automaticBooleansAcceptAuto() throws {
        #expect(try TorrcValueParser.automaticBoolean(entry("auto")) == nil)
        #expect(try TorrcValueParser.automaticBoolean(entry("AUTO")) == nil)
        #expect(try TorrcValueParser.automaticBoolean(entry("1")) == true)
        #expect(try TorrcValueParser.automaticBoolean(entry("0")) == false)
        #expect(throws: TorCoreError.self) { try TorrcValueParser.automaticBoolean(entry("maybe")) }
    }

    @Test func integersWithinRange() throws {
        #expect(try TorrcValueParser.integer(entry("0"), in: 0...64) == 0)
        #expect(try TorrcValueParser.integer(entry("64"), in: 0...64) == 64)
    }

    @Test func integerErrorsSayWhatRangeToUse() {
        let cases: [(String, TorCoreError.Code)] = [
            ("65", .configOutOfRange), ("-1", .configBadInteger), ("1.5", .configBadInteger),
            ("ten", .configBadInteger), ("99999999999999999999999", .configOutOfRange),
        ]
        for (value, code) in cases {
            do {
                _ = try TorrcValueParser.integer(entry(value), in: 0...64)
                Issue.record("\(value) was accepted")
            } catch let error as TorCoreError {
                #expect(error.code == code, "\(value)")
                #expect(error.reason.hasSuffix("use a whole number from 0 to 64."))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test(arguments: [
        ("45", 45_000), ("1 second", 1_000), ("2 seconds", 2_000), ("3 sec", 3_000),
        ("1 minute", 60_000), ("10 minutes", 600_000), ("10 min", 600_000),
        ("1 hour", 3_600_000), ("2 hours", 7_200_000), ("1 day", 86_400_000), ("2 days", 172_800_000),
        ("1 week", 604_800_000), ("2 weeks", 1_209_600_000), ("1 month", 2_629_728_000), ("2 months", 5_259_456_000),
        ("250 msec", 250), ("1 millisecond", 1), ("1500 milliseconds", 1_500),
        ("10minutes", 600_000), ("10 MINUTES", 600_000), ("1.5 hours", 5_400_000), ("0", 0),
    ] as [(String, Int64)])
    func intervalUnits(_ text: String, _ milliseconds: Int64) {
        #expect(TorrcInterval.parse(text) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["", "minutes", "10 fortnights", "10 minutes extra", "-5", "1..5", ".5", "5.", "10 m", "1e3"])
    func malformedIntervals(_ text: String) {
        #expect(TorrcInterval.parse(text) == nil)
    }

    @Test func intervalsLongerThanCTorCanStoreAreRejected() {
        #expect(TorrcInterval.parse("2147483647") == .seconds(2_147_483_647))
        #expect(TorrcInterval.parse("2147483648") == nil)
    }

    @Test(arguments: [
        (Duration.seconds(600), "10 minutes"), (.seconds(90), "90 seconds"), (.milliseconds(1_500), "1500 msec"),
        (.seconds(3_600), "1 hour"), (.seconds(86_400 * 14), "2 weeks"), (.seconds(1), "1 second"), (.zero, "0 seconds"),
    ])
    func intervalsFormatInTheLargestExactUnit(_ duration: Duration, _ text: String) {
        #expect(TorrcInterval.format(duration) == text)
        #expect(TorrcInterval.parse(text) == duration)
    }

    @Test func intervalRangeErrorNamesTheRange() {
        do {
            _ = try TorrcValueParser.interval(entry("5 seconds"), in: .seconds(10) ... .seconds(30 * 86_400))
            Issue.record("5 seconds was accepted")
        } catch let error as TorCoreError {
            #expect(error.code == .configOutOfRange)
            #expect(error.reason == "torrc:4: Option \"5 seconds\": out of range; use an interval from 10 seconds to 30 days.")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: TorCoreError.self) { try TorrcValueParser.interval(entry("soon"), in: .zero ... .seconds(1)) }
    }

    @Test(arguments: [
        ("100", 100), ("1 b", 1), ("1 byte", 1), ("7 bytes", 7),
        ("1 KB", 1_024), ("1 kbyte", 1_024), ("2 KBytes", 2_048), ("1 kilobyte", 1_024), ("1 kilobytes", 1_024),
        ("1 kbit", 128), ("1 kbits", 128), ("1 KBits", 128), ("1 kilobit", 128), ("1 kilobits", 128),
        ("1 m", 1 << 20), ("1 MB", 1 << 20), ("1 mbyte", 1 << 20), ("1 MBytes", 1 << 20), ("1 megabyte", 1 << 20),
        ("1 megabytes", 1 << 20), ("1 mbit", 1 << 17), ("1 MBits", 1 << 17), ("1 megabit", 1 << 17), ("1 megabits", 1 << 17),
        ("1 GB", 1 << 30), ("1 gbyte", 1 << 30), ("1 GBytes", 1 << 30), ("1 gigabyte", 1 << 30), ("1 gigabytes", 1 << 30),
        ("1 gbit", 1 << 27), ("1 GBits", 1 << 27), ("1 gigabit", 1 << 27), ("1 gigabits", 1 << 27),
        ("1 TB", 1 << 40), ("1 tbyte", 1 << 40), ("1 TBytes", 1 << 40), ("1 terabyte", 1 << 40), ("1 terabytes", 1 << 40),
        ("1 tbit", 1 << 37), ("1 TBits", 1 << 37), ("1 terabit", 1 << 37), ("1 terabits", 1 << 37),
        ("1.5 MB", 1_572_864), ("1kb", 1_024),
    ] as [(String, UInt64)])
    func memorySizeUnits(_ text: String, _ bytes: UInt64) {
        #expect(TorrcMemorySize.parse(text) == bytes)
    }

    /// tor 0.4.9 rejects these one-letter and bit forms (only `m` exists).
    @Test(arguments: ["1 k", "1 g", "1 t", "1 bit", "1 bits", "MB", "1 MB MB", "-1 MB"])
    func malformedMemorySizes(_ text: String) {
        #expect(TorrcMemorySize.parse(text) == nil)
    }

    @Test func memorySizesFormatInTheLargestExactUnit() {
        #expect(TorrcMemorySize.format(512 << 20) == "512 MB")
        #expect(TorrcMemorySize.format(1_536 << 10) == "1536 KB")
        #expect(TorrcMemorySize.format(100) == "100 bytes")
        #expect(TorrcMemorySize.parse(TorrcMemorySize.format(3 << 40)) == 3 << 40)
    }

    @Test func pathsExpandTheHomeDirectory() throws {
        #expect(try TorrcValueParser.path(entry("~"), homeDirectory: "/home/u") == "/home/u")
        #expect(try TorrcValueParser.path(entry("~/.tor"), homeDirectory: "/home/u") == "/home/u/.tor")
        #expect(try TorrcValueParser.path(entry("~/.tor"), homeDirectory: "/home/u/") == "/home/u/.tor")
        #expect(try TorrcValueParser.path(entry("/var/lib/tor"), homeDirectory: "/home/u") == "/var/lib/tor")
        #expect(try TorrcValueParser.path(entry("relative/dir"), homeDirectory: "/home/u") == "relative/dir")
    }

    @Test func otherUsersHomeDirectoriesAreRefused() {
        do {
            _ = try TorrcValueParser.path(entry("~debian-tor/data"), homeDirectory: "/home/u")
            Issue.record("~user was accepted")
        } catch let error as TorCoreError {
            #expect(error.code == .configBadPath)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
