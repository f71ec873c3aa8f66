import TorCore

/// Microdescriptors as a directory serves them at /tor/micro/d/D1-D2-...: concatenated, each
/// starting at its "onion-key" line (dir-spec 3.3), or at "ntor-onion-key" for one without a
/// TAP key.
///
/// A meta-format error anywhere breaks the whole text, so it fails the batch; an error inside
/// one microdescriptor only rejects that one, which is kept in ``rejected`` with its digest so
/// a caller can note which download failed.
public struct MicrodescriptorBatch: Sendable {
    /// The microdescriptors that parsed, in text order.
    public let descriptors: [Microdescriptor]
    /// The microdescriptors that did not parse, in text order.
    public let rejected: [RejectedMicrodescriptor]

    /// Splits and parses a batch.
    public init(parsing bytes: [UInt8]) throws(DirectoryError) {
        let items = try DirectoryDocumentReader.items(in: bytes)
        var descriptors: [Microdescriptor] = []
        var rejected: [RejectedMicrodescriptor] = []
        for group in Self.split(items) {
            // Each microdescriptor runs from its first item to where the next one starts, so
            // its digest covers exactly the bytes its author hashed.
            let start = group.first!.byteRange.lowerBound
            let end = group.endIndex < items.endIndex ? items[group.endIndex].byteRange.lowerBound : bytes.count
            let text = Array(bytes[start..<end])
            do throws(DirectoryError) {
                descriptors.append(try Microdescriptor(items: group, bytes: text, lineNumber: group.first!.lineNumber))
            } catch {
                rejected.append(RejectedMicrodescriptor(text: text, error: error))
            }
        }
        self.descriptors = descriptors
        self.rejected = rejected
    }

    /// Runs of items, each one microdescriptor: a new one starts at every "onion-key", and at
    /// an "ntor-onion-key" unless it is the first ntor key after an "onion-key".
    static func split(_ items: [DocumentItem]) -> [ArraySlice<DocumentItem>] {
        var groups: [ArraySlice<DocumentItem>] = []
        var start = items.startIndex
        var hasNtorKey = false
        for index in items.indices {
            let keyword = items[index].keyword
            let startsNew = keyword == "onion-key" || (keyword == "ntor-onion-key" && hasNtorKey)
            if startsNew, index > start {
                groups.append(items[start..<index])
                start = index
                hasNtorKey = false
            }
            if keyword == "ntor-onion-key" { hasNtorKey = true }
        }
        if start < items.endIndex { groups.append(items[start...]) }
        return groups
    }
}

/// A microdescriptor of a batch that did not parse.
public struct RejectedMicrodescriptor: Sendable {
    /// Its digest, computed over its exact text as for a good one.
    public let digest: MicrodescriptorDigest
    /// Why it was rejected (the line numbers count from the start of the batch).
    public let error: DirectoryError

    init(text: [UInt8], error: DirectoryError) {
        self.digest = MicrodescriptorDigest(bytes: Digest.sha256(text))!
        self.error = error
    }
}

extension MicrodescriptorBatch {
    /// The batch's microdescriptors by digest, after checking each against the digests the
    /// caller asked for (normally from a verified consensus's "m" lines).
    ///
    /// - Throws: `dir.microdesc.unexpected` when any microdescriptor, good or rejected, has a
    ///   digest not in `expected`: the server sent something that was not asked for, or altered
    ///   what was. Digests asked for but absent are not an error; the caller compares
    ///   `expected` with the keys of the result.
    public func matched(
        against expected: Set<MicrodescriptorDigest>
    ) throws(DirectoryError) -> [MicrodescriptorDigest: Microdescriptor] {
        for digest in descriptors.map(\.digest) + rejected.map(\.digest) where !expected.contains(digest) {
            throw DirectoryError(
                .microdescriptorUnexpected, kind: .protocolViolation,
                "The directory sent a microdescriptor that was not requested (digest \(digest)); "
                    + "discard the response and fetch from another directory"
            )
        }
        var result: [MicrodescriptorDigest: Microdescriptor] = [:]
        for descriptor in descriptors { result[descriptor.digest] = descriptor }
        return result
    }
}

extension DirectoryError.Code {
    /// A fetched microdescriptor's digest was not among those requested.
    public static let microdescriptorUnexpected: Self = "dir.microdesc.unexpected"
}
