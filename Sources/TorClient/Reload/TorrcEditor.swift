import ControlPort
import TorCore

/// Rewrites torrc text for SETCONF and RESETCONF (control-spec.txt §3.1, §3.2): the lines of
/// each changed option are removed (with their backslash continuations) and the new values
/// appended, so comments and every other line survive into SAVECONF.
///
/// Pure text work; the result is validated by parsing it whole, like any reload.
public enum TorrcEditor {
    /// `text` with `changes` applied. `.set` values of one name become one line each (a list
    /// option gets all of them, an empty value none); `.clear` and `.reset` leave the option unset, which is its
    /// default in this client. Throws `reload.badValue` for a value with a line break.
    public static func applying(_ changes: [ControlConfigurationChange], to text: String) throws -> String {
        let names = Set(changes.map { $0.name.lowercased() })
        var kept: [Substring] = []
        var isRemoving = false
        var continues = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if continues {
                // A continuation belongs to the entry above: kept or removed with it.
                if !isRemoving { kept.append(line) }
                continues = line.hasSuffix("\\")
                continue
            }
            let keyword = keyword(of: line)
            isRemoving = keyword.map { names.contains($0.lowercased()) } ?? false
            if !isRemoving { kept.append(line) }
            continues = keyword != nil && line.hasSuffix("\\")
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        var lines = kept.map(String.init)
        for change in changes {
            // An empty value unsets the option, as `SETCONF ExitNodes=` does in C tor; a line
            // with no value would only be skipped with a warning.
            guard case .set(let value) = change.operation, !value.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            guard !value.contains(where: \.isNewline) else {
                throw TorClientError(
                    .reloadBadValue, kind: .badInput,
                    "\(change.name): a value cannot contain a line break; give one value per change")
            }
            lines.append("\(TorConfiguration.canonicalOptionName(change.name) ?? change.name) \(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The keyword a line starts, or nil for a blank or comment line.
    private static func keyword(of line: Substring) -> Substring? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let first = trimmed.first, first != "#" else { return nil }
        return trimmed.prefix(while: { !$0.isWhitespace })
    }
}
