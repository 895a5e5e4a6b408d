import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The names and addresses a request's `Host` may give (anything else is a DNS rebinding
/// or a misdirected request): the address the server was started for, the loopback names
/// when it listens on loopback, every address of the machine's interfaces and its host name
/// when it listens on all of them, and the names given with `--allowed-host`. The port is
/// not compared: a foreign name is what betrays a rebinding.
struct HostAllowList: Sendable {
    let names: Set<String>

    init(host: String, extra: [String], interfaceAddresses: @autoclosure () -> [String] = Self.interfaceAddresses()) {
        var names = Set(extra.map(Self.normalise))
        let host = Self.normalise(host)
        if Self.isWildcard(host) {
            names.formUnion(interfaceAddresses().map(Self.normalise))
            names.formUnion(Self.loopbackNames)
            let machine = ProcessInfo.processInfo.hostName.lowercased()
            if !machine.isEmpty { names.insert(machine) }
        } else {
            names.insert(host)
        }
        if Self.isLoopback(host) { names.formUnion(Self.loopbackNames) }
        self.names = names
    }

    static let loopbackNames: Set<String> = ["127.0.0.1", "localhost", "::1"]

    /// Whether the `Host` header's value names this server.
    func allows(_ hostHeader: String) -> Bool {
        names.contains(Self.normalise(Self.stripPort(hostHeader)))
    }

    /// `name:port` → `name`, `[::1]:8080` → `::1`.
    static func stripPort(_ value: String) -> String {
        let value = value.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            return String(value[value.index(after: value.startIndex)..<close])
        }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
            return String(value[..<colon])
        }
        return value
    }

    static func normalise(_ name: String) -> String {
        var name = name.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    static func isWildcard(_ host: String) -> Bool { ["0.0.0.0", "::", ""].contains(normalise(host)) }

    /// Whether `host` is reachable only from this machine.
    static func isLoopback(_ host: String) -> Bool {
        let host = normalise(host)
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The IPv4 and IPv6 addresses of the machine's interfaces.
    static func interfaceAddresses() -> [String] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var addresses: [String] = []
        var next = first
        while let entry = next {
            defer { next = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else {
                continue
            }
            // A link-local IPv6 address carries its interface (`fe80::1%eth0`); browsers omit it.
            let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            addresses.append(String(name.split(separator: "%").first ?? ""))
        }
        return addresses
    }
}
