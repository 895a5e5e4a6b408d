import Forms
import Testing

/// How a forms error names its place: file, table and cell, or file and line.
@Suite struct FormsErrorTests {
    @Test func namesTheTableAndCellOrTheLine() {
        let inTable = FormsError(.spanTooLarge, "…", file: "phu-luc.html", sheet: "Bảng 2", cell: "C7")
        #expect(inTable.location == "phu-luc.html, 'Bảng 2'!C7")
        #expect(inTable.description == "phu-luc.html, 'Bảng 2'!C7: … [limit.span]")
        let onLine = FormsError(.lineTooLong, "…", file: "phu-luc.csv", line: 12)
        #expect(onLine.location == "phu-luc.csv, dòng 12")
        #expect(FormsError(.noTable, "…").location.isEmpty)
    }
}
