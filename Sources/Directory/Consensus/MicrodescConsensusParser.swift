/// Reads the sections of a microdesc consensus (dir-spec 3.4.1: preamble, authority section,
/// router status entries, footer with signatures) from its items.
struct MicrodescConsensusParser {
    var consensusMethod = 1
    var validAfter: Int64 = 0
    var freshUntil: Int64 = 0
    var validUntil: Int64 = 0
    var votingDelay = VotingDelay(voteSeconds: 0, distributionSeconds: 0)
    var clientVersions: [String]? = nil
    var serverVersions: [String]? = nil
    var knownFlags: [String] = []
    var protocols: [String: ProtocolVersions] = [:]
    var parameters: [String: Int32] = [:]
    var sharedRandomPrevious: SharedRandomValue? = nil
    var sharedRandomCurrent: SharedRandomValue? = nil
    var directorySources: [DirectorySource] = []
    var routers: [RouterStatus] = []
    var bandwidthWeights: [String: Int32] = [:]
    var signatures: [DirectorySignature] = []
    /// Bytes the signatures sign: through the space after the first "directory-signature".
    var signedRange: Range<Int> = 0..<0

    static let protocolKeywords = [
        "recommended-client-protocols", "recommended-relay-protocols",
        "required-client-protocols", "required-relay-protocols",
    ]

    static let headerRules = [
        KeywordRule("network-status-version", .exactlyOnce, position: .atStart, minimumArguments: 1),
        KeywordRule("vote-status", .exactlyOnce, minimumArguments: 1),
        KeywordRule("consensus-method", .atMostOnce, minimumArguments: 1, maximumArguments: 1),
        KeywordRule("valid-after", .exactlyOnce, minimumArguments: 2),
        KeywordRule("fresh-until", .exactlyOnce, minimumArguments: 2),
        KeywordRule("valid-until", .exactlyOnce, minimumArguments: 2),
        KeywordRule("voting-delay", .exactlyOnce, minimumArguments: 2),
        KeywordRule("client-versions", .atMostOnce),
        KeywordRule("server-versions", .atMostOnce),
        KeywordRule("package", .anyNumber),
        KeywordRule("known-flags", .exactlyOnce),
        KeywordRule("params", .atMostOnce),
        KeywordRule("shared-rand-previous-value", .atMostOnce, minimumArguments: 2),
        KeywordRule("shared-rand-current-value", .atMostOnce, minimumArguments: 2),
    ] + protocolKeywords.map { KeywordRule($0, .atMostOnce) }

    static let footerRules = [
        KeywordRule("directory-footer", .exactlyOnce, position: .atStart, maximumArguments: 0),
        KeywordRule("bandwidth-weights", .atMostOnce),
        KeywordRule("directory-signature", .onceOrMore, minimumArguments: 2, object: .required(labels: ["SIGNATURE"])),
    ]

    /// Each section's table refuses the keywords of the other sections.
    static let header = rules("consensus preamble", headerRules)
    static let authority = rules("consensus authority entry", DirectorySource.rules)
    static let router = rules("router status entry", RouterStatus.rules)
    static let footer = rules("consensus footer", footerRules)

    private static func rules(_ name: String, _ own: [KeywordRule]) -> DocumentRules {
        let all = [headerRules, DirectorySource.rules, RouterStatus.rules, footerRules].flatMap { $0 }
        let ownKeywords = Set(own.map(\.keyword))
        return DocumentRules(name, own, foreignKeywords: Set(all.map(\.keyword)).subtracting(ownKeywords))
    }

    init(_ bytes: [UInt8]) throws(DirectoryError) {
        let items = try DirectoryDocumentReader.items(in: bytes)
        let sectionKeywords: Set<String> = ["dir-source", "r", "directory-footer"]
        let headerEnd = items.firstIndex { sectionKeywords.contains($0.keyword) } ?? items.endIndex
        guard let footerStart = items.firstIndex(where: { $0.keyword == "directory-footer" }) else {
            throw .document(
                .itemMissing, "The consensus has no \"directory-footer\"; it was probably cut short",
                line: items.last?.lineNumber ?? 1, keyword: "directory-footer"
            )
        }
        try readHeader(Self.header.check(items[..<headerEnd]))
        let routerStart = items[headerEnd..<footerStart].firstIndex { $0.keyword == "r" } ?? footerStart
        for group in Self.groups(items[headerEnd..<routerStart], openedBy: "dir-source") {
            directorySources.append(try DirectorySource(section: Self.authority.check(group)))
        }
        guard !directorySources.isEmpty else {
            throw .document(
                .itemMissing, "The consensus names no authority (\"dir-source\")",
                line: items[routerStart].lineNumber, keyword: "dir-source"
            )
        }
        for group in Self.groups(items[routerStart..<footerStart], openedBy: "r") {
            let entry = try RouterStatus(section: Self.router.check(group))
            if let previous = routers.last, !previous.rsaIdentity.lexicographicallyPrecedes(entry.rsaIdentity) {
                throw .document(
                    .consensusRouterOrder,
                    "Router entries must be in ascending order of identity, without repeats",
                    line: entry.lineNumber, keyword: "r"
                )
            }
            routers.append(entry)
        }
        try readFooter(items[footerStart...], documentStart: items[0].byteRange.lowerBound)
    }

    /// Splits `items` into runs that each start at `keyword` (the first run starts at the
    /// first item, whatever it is, so a stray leading item is reported by the rule check).
    private static func groups(
        _ items: ArraySlice<DocumentItem>, openedBy keyword: String
    ) -> [ArraySlice<DocumentItem>] {
        var groups: [ArraySlice<DocumentItem>] = []
        var start = items.startIndex
        for index in items.indices.dropFirst() where items[index].keyword == keyword {
            groups.append(items[start..<index])
            start = index
        }
        if start < items.endIndex { groups.append(items[start...]) }
        return groups
    }

    private mutating func readHeader(_ section: DocumentSection) throws(DirectoryError) {
        let version = try section.required("network-status-version")
        guard version.arguments[0] == "3" else {
            throw .document(.consensusVersion, "Only network-status-version 3 is supported", at: version)
        }
        guard version.arguments.count >= 2, version.arguments[1] == "microdesc" else {
            throw .document(
                .consensusFlavor,
                "This is not a microdesc consensus; fetch /tor/status-vote/current/consensus-microdesc",
                at: version
            )
        }
        let status = try section.required("vote-status")
        guard status.arguments[0] == "consensus" else {
            throw .document(.consensusNotConsensus, "The document is a \(status.arguments[0]), not a consensus", at: status)
        }
        if let method = section.first("consensus-method") {
            consensusMethod = try method.integer(at: 0, as: Int.self, in: 1...Int(Int32.max))
        }
        validAfter = try section.required("valid-after").time(at: 0)
        freshUntil = try section.required("fresh-until").time(at: 0)
        let validUntilItem = try section.required("valid-until")
        validUntil = try validUntilItem.time(at: 0)
        guard validAfter <= freshUntil, freshUntil <= validUntil else {
            throw .document(
                .consensusTimes, "valid-after, fresh-until and valid-until must be in that order", at: validUntilItem
            )
        }
        let delay = try section.required("voting-delay")
        votingDelay = VotingDelay(
            voteSeconds: try delay.integer(at: 0, as: Int.self),
            distributionSeconds: try delay.integer(at: 1, as: Int.self)
        )
        clientVersions = section.first("client-versions").map(Self.versionList)
        serverVersions = section.first("server-versions").map(Self.versionList)
        knownFlags = try section.required("known-flags").arguments
        for keyword in Self.protocolKeywords {
            guard let line = section.first(keyword) else { continue }
            guard let versions = ProtocolVersions(arguments: line.arguments) else {
                throw line.malformed("\"\(keyword)\" is not a list of Name=versions entries (versions 0 to 63)")
            }
            protocols[keyword] = versions
        }
        parameters = try section.first("params")?.integerParameters(from: 0) ?? [:]
        sharedRandomPrevious = try section.first("shared-rand-previous-value").map(SharedRandomValue.init)
        sharedRandomCurrent = try section.first("shared-rand-current-value").map(SharedRandomValue.init)
    }

    private static func versionList(_ item: DocumentItem) -> [String] {
        item.arguments.joined().split(separator: ",").map(String.init)
    }

    private mutating func readFooter(
        _ items: ArraySlice<DocumentItem>, documentStart: Int
    ) throws(DirectoryError) {
        let section = try Self.footer.check(items)
        let signatureItems = section.all("directory-signature")
        let firstSignature = signatureItems[0]
        // Signatures end the document: anything after the first would be unsigned.
        for item in items where item.byteRange.lowerBound > firstSignature.byteRange.lowerBound
            && item.keyword != "directory-signature" {
            throw .document(.itemPosition, "Only signatures may follow the first \"directory-signature\"", at: item)
        }
        bandwidthWeights = try section.first("bandwidth-weights")?.integerParameters(from: 0) ?? [:]
        for item in signatureItems { signatures.append(try DirectorySignature(item: item)) }
        signedRange = documentStart..<(firstSignature.byteRange.lowerBound + "directory-signature ".utf8.count)
    }
}
