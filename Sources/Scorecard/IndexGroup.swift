/// The six index groups of Quyết định 766/QĐ-TTg, with their maximum points (total 100).
public enum IndexGroup: String, CaseIterable, Sendable, Codable {
    case congKhai, tienDo, dvcTrucTuyen, thanhToan, haiLong, soHoa

    /// The group's name as reports write it.
    public var name: String {
        switch self {
        case .congKhai: "Công khai, minh bạch"
        case .tienDo: "Tiến độ giải quyết"
        case .dvcTrucTuyen: "Dịch vụ công trực tuyến"
        case .thanhToan: "Thanh toán trực tuyến"
        case .haiLong: "Mức độ hài lòng"
        case .soHoa: "Số hóa hồ sơ"
        }
    }

    /// The most points a unit can score in the group.
    public var maximum: Double {
        switch self {
        case .congKhai: 18
        case .tienDo: 20
        case .dvcTrucTuyen: 12
        case .thanhToan: 10
        case .haiLong: 18
        case .soHoa: 22
        }
    }

    /// The abbreviation offices use in narrow headers.
    public var abbreviation: String {
        switch self {
        case .congKhai: "CKMB"
        case .tienDo: "TĐGQ"
        case .dvcTrucTuyen: "DVCTT"
        case .thanhToan: "TTTT"
        case .haiLong: "MĐHL"
        case .soHoa: "SHHS"
        }
    }
}

/// A classification band (xếp loại) and the lowest total that earns it.
public struct Band: Sendable, Equatable, Codable {
    /// As reports write it: "TỐT".
    public var name: String
    /// The lowest total in the band (inclusive).
    public var minimum: Double

    public init(name: String, minimum: Double) {
        self.name = name
        self.minimum = minimum
    }
}

/// The bands an office uses, highest first.
public struct BandScale: Sendable, Equatable, Codable {
    public var bands: [Band]

    public init(bands: [Band]) {
        self.bands = bands.sorted { $0.minimum > $1.minimum }
    }

    /// The default scale of `INDEX-766.md` (the official thresholds could not be confirmed).
    public static let standard = BandScale(bands: [
        Band(name: "XUẤT SẮC", minimum: 90), Band(name: "TỐT", minimum: 80), Band(name: "KHÁ", minimum: 70),
        Band(name: "TRUNG BÌNH", minimum: 50), Band(name: "YẾU", minimum: 0),
    ])

    /// The band of `total`: the first whose minimum it reaches; the lowest band otherwise.
    public func band(for total: Double) -> Band {
        bands.first { total >= $0.minimum - 1e-9 } ?? bands.last ?? Band(name: "", minimum: 0)
    }
}

/// Ranks by total, highest first; equal totals share a rank (1, 2, 2, 4).
public enum Ranking {
    /// The rank of each total, in the order given. Totals equal to within 0.005 (they are
    /// written with two decimals) count as equal.
    public static func ranks(of totals: [Double]) -> [Int] {
        totals.map { total in 1 + totals.filter { $0 > total + 0.005 }.count }
    }

    /// "02/11": the rank with a leading zero, over the number of ranked units.
    public static func formatted(rank: Int, of count: Int) -> String {
        (rank < 10 ? "0\(rank)" : "\(rank)") + "/\(count)"
    }
}
