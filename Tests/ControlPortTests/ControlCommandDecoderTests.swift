import TorCore
import ControlPort
import NIOCore
import Testing

@Suite struct ControlCommandDecoderTests {
    /// Feeds `text` one byte at a time and collects every command and error.
    func dripFeed(_ text: String) -> (commands: [ControlCommand], errors: [ControlPortError.Code]) {
        var decoder = ControlCommandDecoder()
        var buffer = ByteBuffer()
        var commands: [ControlCommand] = []
        var errors: [ControlPortError.Code] = []
        for byte in Array(text.utf8) {
            buffer.writeInteger(byte)
            while true {
                do {
                    guard let command = try decoder.decode(&buffer) else { break }
                    commands.append(command)
                } catch {
                    errors.append(error.code)
                    break
                }
            }
        }
        return (commands, errors)
    }

    @Test func singleLineCommandsWithCRLFAndBareLF() {
        let result = dripFeed("getinfo version\r\nPROTOCOLINFO 1\nQUIT\r\n")
        #expect(result.errors.isEmpty)
        #expect(result.commands == [
            ControlCommand(keyword: "GETINFO", arguments: "version"),
            ControlCommand(keyword: "PROTOCOLINFO", arguments: "1"),
            ControlCommand(keyword: "QUIT"),
        ])
    }

    @Test func incompleteLineNeedsMoreBytes() throws {
        var decoder = ControlCommandDecoder()
        var buffer = ByteBuffer(string: "GETINFO vers")
        #expect(try decoder.decode(&buffer) == nil)
        #expect(buffer.readableBytes == 12)
    }

    @Test func multiLineCommandIsDotUnstuffed() {
        let result = dripFeed("+LOADCONF\r\nSocksPort 9050\r\n..hidden\r\n\r\n.\r\nQUIT\r\n")
        #expect(result.errors.isEmpty)
        #expect(result.commands == [
            ControlCommand(keyword: "LOADCONF", data: "SocksPort 9050\n.hidden\n"),
            ControlCommand(keyword: "QUIT"),
        ])
    }

    @Test func multiLineArgumentsOnFirstLine() {
        let result = dripFeed("+POSTDESCRIPTOR purpose=general\nbody\n.\n")
        #expect(result.commands == [ControlCommand(keyword: "POSTDESCRIPTOR", arguments: "purpose=general", data: "body")])
    }

    @Test func badKeywordIsConsumedAndReported() {
        let result = dripFeed("GET/ x\r\nQUIT\r\n")
        #expect(result.errors == [.badKeyword])
        #expect(result.commands == [ControlCommand(keyword: "QUIT")])
    }

    @Test func emptyLineIsABadKeyword() {
        #expect(dripFeed("\r\n").errors == [.badKeyword])
    }

    @Test func overlongLineThrows() {
        var decoder = ControlCommandDecoder()
        var buffer = ByteBuffer(repeating: UInt8(ascii: "A"), count: ControlLimits.maximumLineLength + 2)
        #expect(throws: ControlPortError.self) { _ = try decoder.decode(&buffer) }
        do { _ = try decoder.decode(&buffer) } catch { #expect(error.code == .lineTooLong) }
    }

    @Test func overlongMultiLineBodyThrows() throws {
        var decoder = ControlCommandDecoder()
        let line = String(repeating: "x", count: 1000) + "\r\n"
        var buffer = ByteBuffer(string: "+LOADCONF\r\n" + String(repeating: line, count: ControlLimits.maximumDataLength / 1000 + 2))
        var code: ControlPortError.Code?
        do { _ = try decoder.decode(&buffer) } catch { code = error.code }
        #expect(code == .dataTooLong)
    }
}
