/// "Did you mean ...?" for a misspelt option name.
enum OptionSuggestion {
    /// The most edits a suggestion may be away from what was typed.
    static let maximumDistance = 2

    /// The candidate closest to `keyword` (case-insensitively) within ``maximumDistance`` edits,
    /// or nil. Ties go to the earlier candidate.
    static func closest(to keyword: String, among candidates: [String]) -> String? {
        let typed = Array(keyword.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars))
            if distance <= maximumDistance, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions each cost 1.
    static func editDistance(_ first: [Unicode.Scalar], _ second: [Unicode.Scalar]) -> Int {
        guard !first.isEmpty else { return second.count }
        guard !second.isEmpty else { return first.count }
        var previous = Array(0...second.count)
        var current = [Int](repeating: 0, count: second.count + 1)
        for (row, letter) in first.enumerated() {
            current[0] = row + 1
            for column in 1...second.count {
                let substitution = previous[column - 1] + (letter == second[column - 1] ? 0 : 1)
                current[column] = min(substitution, previous[column] + 1, current[column - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[second.count]
    }
}
