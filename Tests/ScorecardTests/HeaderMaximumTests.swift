import Testing

@testable import Scorecard

/// The maxima header blocks state, as offices write them.
@Suite struct HeaderMaximumTests {
    @Test(arguments: [
        ("Công khai, minh bạch (18 điểm)", 18.0), ("Tiến độ giải quyết\n(20đ)", 20), ("Số hóa hồ sơ 22 Điểm", 22),
        ("Tổng điểm (tối đa 100)", 100), ("Tổng điểm\n(100 điểm)", 100), ("Mức độ hài lòng [17,5 điểm]", 17.5),
    ])
    func readsAMaximumBesideAName(_ text: String, _ maximum: Double) {
        #expect(HeaderMaximum.inName(text) == maximum)
    }

    @Test(arguments: ["Công khai, minh bạch", "Tổng điểm", "Xếp hạng", "Điểm đạt", "Nhóm 1 đạt"])
    func findsNoMaximumWhereNoneIsStated(_ text: String) {
        #expect(HeaderMaximum.inName(text) == nil)
    }

    @Test func readsTheCellsOfARowOfMaxima() {
        #expect(HeaderMaximum.inCell("18")?.value == 18)
        #expect(HeaderMaximum.inCell("18")?.saysPoints == false)
        #expect(HeaderMaximum.inCell("(18 điểm)")?.saysPoints == true)
        #expect(HeaderMaximum.inCell(" 22đ ")?.value == 22)
        #expect(HeaderMaximum.inCell("tối đa 100")?.value == 100)
        #expect(HeaderMaximum.inCell("17,62")?.value == 17.62)
        #expect(HeaderMaximum.inCell("TỐT") == nil)
        #expect(HeaderMaximum.inCell("18 điểm tối đa của nhóm") == nil)
    }

    @Test func knowsTheLabelsOfARowOfMaxima() {
        for label in ["Điểm tối đa", "Số điểm tối đa", "Thang điểm", "Điểm chuẩn", "ĐIỂM TỐI ĐA"] {
            #expect(HeaderMaximum.isLabel(label), "\(label)")
        }
        for name in ["Xã Phú Hưng", "Thị trấn Chợ Vàm", "Tổng cộng"] { #expect(!HeaderMaximum.isLabel(name)) }
    }
}
