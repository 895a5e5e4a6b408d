/// Ceilings on what one read of an untrusted package may cost.
///
/// The defaults are far above any real workbook or document, and low enough that a
/// decompression bomb, an entry flood or a deeply nested XML document fails fast with a
/// clear ``OPCError`` instead of exhausting memory or time.
public struct ResourceLimits: Sendable, Equatable {
    /// Largest inflated size of one part, in bytes (default 512 MiB).
    public var maxPartSize: UInt64
    /// Largest inflated size of all parts of one package together (default 1 GiB).
    public var maxPackageSize: UInt64
    /// Most entries a package may list (default 10,000).
    public var maxEntries: Int
    /// Deepest element nesting an XML part may have (default 256).
    public var maxXMLDepth: Int
    /// Most entries a workbook's shared string table may hold (default 4,000,000): each is
    /// kept in memory, so a table of millions of empty items must not pass for a workbook.
    public var maxSharedStrings: Int
    /// When reading must stop (default: never). Checked each time a part's bytes are handed
    /// to a reader, so a file crafted to be slow frees its worker instead of holding it.
    public var deadline: ContinuousClock.Instant?

    public init(
        maxPartSize: UInt64 = 512 << 20, maxPackageSize: UInt64 = 1 << 30,
        maxEntries: Int = 10_000, maxXMLDepth: Int = 256, maxSharedStrings: Int = 4_000_000,
        deadline: ContinuousClock.Instant? = nil
    ) {
        self.maxPartSize = maxPartSize
        self.maxPackageSize = maxPackageSize
        self.maxEntries = maxEntries
        self.maxXMLDepth = maxXMLDepth
        self.maxSharedStrings = maxSharedStrings
        self.deadline = deadline
    }

    /// These limits with reading stopped `seconds` from now.
    public func ending(after seconds: Double) -> ResourceLimits {
        var limits = self
        limits.deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64((seconds * 1000).rounded())))
        return limits
    }

    /// The defaults.
    public static let standard = ResourceLimits()

    /// The environment variables that raise or lower the defaults.
    public enum EnvironmentKey {
        public static let maxPartMiB = "BAOCAO_MAX_PART_MB"
        public static let maxPackageMiB = "BAOCAO_MAX_PACKAGE_MB"
        public static let maxEntries = "BAOCAO_MAX_ENTRIES"
        public static let maxXMLDepth = "BAOCAO_MAX_XML_DEPTH"
        public static let maxSharedStrings = "BAOCAO_MAX_SHARED_STRINGS"
    }

    /// The defaults, overridden by any of the ``EnvironmentKey`` variables that hold a
    /// positive whole number (sizes in MiB).
    public static func fromEnvironment(_ environment: [String: String]) -> ResourceLimits {
        var limits = ResourceLimits.standard
        func positive(_ key: String) -> UInt64? {
            environment[key].flatMap { UInt64($0) }.flatMap { $0 > 0 ? $0 : nil }
        }
        if let mib = positive(EnvironmentKey.maxPartMiB) { limits.maxPartSize = mib << 20 }
        if let mib = positive(EnvironmentKey.maxPackageMiB) { limits.maxPackageSize = mib << 20 }
        if let count = positive(EnvironmentKey.maxEntries) { limits.maxEntries = Int(count) }
        if let depth = positive(EnvironmentKey.maxXMLDepth) { limits.maxXMLDepth = Int(depth) }
        if let count = positive(EnvironmentKey.maxSharedStrings) { limits.maxSharedStrings = Int(count) }
        return limits
    }
}
