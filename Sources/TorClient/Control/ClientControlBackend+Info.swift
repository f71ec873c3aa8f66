import ControlPort
import TorCore

/// GETINFO (control-spec.txt §3.9). Where C tor answers a client with an error (relay-only
/// keys, GeoIP without data), this client answers the same code with a reason; the codes and
/// values below were observed on a tor 0.4.9.11 client.
extension ClientControlBackend {
    /// The value of one key ``ControlInfoCatalog`` lists.
    public func info(_ key: ControlInfoKey) async throws -> String {
        switch key {
        case .version: return client.version
        case .uptime: return String((await client.uptime()).components.seconds)
        case .bootstrapPhase: return ControlStatusFormatter.bootstrap(await client.bootstrapStatus())
        case .circuitEstablished:
            // C tor reports 1 once it could build a circuit.
            if await client.bootstrapStatus().progress >= 100 { return "1" }
            return (await client.circuits()).contains { $0.status == "BUILT" } ? "1" : "0"
        case .circuitStatus: return (await client.circuits()).map(ControlStatusFormatter.circuit).joined(separator: "\n")
        case .streamStatus: return (await client.streams()).map(ControlStatusFormatter.streamStatus).joined(separator: "\n")
        case .socksListeners: return ControlStatusFormatter.socksListeners(await client.socksListeners())
        case .controlListeners: return ControlStatusFormatter.socksListeners(await client.controlListeners())
        case .configFile: return await client.configurationFilePath()
        case .configText: return await client.configurationText()
        case .trafficRead: return String((await client.traffic()).read)
        case .trafficWritten: return String((await client.traffic()).written)
        case .resilienceBreakers: return (await client.breakers()).map(ControlStatusFormatter.breaker).joined(separator: "\n")
        case .torrcStatus: return ControlStatusFormatter.torrcStatus(await client.torrcStatus())
        case .processID: return ProcessFacts.processID
        case .processUserID: return ProcessFacts.userID
        case .processUser: return ProcessFacts.userName
        case .processDescriptorLimit: return ProcessFacts.descriptorLimit
        case .configNames: return ClientOptionValues.configurationNames
        case .infoNames: return ControlInfoCatalog.infoNames
        case .eventNames: return ControlEventKind.all.map(\.rawValue).joined(separator: " ")
        case .signalNames: return ControlSignal.all.map(\.rawValue).joined(separator: " ")
        case .featureNames: return ControlSessionStateMachine.features.joined(separator: " ")
        case .enoughDirectoryInfo: return await client.directory() == nil ? "0" : "1"
        case .versionCurrent: return Self.versionStatus(of: client.version, in: await client.directory())
        case .versionRecommended: return (await client.directory()?.clientVersions ?? []).joined(separator: ",")
        case .dormant: return "0"  // This client has no dormant mode: it is always active.
        case .networkLiveness: return await client.isNetworkLive() ? "up" : "down"
        case .channelStatus: return (await client.relayChannels()).map(ControlStatusFormatter.channelStatus).joined(separator: "\n")
        case .addressMappingsConfig: return (await client.addressMappings()).configuration.joined(separator: "\n")
        case .addressMappingsControl: return (await client.addressMappings()).controller.joined(separator: "\n")
        case .addressMappingsCache: return ""  // This client keeps no cache of exits' DNS answers.
        case .addressMappingsAll:
            let mappings = await client.addressMappings()
            return (mappings.configuration + mappings.controller).joined(separator: "\n")
        case .entryGuards: return (await client.entryGuards()).map(ControlStatusFormatter.guardStatus).joined(separator: "\n")
        case .networkStatusAll: return (await client.directory()).map(ControlStatusFormatter.networkStatuses) ?? ""
        case .microdescriptorsAll: return (await client.directory()).map(ControlStatusFormatter.microdescriptors) ?? ""
        case .accountingEnabled: return "0"  // A client has no AccountingMax.
        case .clientsSeen:
            // Bridge statistics: a C tor client answers this empty summary.
            return "TimeStarted=\"1970-01-01 00:00:00\" CountrySummary= IPVersions="
        case .reachabilitySucceeded: return "OR=1 DIR=1"  // C tor's answer when not a relay.
        case .reachabilitySucceededOR, .reachabilitySucceededDirectory: return "1"
        case .address, .addressIPv4, .addressIPv6:
            throw ControlPortError(.notSupported, kind: .badInput, "Address unknown: this client is not a relay and never learns its public address")
        case .fingerprint:
            throw ControlPortError(.notSupported, kind: .badInput, "Not running in server mode: a client has no relay fingerprint")
        case .exitPolicyFull:
            throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Not running in server mode: a client has no exit policy")
        case .geoIPv4Available, .geoIPv6Available: return "0"  // No GeoIP data is loaded.
        case .maximumMemoryInQueues:
            throw ControlPortError(
                .notSupported, kind: .badInput,
                "This client has no MaxMemInQueues limit on queued cells; its memory is bounded by per-circuit windows instead")
        default:
            return try await prefixed(key)
        }
    }

    /// The keys with an argument: `ns/id/`, `ns/name/`, `md/id/`, `md/name/`, `ip-to-country/`.
    private func prefixed(_ key: ControlInfoKey) async throws -> String {
        if let fingerprint = key.argument(after: ControlInfoKey.networkStatusByIDPrefix) {
            // C tor answers an empty value for a relay it does not list, and 552 for a malformed ID.
            guard Self.isFingerprint(fingerprint) else { throw unrecognized(key) }
            return (await client.directory())?.entry(fingerprint: fingerprint).map(ControlStatusFormatter.networkStatus) ?? ""
        }
        if let nickname = key.argument(after: ControlInfoKey.networkStatusByNamePrefix) {
            return (await client.directory())?.entry(nickname: nickname).map(ControlStatusFormatter.networkStatus) ?? ""
        }
        if let fingerprint = key.argument(after: ControlInfoKey.microdescriptorByIDPrefix) {
            // C tor answers 552 when it holds no microdescriptor for the relay.
            let directory = await client.directory()
            guard let entry = directory?.entry(fingerprint: fingerprint),
                  let descriptor = directory?.microdescriptors[entry.microdescriptorDigest] else { throw unrecognized(key) }
            return ControlStatusFormatter.microdescriptor(descriptor)
        }
        if let nickname = key.argument(after: ControlInfoKey.microdescriptorByNamePrefix) {
            let directory = await client.directory()
            guard let entry = directory?.entry(nickname: nickname),
                  let descriptor = directory?.microdescriptors[entry.microdescriptorDigest] else { throw unrecognized(key) }
            return ControlStatusFormatter.microdescriptor(descriptor)
        }
        if key.argument(after: ControlInfoKey.geoIPPrefix) != nil {
            throw ControlPortError(
                .notSupported, kind: .badInput, "GeoIP data not loaded: this client reads no GeoIPFile, so it cannot map addresses to countries")
        }
        throw unrecognized(key)
    }

    private func unrecognized(_ key: ControlInfoKey) -> ControlPortError {
        ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized key \"\(key)\"")
    }

    /// Exactly 40 hex digits (C tor answers 552 for `ns/id/$FP`, so no `$` here).
    static func isFingerprint(_ text: String) -> Bool {
        text.utf8.count == 40 && text.allSatisfy(\.isHexDigit)
    }

    /// `status/version/current`: `unknown` before a consensus, `none recommended` when it
    /// lists no client versions (both observed on a tor 0.4.9.11 client), else `recommended`
    /// when it lists the tor version we speak and `unrecommended` when not.
    static func versionStatus(of version: String, in directory: ControlledDirectory?) -> String {
        guard let directory else { return "unknown" }
        guard let listed = directory.clientVersions, !listed.isEmpty else { return "none recommended" }
        let ours = version.split(separator: " ").first.map(String.init) ?? version
        return listed.contains(ours) ? "recommended" : "unrecommended"
    }
}
