import NIOCore

/// The data of a RELAY_RESOLVED message: the exit's answers to a RESOLVE (tor-spec 6.4).
///
/// Zero or more answers back to back, each complete; a partial answer is malformed. An error
/// answer should come alone (tor-spec 6.4); that is left to the caller to judge.
public struct ResolvedMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.resolved

    /// The answers, in the order sent; IPv4 ones come first (tor-spec 6.4).
    public var answers: [ResolvedAnswer]

    /// A RESOLVED carrying `answers`.
    public init(answers: [ResolvedAnswer]) { self.answers = answers }

    public init(data: ByteBuffer) throws {
        var data = data
        var answers: [ResolvedAnswer] = []
        while data.readableBytes > 0 {
            answers.append(try ResolvedAnswer.read(from: &data, index: answers.count))
        }
        self.answers = answers
    }

    public func encode(into data: inout ByteBuffer) throws {
        try data.writeAllOrNothing { data in
            for answer in answers {
                try answer.write(into: &data)
            }
        }
    }
}
