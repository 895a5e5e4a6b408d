import Foundation
import TestKit
import Testing

/// A valid appendix with one small hostile change, through `validate`, `convert`, `batch`
/// and the page: no path traps, each answers with its documented exit code or status, and
/// the server still answers afterwards.
@Suite(.serialized) struct HostileAppendixTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        /// Python: `xml` is the first sheet's XML, changed in place.
        var change: String
        /// A problem the check must report (rule and cell), when there must be one.
        var expected: (rule: String, cell: String)?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "a merge range written backwards",
            change:
                #"xml = xml.replace('<mergeCell ref="A1:K1"/>', '<mergeCell ref="K1:A1"/><mergeCell ref="A4:A3"/>')"#
        ),
        Case(
            label: "a whole number too large for Int",
            change: #"xml = xml.replace('<c r="A7" s="4"><v>1</v></c>', '<c r="A7" s="4"><v>1E+19</v></c>')"#),
        Case(
            label: "an ISO date whose seconds are nan",
            change:
                #"xml = xml.replace('<c r="A8" s="4"><v>2</v></c>', '<c r="A8" t="d"><v>2025-02-01T10:00:nan</v></c>')"#
        ),
        Case(
            label: "an ISO date whose seconds are 1e300",
            change:
                #"xml = xml.replace('<c r="A8" s="4"><v>2</v></c>', '<c r="A8" t="d"><v>2025-02-01T10:00:1e300</v></c>')"#
        ),
        Case(
            label: "NaN typed as text in a score",
            change:
                #"xml = xml.replace('<c r="C7" s="6"><v>17.62</v></c>', '<c r="C7" s="6" t="inlineStr"><is><t>NaN</t></is></c>')"#,
            expected: ("value.not_numeric", "C7")),
        Case(
            label: "inf typed as text in a score",
            change:
                #"xml = xml.replace('<c r="C7" s="6"><v>17.62</v></c>', '<c r="C7" s="6" t="inlineStr"><is><t>inf</t></is></c>')"#,
            expected: ("value.not_numeric", "C7")),
        Case(
            label: "control characters and a bidi override in a unit name",
            change:
                #"xml = xml.replace('<c r="B7" s="5" t="s"><v>15</v></c>', '<c r="B7" s="5" t="inlineStr"><is><t>Thị trấn Phú Mỹ_x0001_‮</t></is></c>')"#,
            expected: ("text.unsafe_characters", "B7")),
        Case(
            label: "a cell reference beyond XFD1048576",
            change: #"xml = xml.replace('<c r="A8" s="4">', '<c r="XFE8" s="4">')"#),
        // Floods that were slow (recognition read every column of the widest row for each
        // row): bounded by the cells read now.
        Case(
            label: "100,000 merge ranges",
            change: #"""
                extra = "".join('<mergeCell ref="A%d:B%d"/>' % (r, r) for r in range(30, 100030))
                xml = xml.replace('<mergeCells count="9">', '<mergeCells count="100009">' + extra)
                """#),
        Case(
            label: "150,000 rows below the table",
            change: #"""
                extra = "".join('<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r, r, r) for r in range(30, 150030))
                xml = xml.replace('</sheetData>', extra + '</sheetData>')
                """#),
    ]

    /// The month-02 sample with `change` applied to its first sheet, as `path`.
    static func write(_ item: Case, to path: URL) throws {
        let script = """
            import sys, zipfile
            source, target = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                for info in original.infolist():
                    data = original.read(info.filename)
                    if info.filename == "xl/worksheets/sheet1.xml":
                        xml = data.decode("utf-8")
                        before = xml
            \(item.change.split(separator: "\n").map { "            " + $0 }.joined(separator: "\n"))
                        assert xml != before, "the change did not apply"
                        data = xml.encode("utf-8")
                    out.writestr(info, data)
            """
        let made = try TestSupport.python(
            script, [TestSupport.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx").path, path.path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test(arguments: cases)
    func everyPathAnswersWithoutATrap(_ item: Case) async throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let appendix = folder.appendingPathComponent("in/phu-luc-1-2025-02.xlsx")
        try FileManager.default.createDirectory(
            at: appendix.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.write(item, to: appendix)

        let validated = try TestSupport.baocao(["validate", appendix.path, "--format", "json"])
        let unreadable = item.label.contains("beyond XFD")
        #expect(
            [0, 1].contains(validated.status) || (unreadable && validated.status == 2),
            "validate: exit \(validated.status) \(validated.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: validated.stdout) as? [String: Any])
        let problems = (outcome["diagnostics"] as? [[String: Any]]) ?? []
        if let expected = item.expected {
            #expect(
                problems.contains { $0["rule"] as? String == expected.rule && $0["cell"] as? String == expected.cell },
                "validate: \(problems)")
        }
        if item.expected?.rule == "value.not_numeric" { #expect(validated.status == 1) }
        if item.label.contains("beyond XFD") {
            #expect(validated.status == 2, "an impossible reference is refused, not read as another cell")
            let failure = outcome["failure"] as? [String: Any]
            #expect(failure?["code"] as? String == "cell.bad_reference")
            #expect((failure?["place"] as? String)?.contains("Phụ lục 1") == true, "\(failure ?? [:])")
            #expect((failure?["message"] as? String)?.contains("XFE8") == true)
        }

        let converted = try TestSupport.baocao(
            [
                "convert", appendix.path, "-o", folder.appendingPathComponent("du-thao.docx").path, "--store",
                folder.appendingPathComponent("h1.sqlite").path,
            ])
        #expect(
            [0, 1].contains(converted.status) || (unreadable && converted.status == 2),
            "convert: exit \(converted.status) \(converted.stderr)")
        if converted.status == 0 {
            DocumentChecks.expectValid([folder.appendingPathComponent("du-thao.docx")])
            let text = try DraftText.of(folder.appendingPathComponent("du-thao.docx"))
            #expect(text.range(of: #"\b(nan|inf)\b"#, options: .regularExpression) == nil, "no nan in the draft")
            #expect(!text.unicodeScalars.contains { $0.value == 0x202E }, "no bidi override in the draft")
        }

        let batched = try TestSupport.baocao(
            [
                "batch", appendix.deletingLastPathComponent().path, "--out", folder.appendingPathComponent("out").path,
                "--quiet", "--store", folder.appendingPathComponent("h2.sqlite").path,
            ])
        #expect(
            [0, 1].contains(batched.status) || (unreadable && batched.status == 2),
            "batch: exit \(batched.status) \(batched.stderr)")

        let server = try RunningServer(store: folder.appendingPathComponent("h3.sqlite"))
        defer { server.stop() }
        let (_, status) = try await server.convert(Data(contentsOf: appendix))
        #expect([200, 422].contains(status) || (unreadable && status == 400), "the page answered \(status)")
        let (health, _) = try await server.get("healthz")
        #expect(String(decoding: health, as: UTF8.self) == "ok", "the server still answers after the upload")
    }
}
