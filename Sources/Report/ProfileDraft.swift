import Foundation
import Scorecard

/// A ready, commented office profile for a province's or a commune's office, written from
/// the built-in ``Divisions`` by `baocao profile new`.
public struct ProfileDraft: Sendable {
    public var province: Divisions.Province
    /// `nil` for the province's own office.
    public var commune: Divisions.Commune?
    /// The issuing office, as the header prints it; the level's usual name when `nil`.
    public var office: String?

    public init(province: Divisions.Province, commune: Divisions.Commune?, office: String?) {
        self.province = province
        self.commune = commune
        self.office = office
    }

    public var level: OfficeLevel { commune == nil ? .province : .commune }

    /// The profile's YAML, every key explained in Vietnamese for the clerk who edits it.
    public var yaml: String {
        let source = "danh mục đơn vị hành chính từ 01/07/2025, gói vietnam-provinces 2025.10.1"
        var lines: [String] = []
        let area = commune.map { AreaName($0.name, level: .commune) }
        let officeName = (office ?? (commune == nil ? "VĂN PHÒNG" : "VĂN PHÒNG HĐND VÀ UBND")).uppercased()
        if let commune, let area {
            lines += [
                "# Hồ sơ cơ quan: \(ReportContext.issuer(office: officeName, level: .commune)) \(area.inSentence) (\(province.name)); mã \(area.kind) \(commune.code), mã tỉnh \(province.code).",
                "# Viết bởi: baocao profile new (dữ liệu: \(source)).",
            ]
        } else {
            lines += [
                "# Hồ sơ cơ quan: \(ReportContext.issuer(office: officeName, level: .province)) \(province.inSentence); mã tỉnh \(province.code).",
                "# Viết bởi: baocao profile new (dữ liệu: \(source)).",
            ]
        }
        lines += [
            "#",
            "# Tệp này cho chương trình baocao biết cơ quan nào ban hành báo cáo, ai ký, các đơn vị được",
            "# xếp hạng và danh sách nơi nhận. Khi sửa:",
            "#   - chỉ sửa phần sau dấu hai chấm, giữ nguyên tên khóa bên trái (office, units, ...);",
            "#   - chữ có dấu phẩy, dấu hai chấm hoặc dấu nháy thì đặt trong ngoặc kép \"...\";",
            "#   - thụt đầu dòng bằng dấu cách (không dùng phím Tab), thẳng hàng với các dòng cùng cấp;",
            "#   - dòng bắt đầu bằng dấu # là ghi chú, chương trình bỏ qua.",
            "# Sau khi sửa, kiểm tra: baocao profile check <tệp này>",
            "",
            "# Cấp của cơ quan: tinh (Văn phòng UBND tỉnh), xa (xã, phường, đặc khu), huyen (trước 07/2025).",
            "level: \(level.rawValue)",
            "",
            "# Cơ quan, in ở góc trái phần đầu văn bản (Nghị định 30/2020/NĐ-CP).",
            "office:",
            "  # Tên cơ quan chủ quản (chữ in hoa, không đậm).",
            "  parent: \(Self.quoted(area.map { "UBND " + $0.inSentence.uppercased() } ?? province.authority))",
            "  # Tên cơ quan ban hành báo cáo (chữ in hoa, đậm).",
            "  name: \(Self.quoted(officeName))",
            "  # Ký hiệu văn bản, in sau số: \"Số:      /BC-VP\".",
            "  symbol: \"BC-VP\"",
            "",
        ]
        if let commune, let area {
            lines += [
                "# Tên xã, phường, đặc khu như bảng xếp hạng của tỉnh ghi (mã \(commune.code)); dùng để tìm dòng của",
                "# \(area.inSentence) trong bảng điểm các xã, phường, đặc khu của tỉnh.",
                "commune: \(Self.quoted(commune.name))",
                "province: \(Self.quoted(province.shortName))",
                "",
                "# Địa danh ở dòng ngày tháng: \"\(area.name), ngày ... tháng ... năm ...\".",
                "place: \(Self.quoted(area.name))",
            ]
        } else {
            lines += [
                "# Tên tỉnh như bảng xếp hạng các tỉnh, thành phố ghi; dùng để tìm dòng của tỉnh mình.",
                "province: \(Self.quoted(province.shortName))",
                "",
                "# Địa danh ở dòng ngày tháng: \"\(province.shortName), ngày ... tháng ... năm ...\".",
                "place: \(Self.quoted(province.shortName))",
            ]
        }
        lines += [
            "",
            "# Người ký.",
            "signer:",
            "  # Chức vụ, chữ in hoa (in đậm ở khối chữ ký, cùng dòng với \"Nơi nhận:\").",
            "  title: \"CHÁNH VĂN PHÒNG\"",
            "  # ĐIỀN họ và tên người ký vào giữa hai dấu ngoặc kép (ví dụ: \"Nguyễn Văn A\").",
            "  # Để trống thì bản thảo chừa chỗ để ghi tay.",
            "  name: \"\"",
            "",
        ]
        if commune == nil {
            lines += [
                "# Các đơn vị được xếp hạng trong Phụ lục 1: \(province.communes.count) xã, phường, đặc khu của tỉnh (tên và mã",
                "# theo danh mục). Chương trình tự bỏ qua chữ hoa/thường, chữ \"Xã\"/\"Phường\" và kiểu bỏ dấu",
                "# cũ/mới; nếu bảng điểm gọi một đơn vị khác hẳn, thêm dòng aliases: [\"tên khác\"] dưới tên đó.",
                "# Tỉnh xếp hạng cả các sở, ban, ngành thì thêm mỗi sở một khối \"- name\" (bỏ dấu # ở các",
                "# dòng mẫu cuối danh sách).",
                "units:",
            ]
            for unit in province.communes {
                lines.append("  - name: \(Self.quoted(unit.name))  # mã \(unit.code)")
            }
            lines += [
                "  # - name: \"Sở Tư pháp\"",
                "  # - name: \"Sở Khoa học và Công nghệ\"",
                "",
            ]
        } else {
            lines += [
                "# Xã, phường, đặc khu không có đơn vị xếp hạng riêng: Phụ lục 1 so điểm từng nhóm chỉ số",
                "# của \(area!.inSentence) với bình quân và điểm cao nhất của các xã, phường, đặc khu trong tỉnh.",
                "units: []",
                "",
            ]
        }
        lines += [
            "# Thang xếp loại theo tổng điểm: đạt từ \"minimum\" điểm trở lên thì xếp loại \"name\".",
            "# Ghi từ cao xuống thấp; loại thấp nhất có minimum: 0.",
            "bands:",
            "  - name: \"XUẤT SẮC\"",
            "    minimum: 90",
            "  - name: \"TỐT\"",
            "    minimum: 80",
            "  - name: \"KHÁ\"",
            "    minimum: 70",
            "  - name: \"TRUNG BÌNH\"",
            "    minimum: 50",
            "  - name: \"YẾU\"",
            "    minimum: 0",
            "",
        ]
        if commune == nil {
            lines += [
                "# Đơn vị được nêu tên ở từng nhóm chỉ số trong phần đề nghị: điểm nhóm dưới tỷ lệ này của",
                "# điểm tối đa (0.7 là dưới 70%), xếp từ điểm thấp lên; nêu tên nhiều nhất \"most\" đơn vị,",
                "# các đơn vị còn lại được đếm (\"... và 12 đơn vị khác\").",
                "callOut:",
                "  belowShareOfMaximum: 0.7",
                "  most: 5",
            ]
        } else {
            lines += [
                "# Nhóm chỉ số được nêu trong phần đề nghị: điểm nhóm của xã dưới tỷ lệ này của điểm tối đa",
                "# (0.7 là dưới 70%).",
                "callOut:",
                "  belowShareOfMaximum: 0.7",
            ]
        }
        lines += [
            "",
            "# Nơi nhận, mỗi dòng một nơi, đúng thứ tự in; không cần gõ gạch đầu dòng \"- \" ở đầu (chương",
            "# trình tự thêm), giữ dấu \";\" cuối mỗi dòng và dòng cuối \"Lưu: VT.\".",
            "recipients:",
        ]
        let recipients: [String]
        if let area {
            let kind = area.kind
            recipients = [
                "TT Đảng ủy \(kind);", "TT HĐND \(kind);", "Chủ tịch, các PCT UBND \(kind);",
                "Các phòng chuyên môn \(kind);", "Trung tâm Phục vụ hành chính công \(kind);", "Lưu: VT.",
            ]
        } else {
            recipients = [
                "Văn phòng Chính phủ (Cục Kiểm soát TTHC);", "TT Tỉnh ủy, TT HĐND tỉnh;",
                "Chủ tịch, các PCT UBND tỉnh;",
                "Các sở, ban, ngành tỉnh;", "UBND các xã, phường, đặc khu;", "Trung tâm Phục vụ hành chính công tỉnh;",
                "Cổng TTĐT tỉnh;", "Lưu: VT.",
            ]
        }
        lines += recipients.map { "  - \(Self.quoted($0))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
