import Foundation

/// The maxima that header blocks state: beside a column's name ("Công khai, minh bạch
/// (18 điểm)", "Tổng điểm (tối đa 100)") or in a row of their own under the names ("18",
/// "18 điểm", "(18đ)", "100", with "Điểm tối đa" over the units' column).
enum HeaderMaximum {
    /// A maximum stated in a header cell, and where.
    struct Stated: Equatable {
        var value: Double
        var row: Int
        var column: Int
    }

    /// The maximum a column name states beside the name, if any.
    static func inName(_ text: String) -> Double? {
        names.value(for: text) { text in
            let lowered = VietnameseText.normalized(text).lowercased()
            // "(18 điểm)", "18đ", "18 Điểm" (lower-cased first); then "tối đa 18", "tối đa: 100".
            if let match = lowered.firstMatch(of: #/(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:điểm|đ)(?!\p{L})/#) {
                return number(match.1)
            }
            if let match = lowered.firstMatch(of: #/tối\s*đa\s*:?\s*(\d{1,3}(?:[.,]\d{1,2})?)/#) {
                return number(match.1)
            }
            return nil
        }
    }

    /// The maximum that a cell of a maxima row holds (`18`, `18 điểm`, `(18đ)`, `18,0`),
    /// and whether it says "điểm".
    static func inCell(_ text: String) -> (value: Double, saysPoints: Bool)? {
        let lowered = VietnameseText.normalized(text).lowercased()
        // A whole cell: "18", "(18 điểm)", "[18đ]", "tối đa 18".
        let pattern = #/[(\[]?\s*(?:tối\s*đa\s*:?\s*)?(\d{1,3}(?:[.,]\d{1,2})?)\s*(điểm|đ)?\s*[)\]]?/#
        guard let match = lowered.trimmingCharacters(in: .whitespacesAndNewlines).wholeMatch(of: pattern),
            let value = number(match.1)
        else { return nil }
        return (value, match.2 != nil)
    }

    /// Whether the units' column of a row labels it as the maxima: "Điểm tối đa",
    /// "Thang điểm", "Điểm chuẩn", "Số điểm tối đa".
    static func isLabel(_ text: String) -> Bool {
        let key = VietnameseText.looseKey(text)
        return key.containsPlain("toi da") || key.containsPlain("thang diem") || key.containsPlain("diem chuan")
    }

    private static func number(_ digits: Substring) -> Double? {
        Double(digits.replacingOccurrences(of: ",", with: ".")).flatMap { $0.isFinite ? $0 : nil }
    }

    private static let names = TextMemo<Double?>()
}
