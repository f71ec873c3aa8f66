/// Reading a torrc into a ``TorConfiguration``.
extension TorConfiguration {
    /// Parses and validates torrc text, collecting every problem rather than stopping at the first.
    ///
    /// `~` expands to the current user's home directory (``ConfigurationEnvironment``).
    /// - Returns: the configuration and the warnings, in line order.
    /// - Throws: ``ConfigurationProblems`` listing every error (and the warnings found).
    public static func parse(text: String, fileName: String) throws -> (TorConfiguration, [ConfigurationWarning]) {
        try parse(text: text, fileName: fileName, homeDirectory: ConfigurationEnvironment.homeDirectory)
    }

    /// Parses torrc text with `~` expanding to `homeDirectory` (pure: no file or environment access).
    public static func parse(
        text: String, fileName: String, homeDirectory: String
    ) throws -> (TorConfiguration, [ConfigurationWarning]) {
        let (entries, syntaxErrors) = TorrcLexer.entries(in: text, fileName: fileName)
        var errors = syntaxErrors
        var builder = ConfigurationBuilder(homeDirectory: homeDirectory)

        var accepted: [(TorrcOption, TorrcEntry)] = []
        for var entry in entries {
            guard let option = resolve(&entry, warnings: &builder.warnings, errors: &errors) else { continue }
            if entry.value.isEmpty {
                switch option.multiplicity {
                case .single:
                    errors.append((entry.line, TorCoreError(
                        .configMissingValue, kind: .badInput,
                        "\(entry.location): \(option.name) has no value; give it a value or remove the line.")))
                case .list:
                    builder.warnings.append(entry.warning("\(option.name) has no value; the line is skipped."))
                }
                continue
            }
            accepted.append((option, entry))
        }
        warnAboutRepeats(accepted, warnings: &builder.warnings)

        for (option, entry) in accepted {
            do {
                try option.apply(&builder, entry)
                builder.lastEntry[option.name] = entry
            } catch let error as TorCoreError {
                errors.append((entry.line, error))
            } catch {
                errors.append((entry.line, TorCoreError(.configSyntax, kind: .internalFailure, "\(entry.location): \(error)")))
            }
        }
        ConfigurationValidator.finish(&builder, errors: &errors)

        let warnings = builder.warnings.sortedByLine()
        guard errors.isEmpty else {
            throw ConfigurationProblems(errors: sortedByTorrcLine(errors), warnings: warnings)
        }
        return (builder.configuration, warnings)
    }

    /// Reads and parses the torrc at `path`; the path as given names the file in messages.
    /// - Throws: ``ConfigurationProblems`` (code `config.unreadable` when the file cannot be read).
    public static func load(path: String) throws -> (TorConfiguration, [ConfigurationWarning]) {
        try load(path: path, homeDirectory: ConfigurationEnvironment.homeDirectory)
    }

    /// Reads and parses the torrc at `path` with `~` expanding to `homeDirectory`.
    public static func load(path: String, homeDirectory: String) throws -> (TorConfiguration, [ConfigurationWarning]) {
        let text: String
        do {
            text = try TorrcFile.readText(path: path)
        } catch let error as TorCoreError {
            throw ConfigurationProblems(errors: [error], warnings: [])
        }
        return try parse(text: text, fileName: path, homeDirectory: homeDirectory)
    }

    /// Matches the keyword to an option and rewrites it to the canonical spelling; nil (with a
    /// warning or an error recorded) when the line is not for an implemented option.
    private static func resolve(
        _ entry: inout TorrcEntry, warnings: inout [ConfigurationWarning], errors: inout [(line: Int, error: TorCoreError)]
    ) -> TorrcOption? {
        if let option = TorrcOptionTable.option(named: entry.keyword) {
            entry.keyword = option.name
            return option
        }
        let keyword = entry.keyword
        if keyword.lowercased() == "%include" {
            errors.append((entry.line, TorCoreError(
                .configUnsupported, kind: .badInput,
                "\(entry.location): %include is not supported by this client; copy the included options into this file.")))
        } else if let first = keyword.first, first == "+" || first == "/",
                  let option = TorrcOptionTable.option(named: String(keyword.dropFirst())) {
            errors.append((entry.line, TorCoreError(
                .configUnsupported, kind: .badInput,
                "\(entry.location): \"\(keyword)\": C tor's \"+\" and \"/\" prefixes are not supported; write \(option.name) without it (repeated list options already add up).")))
        } else if let known = KnownTorOptions.canonicalName(of: keyword) {
            warnings.append(entry.warning("\(known) is a C tor option this client does not support yet; it is ignored."))
        } else if let suggestion = OptionSuggestion.closest(to: keyword, among: TorrcOptionTable.names) {
            errors.append((entry.line, TorCoreError(
                .configUnknownOption, kind: .badInput,
                "\(entry.location): unknown option \"\(keyword)\"; did you mean \"\(suggestion)\"?")))
        } else {
            errors.append((entry.line, TorCoreError(
                .configUnknownOption, kind: .badInput,
                "\(entry.location): unknown option \"\(keyword)\"; check the spelling against torrc.example, or remove the line.")))
        }
        return nil
    }

    /// One warning per single-valued option set more than once, on the line whose value wins.
    private static func warnAboutRepeats(_ accepted: [(TorrcOption, TorrcEntry)], warnings: inout [ConfigurationWarning]) {
        var lines: [String: [Int]] = [:]
        var order: [String] = []
        for (option, entry) in accepted where option.multiplicity == .single {
            if lines[option.name] == nil { order.append(option.name) }
            lines[option.name, default: []].append(entry.line)
        }
        for name in order {
            guard let found = lines[name], found.count > 1, let last = found.last, let fileName = accepted.first?.1.fileName
            else { continue }
            let earlier = found.dropLast().map(String.init).joined(separator: ", ")
            let noun = found.count == 2 ? "line" : "lines"
            warnings.append(ConfigurationWarning(
                fileName: fileName, line: last,
                message: "\(name) is set more than once (also on \(noun) \(earlier)); only this last value is used."))
        }
    }
}

extension Array where Element == ConfigurationWarning {
    fileprivate func sortedByLine() -> [ConfigurationWarning] {
        enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}

/// The errors, stably sorted by torrc line.
private func sortedByTorrcLine(_ errors: [(line: Int, error: TorCoreError)]) -> [TorCoreError] {
    errors.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element.error)
}

extension TorConfiguration {
    /// The canonical spelling of an option this client implements (`circuitpoolminsize` ->
    /// `CircuitPoolMinSize`), or nil; for tools that write torrc lines (SETCONF, SAVECONF).
    public static func canonicalOptionName(_ name: String) -> String? {
        TorrcOptionTable.option(named: name)?.name
    }
}
