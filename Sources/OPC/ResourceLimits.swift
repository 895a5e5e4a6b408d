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
    /// Most merged ranges one worksheet may declare (default 250,000).
    public var maxMergedRanges: Int
    /// Most cells the merged ranges of one worksheet may cover within the part of the sheet
    /// that is read (default 2,000,000): overlapping ranges over a large area are no layout.
    public var maxMergedCells: Int
    /// Longest text of one cell or shared string, in UTF-8 bytes (default 1 MiB; Excel
    /// itself stops at 32,767 characters).
    public var maxStringBytes: Int
    /// Most bytes a dump of the package may write (default 2 GiB).
    public var maxOutputBytes: UInt64
    /// Most bytes a dump may write per byte of the file read (default 1,000), with at least
    /// ``minimumOutputAllowance`` allowed whatever the file's size.
    public var maxOutputRatio: UInt64
    /// When reading must stop (default: never). Checked each time a part's bytes are handed
    /// to a reader, so a file crafted to be slow frees its worker instead of holding it.
    public var deadline: ContinuousClock.Instant?

    public init(
        maxPartSize: UInt64 = 512 << 20, maxPackageSize: UInt64 = 1 << 30,
        maxEntries: Int = 10_000, maxXMLDepth: Int = 256, maxSharedStrings: Int = 4_000_000,
        maxMergedRanges: Int = 250_000, maxMergedCells: Int = 2_000_000, maxStringBytes: Int = 1 << 20,
        maxOutputBytes: UInt64 = 2 << 30, maxOutputRatio: UInt64 = 1000,
        deadline: ContinuousClock.Instant? = nil
    ) {
        self.maxPartSize = maxPartSize
        self.maxPackageSize = maxPackageSize
        self.maxEntries = maxEntries
        self.maxXMLDepth = maxXMLDepth
        self.maxSharedStrings = maxSharedStrings
        self.maxMergedRanges = maxMergedRanges
        self.maxMergedCells = maxMergedCells
        self.maxStringBytes = maxStringBytes
        self.maxOutputBytes = maxOutputBytes
        self.maxOutputRatio = maxOutputRatio
        self.deadline = deadline
    }

    /// These limits with reading stopped `seconds` from now.
    public func ending(after seconds: Double) -> ResourceLimits {
        var limits = self
        limits.deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64((seconds * 1000).rounded())))
        return limits
    }

    /// What a dump may always write, however small the file (64 MiB).
    public static let minimumOutputAllowance: UInt64 = 64 << 20

    /// The most bytes a dump of a file of `inputSize` bytes may write: the smaller of
    /// ``maxOutputBytes`` and ``maxOutputRatio`` times the input (at least
    /// ``minimumOutputAllowance``).
    public func outputAllowance(forInputOf inputSize: UInt64) -> (bytes: UInt64, byRatio: Bool) {
        let (product, overflow) = inputSize.multipliedReportingOverflow(by: maxOutputRatio)
        let byRatio = max(overflow ? UInt64.max : product, Self.minimumOutputAllowance)
        return byRatio < maxOutputBytes ? (byRatio, true) : (maxOutputBytes, false)
    }

    /// Whether the deadline has passed.
    public var isPastDeadline: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// The defaults.
    public static let standard = ResourceLimits()

    /// The environment variables that raise or lower the defaults.
    public enum EnvironmentKey {
        public static let maxPartMiB = "BAOCAO_MAX_PART_MB"
        public static let maxPackageMiB = "BAOCAO_MAX_PACKAGE_MB"
        public static let maxEntries = "BAOCAO_MAX_ENTRIES"
        public static let maxXMLDepth = "BAOCAO_MAX_XML_DEPTH"
        public static let maxSharedStrings = "BAOCAO_MAX_SHARED_STRINGS"
        public static let maxMergedRanges = "BAOCAO_MAX_MERGES"
        public static let maxMergedCells = "BAOCAO_MAX_MERGED_CELLS"
        public static let maxStringKiB = "BAOCAO_MAX_STRING_KB"
        public static let maxOutputMiB = "BAOCAO_MAX_OUTPUT_MB"
        public static let maxOutputRatio = "BAOCAO_MAX_OUTPUT_RATIO"
    }

    /// The defaults, overridden by any of the ``EnvironmentKey`` variables that hold a
    /// positive whole number (sizes in MiB).
    public static func fromEnvironment(_ environment: [String: String]) -> ResourceLimits {
        var limits = ResourceLimits.standard
        func positive(_ key: String) -> UInt64? {
            // At most 2^40, so that no count or size below can overflow.
            environment[key].flatMap { UInt64($0) }.flatMap { $0 > 0 ? min($0, 1 << 40) : nil }
        }
        if let mib = positive(EnvironmentKey.maxPartMiB) { limits.maxPartSize = mib << 20 }
        if let mib = positive(EnvironmentKey.maxPackageMiB) { limits.maxPackageSize = mib << 20 }
        if let count = positive(EnvironmentKey.maxEntries) { limits.maxEntries = Int(count) }
        if let depth = positive(EnvironmentKey.maxXMLDepth) { limits.maxXMLDepth = Int(depth) }
        if let count = positive(EnvironmentKey.maxSharedStrings) { limits.maxSharedStrings = Int(count) }
        if let count = positive(EnvironmentKey.maxMergedRanges) { limits.maxMergedRanges = Int(count) }
        if let count = positive(EnvironmentKey.maxMergedCells) { limits.maxMergedCells = Int(count) }
        if let kib = positive(EnvironmentKey.maxStringKiB) { limits.maxStringBytes = Int(kib) << 10 }
        if let mib = positive(EnvironmentKey.maxOutputMiB) { limits.maxOutputBytes = mib << 20 }
        if let ratio = positive(EnvironmentKey.maxOutputRatio) { limits.maxOutputRatio = ratio }
        return limits
    }
}
