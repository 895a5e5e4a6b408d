import Foundation
import OPC
import Scorecard
import Yams

/// The office profile (`Templates/phu-tan.yaml`, or one `baocao profile new` writes): who
/// writes the report at which level (province, district, commune), which units it ranks, how
/// it bands and calls out, and whom it sends to.
///
/// Office staff edit it; it is validated on load and every problem is named.
public struct OfficeProfile: Sendable, Equatable, Decodable {
    public struct Office: Sendable, Equatable, Decodable {
        /// Tên cơ quan chủ quản: "UBND HUYỆN PHÚ TÂN".
        public var parent: String
        /// Tên cơ quan ban hành: "VĂN PHÒNG HĐND VÀ UBND".
        public var name: String
        /// The symbol after the number: "BC-VP" in "Số:      /BC-VP".
        public var symbol: String
    }

    public struct Signer: Sendable, Equatable, Decodable {
        /// "CHÁNH VĂN PHÒNG".
        public var title: String
        /// Empty until the office fills it.
        public var name: String
    }

    public struct Unit: Sendable, Equatable, Decodable {
        public var name: String
        public var aliases: [String]?
    }

    public struct BandEntry: Sendable, Equatable, Decodable {
        public var name: String
        public var minimum: Double
    }

    public struct CallOut: Sendable, Equatable, Decodable {
        public var belowShareOfMaximum: Double
        /// At most this many units named per group (the lowest); absent names them all.
        public var most: Int?
    }

    /// `tinh`, `huyen` or `xa`; absent is `huyen` (profiles written before the 2025 reform).
    public var level: String?
    public var office: Office
    /// The district as the province's ranking names it: "Phú Tân" (level `huyen`).
    public var district: String?
    /// The commune as the province's ranking names it: "Xã Phú Tân" (level `xa`).
    public var commune: String?
    /// The province: "An Giang"; at level `tinh`, as the ranking of provinces names it.
    public var province: String
    /// The place name of the date line: "Phú Tân, ngày … tháng … năm …".
    public var place: String
    public var signer: Signer
    public var units: [Unit]
    public var bands: [BandEntry]
    public var callOut: CallOut
    /// "Nơi nhận", one recipient a line.
    public var recipients: [String]

    /// The office's level (`huyen` when the profile does not say).
    public var officeLevel: OfficeLevel { level.flatMap(OfficeLevel.init(rawValue:)) ?? .district }

    /// The office's own unit as its ranking names it: the province, district or commune.
    public var ownName: String {
        switch officeLevel {
        case .province: province
        case .district: district ?? ""
        case .commune: commune ?? ""
        }
    }

    /// The key of the office's months in the history. A district keeps its bare name (the
    /// history of profiles written before levels); a province and a commune are qualified,
    /// so xã Phú Tân never reads the months of the former huyện Phú Tân.
    public var historyKey: String {
        switch officeLevel {
        case .district: ownName
        case .province: "tỉnh \(province)"
        case .commune: "\(ownName), \(province)"
        }
    }

    /// What the Scorecard needs, as a plain value.
    public var scorecardSettings: ScorecardSettings {
        ScorecardSettings(
            level: officeLevel, ownName: ownName,
            roster: units.map { RosterUnit(name: $0.name, aliases: $0.aliases ?? []) },
            bands: BandScale(bands: bands.map { Band(name: $0.name, minimum: $0.minimum) }),
            callOut: CallOutRule(belowShareOfMaximum: callOut.belowShareOfMaximum, most: callOut.most))
    }

    /// Reads and validates a profile.
    ///
    /// - Parameter source: the file as the user named it, for messages.
    /// - Throws: ``ProfileError`` listing every problem.
    public static func parse(_ yaml: String, source: String) throws -> OfficeProfile {
        let lines = ProfileLines(yaml: yaml)
        let profile: OfficeProfile
        do {
            profile = try YAMLDecoder().decode(OfficeProfile.self, from: yaml)
        } catch DecodingError.dataCorrupted(let context) where context.underlyingError is YamlError {
            let syntax = ProfileLines.describe(context.underlyingError as! YamlError)
            throw ProfileError(.syntax, source: source, problems: [syntax])
        } catch let error as DecodingError {
            throw ProfileError(source: source, problems: [describe(error, lines: lines)])
        } catch let error as YamlError {
            throw ProfileError(.syntax, source: source, problems: [ProfileLines.describe(error)])
        } catch {
            throw ProfileError(.syntax, source: source, problems: ["Tệp không đúng cú pháp YAML: \(error)"])
        }
        let problems = profile.problems.map { lines.prefixed($0.message, at: $0.path) }
        if !problems.isEmpty { throw ProfileError(source: source, problems: problems) }
        return profile
    }

    /// Reads and validates the profile at `path`.
    public static func load(path: String) throws -> OfficeProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError(source: path, problems: ["Không đọc được tệp hồ sơ cơ quan."])
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// The built-in Phú Tân profile (the same text as `Templates/phu-tan.yaml`).
    public static func builtIn() throws -> OfficeProfile {
        try parse(BuiltInProfile.yaml, source: "(hồ sơ mặc định Phú Tân)")
    }

    /// Every problem with the path of the key it is about, for its line.
    private var problems: [(message: String, path: [String])] {
        var problems: [(message: String, path: [String])] = []
        func add(_ message: String, _ path: String...) { problems.append((message, path)) }
        if let level, OfficeLevel(rawValue: level) == nil {
            add(
                "«level» phải là một trong: tinh (văn phòng UBND tỉnh), huyen (trước 07/2025), xa (xã, phường, đặc khu); tệp ghi «\(level)».",
                "level")
        }
        var required = [
            ("office.parent", office.parent), ("office.name", office.name), ("office.symbol", office.symbol),
            ("province", province), ("place", place), ("signer.title", signer.title),
        ]
        switch officeLevel {
        case .district: required.append(("district", district ?? ""))
        case .commune: required.append(("commune", commune ?? ""))
        case .province: break
        }
        for (key, value) in required where value.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(("Mục «\(key)» không được để trống.", key.split(separator: ".").map(String.init)))
        }
        if bands.isEmpty { add("Mục «bands» phải có ít nhất một loại.", "bands") }
        var seenBands: Set<String> = []
        for (index, band) in bands.enumerated() where !seenBands.insert(band.name).inserted {
            add("Loại «\(band.name)» khai báo hai lần trong «bands».", "bands", String(index))
        }
        if !(callOut.belowShareOfMaximum > 0 && callOut.belowShareOfMaximum <= 1) {
            add(
                "«callOut.belowShareOfMaximum» phải là tỉ lệ trong khoảng (0, 1], ví dụ 0.7 (dưới 70% điểm tối đa của nhóm).",
                "callOut", "belowShareOfMaximum")
        }
        if let most = callOut.most, most < 1 {
            add(
                "«callOut.most» phải là số nguyên từ 1 trở lên (số đơn vị nêu tên nhiều nhất ở mỗi nhóm).", "callOut",
                "most")
        }
        var seenUnits: Set<String> = []
        for (index, unit) in units.enumerated() {
            if unit.name.trimmingCharacters(in: .whitespaces).isEmpty {
                add("Một đơn vị trong «units» không có tên.", "units", String(index))
            } else if !seenUnits.insert(unit.name).inserted {
                add("Đơn vị «\(unit.name)» khai báo hai lần trong «units».", "units", String(index))
            }
        }
        if officeLevel == .commune && !units.isEmpty {
            add(
                "Hồ sơ cấp xã không có danh sách «units» (xã được xếp hạng cùng các xã, phường, đặc khu của tỉnh); hãy xóa mục này hoặc để «units: []».",
                "units")
        }
        if recipients.isEmpty { add("Mục «recipients» (Nơi nhận) phải có ít nhất một dòng.", "recipients") }
        return problems
    }

    private static func describe(_ error: DecodingError, lines: ProfileLines) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        func keys(_ context: DecodingError.Context) -> [String] {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return lines.prefixed(
                "Thiếu mục «\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)».", at: keys(context))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return lines.prefixed(
                "Mục «\(path(context))» có giá trị sai kiểu (ví dụ chữ ở chỗ cần số).", at: keys(context))
        case .dataCorrupted(let context):
            return lines.prefixed(
                "Tệp không đúng cú pháp YAML\(path(context).isEmpty ? "" : " ở mục «\(path(context))»"): \(context.debugDescription)",
                at: keys(context))
        @unknown default:
            return "Tệp hồ sơ không đọc được."
        }
    }
}

/// An office profile that cannot be used or written.
public struct ProfileError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        case invalid = "profile.invalid"
        /// The file is not YAML at all.
        case syntax = "profile.syntax"
        /// `profile new` was given a province or commune the divisions do not have.
        case unknownPlace = "profile.unknown_place"
        /// … or a name several units answer to.
        case ambiguousPlace = "profile.ambiguous_place"
        /// `profile new -o FILE` where FILE exists (without `--force`).
        case outputExists = "profile.output_exists"
    }

    public var code: Code
    public var source: String
    public var problems: [String]

    public init(_ code: Code = .invalid, source: String, problems: [String]) {
        self.code = code
        self.source = source
        self.problems = problems
    }

    public var message: String {
        guard code == .invalid || code == .syntax else { return problems.joined(separator: " ") }
        return "hồ sơ cơ quan không dùng được:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
    public var location: String { source }
}
