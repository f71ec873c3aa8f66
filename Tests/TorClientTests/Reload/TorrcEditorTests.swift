import ControlPort
import Testing
import TorCore
@testable import TorClient

@Suite struct TorrcEditorTests {
    @Test func setReplacesEveryLineOfTheOptionAndKeepsTheRest() throws {
        let text = "# client\nSocksPort 9050\nsocksport 9150\nLogLevel info\n\n"
        let edited = try TorrcEditor.applying(
            [ControlConfigurationChange(name: "SOCKSPORT", operation: .set("127.0.0.1:9250"))], to: text)
        #expect(edited == "# client\nLogLevel info\nSocksPort 127.0.0.1:9250\n")
    }

    @Test func listOptionGetsOneLinePerValue() throws {
        let edited = try TorrcEditor.applying([
            ControlConfigurationChange(name: "Log", operation: .set("notice stdout")),
            ControlConfigurationChange(name: "Log", operation: .set("debug file /tmp/debug.log")),
        ], to: "Log err stderr\n")
        #expect(edited == "Log notice stdout\nLog debug file /tmp/debug.log\n")
    }

    @Test func continuationLinesGoWithTheirEntry() throws {
        let text = "Log notice \\\n  stdout\nCircuitPoolMinSize 2 \\\n\nDataDirectory /var/lib/tor\n"
        let cleared = try TorrcEditor.applying([ControlConfigurationChange(name: "Log", operation: .clear)], to: text)
        #expect(cleared == "CircuitPoolMinSize 2 \\\n\nDataDirectory /var/lib/tor\n")
        let reset = try TorrcEditor.applying([ControlConfigurationChange(name: "CircuitPoolMinSize", operation: .reset)], to: text)
        #expect(reset == "Log notice \\\n  stdout\nDataDirectory /var/lib/tor\n")
    }

    @Test func anEmptyValueUnsetsTheOption() throws {
        let edited = try TorrcEditor.applying(
            [ControlConfigurationChange(name: "ExitNodes", operation: .set("")),
             ControlConfigurationChange(name: "ExcludeNodes", operation: .set("relay1"))],
            to: "ExitNodes relay2\nExitNodes relay3\nSocksPort 9100\n")
        #expect(edited == "SocksPort 9100\nExcludeNodes relay1\n")
    }

    @Test func commentedOutLinesAreNotOptions() throws {
        let edited = try TorrcEditor.applying(
            [ControlConfigurationChange(name: "LogLevel", operation: .set("debug"))], to: "# LogLevel notice\n")
        #expect(edited == "# LogLevel notice\nLogLevel debug\n")
    }

    @Test func valueWithALineBreakIsRefused() {
        #expect {
            try TorrcEditor.applying(
                [ControlConfigurationChange(name: "LogLevel", operation: .set("debug\nDataDirectory /tmp"))], to: "")
        } throws: { error in
            (error as? TorClientError)?.code == .reloadBadValue
        }
    }
}
