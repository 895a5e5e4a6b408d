import Scorecard

/// Vietnam's provinces and their communes, wards and special zones since 1 July 2025, with
/// their official codes (built in: ``BuiltInDivisions``, from PyPI `vietnam-provinces`).
public struct Divisions: Sendable {
    /// A commune-level unit: "Xã Phú Tân" (`type` "xã"), code 30406.
    public struct Commune: Sendable, Equatable {
        public var code: Int
        /// "xã", "phường" or "đặc khu".
        public var type: String
        /// The official name with its kind: "Xã Phú Tân", "Đặc khu Phú Quốc".
        public var name: String
    }

    /// A province or centrally-run city: "An Giang" (`type` "tỉnh"), code 91.
    public struct Province: Sendable, Equatable {
        public var code: Int
        /// "tỉnh" or "thành phố trung ương".
        public var type: String
        /// The official name: "An Giang", "Thành phố Hà Nội".
        public var name: String
        public var communes: [Commune]

        /// "UBND TỈNH AN GIANG", "UBND THÀNH PHỐ HÀ NỘI".
        public var authority: String {
            let full = type == "tỉnh" ? "Tỉnh \(name)" : name
            return "UBND " + full.uppercased()
        }

        /// As a sentence writes it: "tỉnh An Giang", "thành phố Hà Nội".
        public var inSentence: String { type == "tỉnh" ? "tỉnh \(name)" : "thành phố \(shortName)" }

        /// The name without "Thành phố": "Hà Nội", "An Giang".
        public var shortName: String { VietnameseText.strippingUnitPrefix(name) }
    }

    /// What a name search found.
    public enum Match<Unit: Sendable>: Sendable {
        case found(Unit)
        /// Several units answer to the name (a "Xã" and a "Phường" of one name).
        case ambiguous([Unit])
        /// None does; the nearest names, for a hint.
        case unknown(nearest: [String])
    }

    public var provinces: [Province]

    /// The built-in edition.
    public static let builtIn = Divisions(text: BuiltInDivisions.text)

    /// Parses ``BuiltInDivisions``' format: `code<TAB>type<TAB>name` a line, communes
    /// indented by a tab after their province.
    init(text: String) {
        var provinces: [Province] = []
        for line in text.split(separator: "\n") {
            let isCommune = line.hasPrefix("\t")
            let fields = line.split(separator: "\t", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 3, let code = Int(fields[0]) else { continue }
            if isCommune, !provinces.isEmpty {
                provinces[provinces.count - 1].communes.append(Commune(code: code, type: fields[1], name: fields[2]))
            } else if !isCommune {
                provinces.append(Province(code: code, type: fields[1], name: fields[2], communes: []))
            }
        }
        self.provinces = provinces
    }

    /// The province `name` names: "An Giang", "Tỉnh An Giang", "tinh an giang", "TP. Hồ Chí
    /// Minh", "Hồ Chí Minh", with either tone placement ("Khánh Hoà").
    public func province(named name: String) -> Match<Province> {
        Self.match(name, in: provinces, name: \.name)
    }

    /// The commune `name` names in `province`: "Phú Tân", "Xã Phú Tân", "xa phu tan".
    public func commune(named name: String, in province: Province) -> Match<Commune> {
        Self.match(name, in: province.communes, name: \.name)
    }

    /// Exact first (kind, case and tone placement aside), then with the kind ("Xã", "Phường")
    /// deciding between units of one name, then without diacritics when one unit fits.
    static func match<Unit: Sendable>(_ name: String, in units: [Unit], name path: KeyPath<Unit, String>) -> Match<
        Unit
    > {
        let bare = { (text: String) in VietnameseText.matchKey(VietnameseText.strippingUnitPrefix(text)) }
        let full = { (text: String) in VietnameseText.matchKey(VietnameseText.normalized(text)) }
        let wanted = bare(name)
        let exact = units.filter { bare($0[keyPath: path]) == wanted }
        if exact.count == 1 { return .found(exact[0]) }
        if exact.count > 1 {
            let withKind = exact.filter { full($0[keyPath: path]) == full(name) }
            return withKind.count == 1 ? .found(withKind[0]) : .ambiguous(exact)
        }
        let loose = VietnameseText.looseKey(VietnameseText.strippingUnitPrefix(name))
        let close = units.filter {
            VietnameseText.looseKey(VietnameseText.strippingUnitPrefix($0[keyPath: path])) == loose
        }
        if close.count == 1 { return .found(close[0]) }
        if close.count > 1 { return .ambiguous(close) }
        return .unknown(nearest: VietnameseText.nearest(to: name, among: units.map { $0[keyPath: path] }, limit: 5))
    }
}
