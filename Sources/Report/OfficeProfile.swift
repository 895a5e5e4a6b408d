import Foundation
import OPC
import Scorecard
import Yams

/// The office profile (`Templates/phu-tan.yaml`): who writes the report, for which
/// district, which units it ranks, how it bands and calls out, and whom it sends to.
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
    }

    public var office: Office
    /// The district as the province's ranking names it: "Phú Tân".
    public var district: String
    public var province: String
    /// The place name of the date line: "Phú Tân, ngày … tháng … năm …".
    public var place: String
    public var signer: Signer
    public var units: [Unit]
    public var bands: [BandEntry]
    public var callOut: CallOut
    /// "Nơi nhận", one recipient a line.
    public var recipients: [String]

    /// What the Scorecard needs, as a plain value.
    public var scorecardSettings: ScorecardSettings {
        ScorecardSettings(
            districtName: district,
            roster: units.map { RosterUnit(name: $0.name, aliases: $0.aliases ?? []) },
            bands: BandScale(bands: bands.map { Band(name: $0.name, minimum: $0.minimum) }),
            callOut: CallOutRule(belowShareOfMaximum: callOut.belowShareOfMaximum))
    }

    /// Reads and validates a profile.
    ///
    /// - Parameter source: the file as the user named it, for messages.
    /// - Throws: ``ProfileError`` listing every problem.
    public static func parse(_ yaml: String, source: String) throws -> OfficeProfile {
        let profile: OfficeProfile
        do {
            profile = try YAMLDecoder().decode(OfficeProfile.self, from: yaml)
        } catch let error as DecodingError {
            throw ProfileError(source: source, problems: [describe(error)])
        } catch {
            throw ProfileError(source: source, problems: ["Tệp không đúng cú pháp YAML: \(error)"])
        }
        let problems = profile.problems
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

    private var problems: [String] {
        var problems: [String] = []
        for (key, value) in [
            ("office.parent", office.parent), ("office.name", office.name), ("office.symbol", office.symbol),
            ("district", district), ("place", place), ("signer.title", signer.title),
        ] where value.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("Mục «\(key)» không được để trống.")
        }
        if bands.isEmpty { problems.append("Mục «bands» phải có ít nhất một loại.") }
        var seenBands: Set<String> = []
        for band in bands where !seenBands.insert(band.name).inserted {
            problems.append("Loại «\(band.name)» khai báo hai lần trong «bands».")
        }
        if !(callOut.belowShareOfMaximum > 0 && callOut.belowShareOfMaximum <= 1) {
            problems.append(
                "«callOut.belowShareOfMaximum» phải là tỉ lệ trong khoảng (0, 1], ví dụ 0.7 (dưới 70% điểm tối đa của nhóm)."
            )
        }
        var seenUnits: Set<String> = []
        for unit in units {
            if unit.name.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("Một đơn vị trong «units» không có tên.")
            } else if !seenUnits.insert(unit.name).inserted {
                problems.append("Đơn vị «\(unit.name)» khai báo hai lần trong «units».")
            }
        }
        if recipients.isEmpty { problems.append("Mục «recipients» (Nơi nhận) phải có ít nhất một dòng.") }
        return problems
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "Thiếu mục «\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)»."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Mục «\(path(context))» có giá trị sai kiểu (ví dụ chữ ở chỗ cần số)."
        case .dataCorrupted(let context):
            return
                "Tệp không đúng cú pháp YAML\(path(context).isEmpty ? "" : " ở mục «\(path(context))»"): \(context.debugDescription)"
        @unknown default:
            return "Tệp hồ sơ không đọc được."
        }
    }
}

/// An office profile that cannot be used.
public struct ProfileError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        case invalid = "profile.invalid"
    }

    public var source: String
    public var problems: [String]

    public var code: Code { .invalid }
    public var message: String {
        "hồ sơ cơ quan không dùng được:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
    public var location: String { source }
}
