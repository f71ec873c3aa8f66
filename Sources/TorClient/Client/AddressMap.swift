import ControlPort
import Synchronization
import TorCore

/// Where SOCKS requests really go: the torrc's `MapAddress` lines and the control port's
/// MAPADDRESS (control-spec §3.8), looked up once per SOCKS request, never per cell.
///
/// A controller's mapping wins over the torrc's; exact names win over `*.domain` patterns; a
/// mapped address is looked up again (at most ``maximumRewrites`` times), as C tor follows
/// chains. Controller mappings last until the client exits, as in C tor. MAPADDRESS with a null
/// original (`0.0.0.0`, `.`) gets a virtual address from 127.192.0.0/10 (C tor's default
/// VirtualAddrNetworkIPv4) or a `.virtual` name; asking again for the same replacement gives
/// the same address back.
public final class AddressMap: Sendable {
    /// The most rewrites one lookup follows (C tor's limit), so a loop cannot spin.
    public static let maximumRewrites = 16
    /// C tor's default VirtualAddrNetworkIPv4, 127.192.0.0/10.
    static let virtualNetwork = (base: IPv4Address(127, 192, 0, 0).rawValue, prefixLength: 10)

    private struct State {
        var exact: [String: String] = [:]
        var wildcards: [(suffix: String, to: String)] = []
        var controller: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// A map holding `mappings` (the torrc's).
    public init(_ mappings: [AddressMapping] = []) {
        replaceTorrcMappings(mappings)
    }

    /// The torrc's mappings after a reload; the controller's stay.
    public func replaceTorrcMappings(_ mappings: [AddressMapping]) {
        var exact: [String: String] = [:]
        var wildcards: [(suffix: String, to: String)] = []
        for mapping in mappings {
            if mapping.isWildcard {
                wildcards.append((String(mapping.from.dropFirst(2)), mapping.to))
            } else {
                exact[mapping.from] = mapping.to
            }
        }
        state.withLock {
            $0.exact = exact
            $0.wildcards = wildcards
        }
    }

    /// The address a request for `address` goes to (itself when nothing maps it).
    public func rewrite(_ address: String) -> String {
        state.withLock { state in
            var current = address.lowercased()
            for _ in 0..<Self.maximumRewrites {
                guard let next = Self.lookUp(current, in: state), next != current else { break }
                current = next
            }
            return current == address.lowercased() ? address : current
        }
    }

    /// MAPADDRESS: applies every pair, or none when one is malformed; returns the pairs as
    /// applied (a null original replaced by the address chosen for it), in order.
    ///
    /// - Throws: ``TorClientError`` `controlBadArgument` (reply 512) naming the first bad address.
    public func map(_ pairs: [ControlAddressMapping]) throws -> [ControlAddressMapping] {
        for pair in pairs {
            for address in Self.isNull(pair.from) ? [pair.to] : [pair.from, pair.to] where !AddressMapping.isValidAddress(address) {
                throw TorClientError(.controlBadArgument, kind: .badInput, "syntax error: invalid address '\(address)'")
            }
            if pair.from == "::0" || pair.from == "::" {
                throw TorClientError(
                    .controlBadArgument, kind: .badInput,
                    "syntax error: IPv6 virtual addresses are not supported by this client; use 0.0.0.0 or .")
            }
        }
        return state.withLock { state in
            pairs.map { pair in
                let to = pair.to.lowercased()
                var from = pair.from.lowercased()
                if Self.isNull(from) {
                    from = state.controller.first { $0.value == to && Self.isVirtual($0.key, like: from) }?.key
                        ?? Self.newVirtualAddress(like: from, avoiding: state.controller)
                }
                // C tor: mapping an address to itself removes its mapping.
                state.controller[from] = from == to ? nil : to
                return ControlAddressMapping(from: from, to: to)
            }
        }
    }

    /// The controller's mappings as GETINFO address-mappings/control lists them (`from to NEVER`).
    public var controllerMappings: [String] {
        state.withLock { $0.controller.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) NEVER" } }
    }

    private static func lookUp(_ address: String, in state: State) -> String? {
        if let mapped = state.controller[address] ?? state.exact[address] { return mapped }
        for (suffix, to) in state.wildcards where address == suffix || address.hasSuffix("." + suffix) {
            guard to.hasPrefix("*.") else { return to }
            let prefix = address.dropLast(suffix.utf8.count)
            return String(prefix) + String(to.dropFirst(2))
        }
        return nil
    }

    private static func isNull(_ address: String) -> Bool {
        address == "0.0.0.0" || address == "." || address == "::0" || address == "::"
    }

    private static func isVirtual(_ address: String, like null: String) -> Bool {
        null == "." ? address.hasSuffix(".virtual") : IPv4Address(address).map(isInVirtualNetwork) ?? false
    }

    private static func isInVirtualNetwork(_ address: IPv4Address) -> Bool {
        address.rawValue >> UInt32(32 - virtualNetwork.prefixLength) == virtualNetwork.base >> UInt32(32 - virtualNetwork.prefixLength)
    }

    /// A fresh address for a null original: IPv4 from the virtual network, else a random
    /// 16-letter `.virtual` name (C tor's form). Draws are bounded: with 4 million addresses
    /// a clash is rare, and the last draw is used if every one clashed.
    private static func newVirtualAddress(like null: String, avoiding used: [String: String]) -> String {
        var generator = SystemRandomNumberGenerator()
        var candidate = ""
        for _ in 0..<64 {
            if null == "." {
                let letters = Array("abcdefghijklmnopqrstuvwxyz234567")
                candidate = String((0..<16).map { _ in letters[Int(generator.next(upperBound: UInt32(letters.count)))] }) + ".virtual"
            } else {
                let hostBits = UInt32(32 - virtualNetwork.prefixLength)
                // Neither the network's first nor its last address.
                let host = 1 + generator.next(upperBound: (UInt32(1) << hostBits) - 2)
                candidate = IPv4Address(rawValue: virtualNetwork.base | host).description
            }
            if used[candidate] == nil { break }
        }
        return candidate
    }
}
