/// The Phú Tân office profile built into the binary, so `baocao` works without
/// `--profile`. Generated from `Templates/phu-tan.yaml` by `Scripts/embed-defaults`;
/// a test keeps the two the same.
enum BuiltInProfile {
    static let yaml = #"""
        # Hồ sơ cơ quan: Văn phòng HĐND và UBND huyện Phú Tân (tỉnh An Giang).
        #
        # Tệp này cho chương trình baocao biết cơ quan nào ban hành báo cáo, ai ký, các đơn vị được
        # xếp hạng và danh sách nơi nhận. Khi sửa:
        #   - chỉ sửa phần sau dấu hai chấm, giữ nguyên tên khóa bên trái (office, units, ...);
        #   - chữ có dấu phẩy, dấu hai chấm hoặc dấu nháy thì đặt trong ngoặc kép "...";
        #   - thụt đầu dòng bằng dấu cách (không dùng phím Tab), thẳng hàng với các dòng cùng cấp;
        #   - dòng bắt đầu bằng dấu # là ghi chú, chương trình bỏ qua.
        # Sau khi sửa, chạy thử: baocao validate Samples/phu-luc-1-2025-02.xlsx --profile <tệp này>

        # Cơ quan, in ở góc trái phần đầu văn bản (Nghị định 30/2020/NĐ-CP).
        office:
          # Tên cơ quan chủ quản (chữ in hoa, không đậm).
          parent: "UBND HUYỆN PHÚ TÂN"
          # Tên cơ quan ban hành báo cáo (chữ in hoa, đậm).
          name: "VĂN PHÒNG HĐND VÀ UBND"
          # Ký hiệu văn bản, in sau số: "Số:      /BC-VP".
          symbol: "BC-VP"

        # Tên huyện như bảng xếp hạng của tỉnh ghi (không cần chữ "Huyện"); dùng để tìm dòng của
        # huyện mình trong bảng xếp hạng các huyện, thị xã, thành phố.
        district: "Phú Tân"
        province: "An Giang"

        # Địa danh ở dòng ngày tháng: "Phú Tân, ngày ... tháng ... năm 2025".
        place: "Phú Tân"

        # Người ký.
        signer:
          # Chức vụ, chữ in hoa (in đậm ở khối chữ ký, cùng dòng với "Nơi nhận:").
          title: "CHÁNH VĂN PHÒNG"
          # ĐIỀN họ và tên người ký vào giữa hai dấu ngoặc kép (ví dụ: "Nguyễn Văn A").
          # Để trống thì bản thảo chừa chỗ để ghi tay.
          name: ""

        # Các đơn vị được xếp hạng trong Phụ lục 1 (18 xã, thị trấn và Bộ phận Một cửa huyện).
        #   name:    tên viết trong báo cáo (không có chữ "Xã", "Thị trấn").
        #   aliases: các cách viết khác có thể gặp trong bảng điểm (tên theo danh mục của Tổng cục
        #            Thống kê có chữ "Xã"/"Thị trấn", kiểu bỏ dấu cũ "Hoà"). Chương trình đã tự bỏ
        #            qua chữ hoa/thường, chữ "Xã"/"Thị trấn" và kiểu bỏ dấu cũ/mới; chỉ cần thêm
        #            những cách gọi khác hẳn (ví dụ "Bộ phận Một cửa huyện").
        # Thứ tự ở đây là thứ tự trong danh sách; thêm, bớt đơn vị thì thêm, bớt cả khối "- name".
        units:
          - name: "Phú Mỹ"
            aliases: ["Thị trấn Phú Mỹ"]
          - name: "Chợ Vàm"
            aliases: ["Thị trấn Chợ Vàm"]
          - name: "Long Hòa"
            aliases: ["Xã Long Hoà"]
          - name: "Phú Long"
            aliases: ["Xã Phú Long"]
          - name: "Phú Lâm"
            aliases: ["Xã Phú Lâm"]
          - name: "Phú Hiệp"
            aliases: ["Xã Phú Hiệp"]
          - name: "Phú Thạnh"
            aliases: ["Xã Phú Thạnh"]
          - name: "Hòa Lạc"
            aliases: ["Xã Hoà Lạc"]
          - name: "Phú Thành"
            aliases: ["Xã Phú Thành"]
          - name: "Phú An"
            aliases: ["Xã Phú An"]
          - name: "Phú Xuân"
            aliases: ["Xã Phú Xuân"]
          - name: "Hiệp Xương"
            aliases: ["Xã Hiệp Xương"]
          - name: "Phú Bình"
            aliases: ["Xã Phú Bình"]
          - name: "Phú Thọ"
            aliases: ["Xã Phú Thọ"]
          - name: "Phú Hưng"
            aliases: ["Xã Phú Hưng"]
          - name: "Bình Thạnh Đông"
            aliases: ["Xã Bình Thạnh Đông"]
          - name: "Tân Hòa"
            aliases: ["Xã Tân Hòa", "Xã Tân Hoà"]
          - name: "Tân Trung"
            aliases: ["Xã Tân Trung"]
          - name: "Bộ phận tiếp nhận và Trả kết quả huyện"
            aliases: ["Bộ phận tiếp nhận và trả kết quả huyện", "Bộ phận Một cửa huyện"]

        # Thang xếp loại theo tổng điểm: đạt từ "minimum" điểm trở lên thì xếp loại "name".
        # Ghi từ cao xuống thấp; loại thấp nhất có minimum: 0.
        bands:
          - name: "XUẤT SẮC"
            minimum: 90
          - name: "TỐT"
            minimum: 80
          - name: "KHÁ"
            minimum: 70
          - name: "TRUNG BÌNH"
            minimum: 50
          - name: "YẾU"
            minimum: 0

        # Đơn vị được nêu tên ở từng nhóm chỉ số trong phần đề nghị của báo cáo: đơn vị có điểm
        # nhóm dưới tỷ lệ này của điểm tối đa của nhóm (0.7 là dưới 70%), xếp từ điểm thấp lên.
        callOut:
          belowShareOfMaximum: 0.7

        # Nơi nhận, mỗi dòng một nơi, đúng thứ tự in; không cần gõ gạch đầu dòng "- " ở đầu (chương
        # trình tự thêm), giữ dấu ";" cuối mỗi dòng và dòng cuối "Lưu: VT.".
        recipients:
          - "TT UBND huyện;"
          - "Chánh, Phó Văn phòng;"
          - "Các phòng chuyên môn huyện;"
          - "Cổng TTĐT huyện;"
          - "Bộ phận Một cửa huyện;"
          - "UBND các xã, thị trấn;"
          - "Lưu: VT."

        """#
}
