import TorCore
import Testing
@testable import Directory

@Suite("Directory document reader (dir-spec 1.2)")
struct DirectoryDocumentReaderTests {
    static let sample = """
        first-item a b\tc
        second

        third-item x
        -----BEGIN ID SIGNATURE-----
        Zm9vYmFy
        Zm9v
        -----END ID SIGNATURE-----
        last 1\n
        """

    @Test func readsKeywordsArgumentsObjectsAndPositions() throws {
        let bytes = Array(Self.sample.utf8)
        let items = try DirectoryDocumentReader.items(in: bytes)
        #expect(items.map(\.keyword) == ["first-item", "second", "third-item", "last"])
        #expect(items[0].arguments == ["a", "b", "c"])
        #expect(items[1].arguments == [])
        #expect(items.map(\.lineNumber) == [1, 2, 4, 9])
        let object = try #require(items[2].object)
        #expect(object.label == "ID SIGNATURE")
        #expect(object.bytes == Array("foobarfoo".utf8))
        #expect(object.lineNumber == 5)
        #expect(items[0].object == nil)
        // Byte ranges cut out exactly each item's text, object included.
        #expect(String(decoding: bytes[items[1].byteRange], as: UTF8.self) == "second\n")
        let third = String(decoding: bytes[items[2].byteRange], as: UTF8.self)
        #expect(third.hasPrefix("third-item x\n-----BEGIN") && third.hasSuffix("-----END ID SIGNATURE-----\n"))
        #expect(String(decoding: bytes[items[2].byteRange.lowerBound..<items[2].keywordLineEnd], as: UTF8.self)
            == "third-item x\n")
    }

    /// Decode, then re-encode: the items' byte ranges tile every real document exactly.
    @Test(arguments: ["consensus-microdesc", "keys-all", "microdescriptors"])
    func itemRangesTileRealDocuments(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        let items = try DirectoryDocumentReader.items(in: bytes)
        #expect(items.count > 10)
        var rebuilt: [UInt8] = []
        for item in items { rebuilt += bytes[item.byteRange] }
        #expect(rebuilt == bytes)
    }

    @Test func realConsensusItemsAreWhereTheTextPutsThem() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let items = try DirectoryDocumentReader.items(in: Array(text.utf8))
        let signatures = items.filter { $0.keyword == "directory-signature" }
        #expect(signatures.count == 3)
        #expect(signatures.allSatisfy { $0.object?.label == "SIGNATURE" && $0.object?.bytes.count == 256 })
        #expect(signatures[0].lineNumber == lineNumber(of: "directory-signature", in: text))
        #expect(items.first { $0.keyword == "client-versions" }?.arguments == [])
    }

    /// A document fed in ever longer prefixes, one byte more each time, as if it were still
    /// arriving: a prefix that ends between items reads as exactly those items; any other
    /// prefix is reported as cut short, never misread and never a trap. (A prefix that ends
    /// right before an object reads its keyword line as an item without one: the tokenizer
    /// works on complete documents, and the rule tables then demand the missing object.)
    @Test func everyPrefixReadsAsItsCompleteItemsOrIsReportedCutShort() throws {
        let bytes = Array(Self.sample.utf8)
        let full = try DirectoryDocumentReader.items(in: bytes)
        let boundaries = Set(full.map(\.byteRange.upperBound)).union([0, full[1].byteRange.upperBound + 1])
        let beforeObject = full[2].keywordLineEnd
        var completeCount = 0
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            do throws(DirectoryError) {
                let items = try DirectoryDocumentReader.items(in: prefix)
                completeCount += 1
                if length == beforeObject {
                    #expect(items.count == 3 && items[2].object == nil)
                    #expect(Array(items.prefix(2)) == Array(full.prefix(2)))
                } else {
                    #expect(boundaries.contains(length), "prefix of \(length) bytes read as complete")
                    #expect(items == Array(full.prefix(items.count)))
                }
            } catch {
                #expect(!boundaries.contains(length), "prefix of \(length) bytes failed: \(error)")
                #expect([DirectoryError.Code.lineUnterminated, .objectUnterminated].contains(error.code), "\(error)")
            }
        }
        #expect(completeCount == boundaries.count + 1)
    }

    @Test func nextItemLeavesTheReaderInPlaceOnError() throws {
        var reader = DirectoryDocumentReader(Array("good 1\nbad\u{1}\n".utf8))
        #expect(try reader.nextItem()?.keyword == "good")
        #expect(throws: DirectoryError.self) { try reader.nextItem() }
        #expect(throws: DirectoryError.self) { try reader.nextItem() }
    }

    @Test func emptyDocumentHasNoItems() throws {
        #expect(try DirectoryDocumentReader.items(in: []).isEmpty)
        #expect(try DirectoryDocumentReader.items(in: Array("\n\n".utf8)).isEmpty)
    }
}
