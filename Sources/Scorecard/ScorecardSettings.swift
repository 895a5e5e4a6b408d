/// A unit of the office's roster: the name the office writes and other spellings.
public struct RosterUnit: Sendable, Equatable, Codable {
    /// As the report writes it ("Hòa Lạc", "Bộ phận tiếp nhận và Trả kết quả huyện").
    public var name: String
    /// Other names the appendix may use ("Xã Hoà Lạc", "Bộ phận Một cửa huyện").
    public var aliases: [String]

    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }
}

/// Which units a report calls out for a group: those scoring below a share of the group's
/// maximum, listed from the lowest score up.
public struct CallOutRule: Sendable, Equatable, Codable {
    /// The share of the group maximum below which a unit is called out (0.7: below 70%).
    public var belowShareOfMaximum: Double
    /// At most this many units are named per group (the lowest); `nil` names them all.
    public var most: Int?

    public init(belowShareOfMaximum: Double = 0.7, most: Int? = nil) {
        self.belowShareOfMaximum = belowShareOfMaximum
        self.most = most
    }
}

/// The level of government whose office writes the report (since 1 July 2025 provinces and
/// communes; districts until then).
public enum OfficeLevel: String, Sendable, Equatable, Codable, CaseIterable {
    /// A province's office: ranked among the provinces, ranking its communes and departments.
    case province = "tinh"
    /// A district's office (before 07/2025): ranked among the province's districts, ranking its
    /// communes.
    case district = "huyen"
    /// A commune's, ward's or special zone's office: ranked among its province's communes,
    /// with no units of its own.
    case commune = "xa"
}

/// What the Scorecard needs to know about the office: handed over as a plain value (the
/// office profile is parsed elsewhere).
public struct ScorecardSettings: Sendable, Equatable {
    /// The office's level, which says where its own line is.
    public var level: OfficeLevel
    /// The office's own unit as the ranking names it: the district ("Phú Tân"), the province
    /// ("An Giang") or the commune ("Xã Phú Tân").
    public var ownName: String
    /// The units the office ranks; empty when the profile has no roster.
    public var roster: [RosterUnit]
    public var bands: BandScale
    public var callOut: CallOutRule

    public init(
        level: OfficeLevel = .district, ownName: String, roster: [RosterUnit] = [], bands: BandScale = .standard,
        callOut: CallOutRule = CallOutRule()
    ) {
        self.level = level
        self.ownName = ownName
        self.roster = roster
        self.bands = bands
        self.callOut = callOut
    }
}

extension CallOutRule {
    /// The units to call out for each group: those scoring below the share of the group's
    /// maximum, lowest score first (ties in table order). Groups nobody falls short in are
    /// absent.
    public func callOuts(_ units: [UnitResult]) -> [IndexGroup: [UnitResult]] {
        var result: [IndexGroup: [UnitResult]] = [:]
        for group in IndexGroup.allCases {
            let threshold = group.maximum * belowShareOfMaximum
            let lagging = units.enumerated()
                .filter { $0.element.scores[group].map { $0 < threshold - 1e-9 } ?? false }
                .sorted { ($0.element.score(group), $0.offset) < ($1.element.score(group), $1.offset) }
                .map(\.element)
            if !lagging.isEmpty { result[group] = lagging }
        }
        return result
    }
}
