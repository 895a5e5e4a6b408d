/// The data the tests render the fixtures with, and what the documents must then say.
enum ReportData {
    /// For `report.docx`: every list but `proposals` and `empty` filled.
    static let first = #"""
        {
          "title": "Báo cáo Bộ chỉ số 766 – Quý I",
          "unit": {"name": "Sở Nội vụ", "code": "SNV", "total": 87.5, "level": "tỉnh"},
          "note": "Dòng một\nDòng hai\tcột hai",
          "agency": "Văn phòng UBND & Sở <Tư pháp>",
          "fields": ["Nội vụ", "Tư pháp"],
          "approved": true,
          "rows": [
            {"stt": 1, "name": "Công khai minh bạch", "score": 9.5, "members": ["An", "Bình"]},
            {"stt": 2, "name": "Tiến độ", "score": 10, "members": []}
          ],
          "sections": [
            {"title": "Thủ tục hành chính", "points": ["Đúng hạn", "Trực tuyến"]},
            {"title": "Chuyển đổi số", "points": []}
          ],
          "photos": [{"caption": "Ảnh hội nghị"}, {"caption": "Ảnh kiểm tra"}],
          "proposals": [],
          "empty": [],
          "lines": ["Một", "Hai", "Ba"],
          "reportDate": "28/02/2025",
          "source": "Hệ thống một cửa điện tử"
        }
        """#

    /// The paragraphs of `report.docx`'s body rendered with ``first``.
    static let firstParagraphs = [
        "BÁO CÁO KẾT QUẢ CHẤM ĐIỂM",
        "Đơn vị: Sở Nội vụ (mã SNV)",
        "Tổng điểm: 87.5 điểm",
        "Ghi chú: Dòng một\nDòng hai\tcột hai",
        "Cơ quan chủ trì: Văn phòng UBND & Sở <Tư pháp>",
        "Lĩnh vực: Nội vụ; Tư pháp; ",
        "Trạng thái: Đã phê duyệt",
        "Mã: SNV, cấp tỉnh",
        // The row-loop table: header row, then one row per item.
        "STT", "Chỉ số", "Thành viên", "Điểm",
        "1", "Công khai minh bạch", "An, Bình, ", "9.5 (SNV)",
        "2", "Tiến độ", "", "10 (SNV)",
        // The paragraph loop over sections, an inline loop inside.
        "Mục Thủ tục hành chính", "– Đúng hạn – Trực tuyến ",
        "Mục Chuyển đổi số", "",
        // The paragraph loop over pictures.
        "Hình: Ảnh hội nghị", "Hình: Ảnh kiểm tra",
        "Ảnh cố định: ",
        // The proposals cell rendered nothing and got an empty paragraph back.
        "Kiến nghị", "",
        // The table looping over an empty list is gone.
        "Trước bảng rỗng", "Sau bảng rỗng",
        "Dòng: Một", "Dòng: Hai", "Dòng: Ba",
        "Số liệu tổng hợp từ hệ thống",
    ]

    /// For `report.docx` again: other lengths, false and empty where ``first`` had values.
    static let second = #"""
        {
          "title": "Báo cáo xã A",
          "unit": {"name": "UBND xã A", "code": "XA", "total": 100, "level": "xã"},
          "note": "Không",
          "agency": "Phòng Nội vụ",
          "fields": [],
          "approved": false,
          "rows": [
            {"stt": 1, "name": "Chỉ số một", "score": 1, "members": ["Cúc"]},
            {"stt": 2, "name": "Chỉ số hai", "score": 2.25, "members": []},
            {"stt": 3, "name": "Chỉ số ba", "score": 3, "members": ["Dũng", "Giang"]}
          ],
          "sections": [],
          "photos": [],
          "proposals": ["Tăng cường kiểm tra", "Công khai kết quả"],
          "empty": [{"a": "ô trái", "b": "ô phải"}],
          "lines": [],
          "reportDate": "01/03/2025",
          "source": "Báo cáo của xã"
        }
        """#

    static let secondParagraphs = [
        "BÁO CÁO KẾT QUẢ CHẤM ĐIỂM",
        "Đơn vị: UBND xã A (mã XA)",
        "Tổng điểm: 100 điểm",
        "Ghi chú: Không",
        "Cơ quan chủ trì: Phòng Nội vụ",
        "Lĩnh vực: ",
        "Trạng thái: Chưa phê duyệt",
        "Mã: XA, cấp xã",
        "STT", "Chỉ số", "Thành viên", "Điểm",
        "1", "Chỉ số một", "Cúc, ", "1 (XA)",
        "2", "Chỉ số hai", "", "2.25 (XA)",
        "3", "Chỉ số ba", "Dũng, Giang, ", "3 (XA)",
        "Ảnh cố định: ",
        "Kiến nghị", "– Tăng cường kiểm tra", "– Công khai kết quả",
        "Trước bảng rỗng", "ô trái", "ô phải", "Sau bảng rỗng",
        "Số liệu tổng hợp từ hệ thống",
    ]

    static let paragraphLoop = #"{"items": [{"name": "A"}, {"name": "B"}], "flag": true}"#

    static let values = #"""
        {
          "int": 10, "dec": 9.75, "neg": -3, "big": 1234567890123, "yes": true, "no": false, "list": ["a", "b"],
          "padded": "  hai đầu  ", "markup": "<w:t>&amp;\"'</w:t>",
          "org": "Gốc", "people": [{"name": "An"}, {"name": "Bình", "org": "Riêng"}],
          "flagText": "có", "zero": 0, "obj": {"inner": {"deep": "sâu"}}, "outer": "ngoài", "emptyObject": {}
        }
        """#

    static let valuesParagraphs = [
        "Số: 10|9.75|-3|1234567890123|true|false|a, b",
        "Khoảng trắng: [  hai đầu  ]",
        #"Ký tự: <w:t>&amp;"'</w:t>"#,
        // Lookup climbs the scope chain: An has no org of her own.
        "An – Gốc; Bình – Riêng; ",
        // A non-empty string shows a section; 0 hides it and shows the inverted one.
        "Văn bản thậtKhông là sai",
        "sâu và ngoài",
        "Đối tượng rỗng vẫn hiện",
    ]

    static let multiRow = #"""
        {"groups": [
          {"name": "A", "lead": "Lan", "members": ["x", "y"], "note": "n1"},
          {"name": "B", "lead": "Minh", "members": [], "note": "n2"}
        ]}
        """#

    static let multiRowParagraphs = [
        "Nhóm", "Ghi chú",
        "Nhóm A", "Lan", "Thành viên:", "x", "y", "", "n1",
        "Nhóm B", "Minh", "Thành viên:", "", "n2",
        "Hết",
    ]

    static let libreOffice = #"""
        {
          "title": "Công văn số 12",
          "recipient": "Sở Tư pháp",
          "subject": "Báo cáo quý",
          "items": [{"name": "Mục một", "score": 7}, {"name": "Mục hai", "score": 8.5}],
          "notes": ["Gửi trước ngày 15", "Kèm phụ lục"],
          "agency": "UBND tỉnh"
        }
        """#

    static let libreOfficeParagraphs = [
        "Kính gửi: Sở Tư pháp",
        "Về việc: Báo cáo quý",
        "Tên", "Điểm",
        "Mục một", "7",
        "Mục hai", "8.5",
        "Ghi chú: Gửi trước ngày 15",
        "Ghi chú: Kèm phụ lục",
    ]
}
