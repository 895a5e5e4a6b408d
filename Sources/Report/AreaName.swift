import Foundation
import Scorecard

/// An administrative unit's name split the way the report writes it: "Xã Phú Tân" is the
/// commune (`kind` "xã") named "Phú Tân", written "xã Phú Tân" in a sentence.
public struct AreaName: Sendable, Equatable {
    /// Lower case, as in "trên địa bàn xã Phú Tân": "tỉnh", "thành phố", "huyện", "xã",
    /// "phường", "đặc khu".
    public var kind: String
    /// Without its kind: "Phú Tân", "An Giang", "Hà Nội".
    public var name: String

    /// "xã Phú Tân".
    public var inSentence: String { "\(kind) \(name)" }

    /// The name `text` of a unit at `level`; a bare name gets the level's usual kind.
    public init(_ text: String, level: OfficeLevel) {
        let normalized = VietnameseText.normalized(text).trimmingCharacters(in: .whitespaces)
        let bare = VietnameseText.strippingUnitPrefix(normalized)
        name = bare
        let prefix = String(normalized.dropLast(bare.count)).trimmingCharacters(in: .whitespaces).lowercased()
        let kinds = ["thành phố", "tỉnh", "huyện", "thị xã", "xã", "phường", "đặc khu", "thị trấn"]
        if let known = kinds.first(where: { prefix == $0 }) {
            kind = known
        } else {
            kind =
                switch level {
                case .province: "tỉnh"
                case .district: "huyện"
                case .commune: "xã"
                }
        }
    }
}
