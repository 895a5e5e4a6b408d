import Foundation
import TestKit
import Testing

/// A valid appendix with one small hostile change, in each form offices send (XLSX, HTML
/// named `.xls`, CSV), through `validate`, `convert`, `batch` and the page: no path traps,
/// each answers with its documented exit code or status, and the server still answers
/// afterwards.
@Suite(.serialized) struct HostileAppendixTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        /// Python: `xml` is the first sheet's XML, changed in place; for another form, the
        /// script that writes the file to `target` (`forms` is `Samples/forms`).
        var change: String
        /// The appendix's file name; its extension says the form `change` writes.
        var file = "phu-luc-1-2025-02.xlsx"
        /// A problem the check must report (rule and cell), when there must be one.
        var expected: (rule: String, cell: String)?
        /// The error every path must refuse the file with (exit 2, 400): its code and what
        /// its place and message must name.
        var refusal: (code: String, names: [String])?
        /// Whether the change leaves the appendix valid, all 19 units read.
        var readsClean = false
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
            change: #"xml = xml.replace('<c r="A8" s="4">', '<c r="XFE8" s="4">')"#,
            refusal: ("cell.bad_reference", ["Phụ lục 1", "XFE8"])),
        Case(
            label: "more merge ranges than any workbook (250,001)",
            change: #"""
                extra = "".join('<mergeCell ref="C%d:D%d"/>' % (r, r) for r in range(30, 250030))
                xml = xml.replace('<mergeCells count="9">', '<mergeCells count="250009">' + extra)
                """#,
            refusal: ("limit.merges", ["Phụ lục 1", "250000"])),
        Case(
            label: "overlapping merges over the whole sheet",
            change: #"""
                extra = "".join('<mergeCell ref="A%d:XFD5000"/>' % r for r in range(1, 40))
                xml = xml.replace('<mergeCells count="9">', '<mergeCells count="48">' + extra)
                xml = xml.replace('</sheetData>', '<row r="5000"><c r="XFD5000"><v>1</v></c></row></sheetData>')
                """#,
            refusal: ("limit.merge_area", ["Phụ lục 1", "2000000"])),
        Case(
            label: "a unit name of 2 MB",
            change:
                #"xml = xml.replace('<c r="B7" s="5" t="s"><v>15</v></c>', '<c r="B7" s="5" t="inlineStr"><is><t>' + 'Phú' * 700000 + '</t></is></c>')"#,
            refusal: ("limit.string_length", ["Phụ lục 1", "B7"])),
        // Rows past the grid's 5,000 are read past, not kept: the table above still reads.
        Case(
            label: "6,000 rows below the table",
            change: #"""
                extra = "".join('<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(40, 6040))
                xml = xml.replace('</sheetData>', extra + '</sheetData>')
                """#, readsClean: true),
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
                """#, readsClean: true),
        // Other forms: the hand-made one-stop-shop HTML export (named .xls) and the CSV.
        Case(
            label: "an HTML export whose DTD declares an external entity",
            change: #"""
                html = sample("phu-luc-1-2025-02-mot-cua.xls").replace("Thị trấn Phú Mỹ", "&xxe;")
                html = '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + html
                open(target, "w", encoding="utf-8").write(html)
                """#, file: "phu-luc-1-2025-02.xls",
            refusal: ("html.dtd_forbidden", ["phu-luc-1-2025-02.xls"])),
        Case(
            label: "an HTML export whose DOCTYPE names a DTD on the network",
            change: #"""
                html = '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n'
                open(target, "w", encoding="utf-8").write(html + sample("phu-luc-1-2025-02-mot-cua.xls"))
                """#, file: "phu-luc-1-2025-02.xls", readsClean: true),
        Case(
            label: "an HTML export nested past the depth limit",
            change: #"""
                open(target, "w", encoding="utf-8").write("<div>" * 300 + sample("phu-luc-1-2025-02-mot-cua.xls"))
                """#, file: "phu-luc-1-2025-02.xls",
            refusal: ("limit.xml_depth", ["phu-luc-1-2025-02.xls"])),
        Case(
            label: "a colspan of a billion in an HTML export",
            change: #"""
                html = sample("phu-luc-1-2025-02-mot-cua.xls").replace("<td>1</td>", '<td>1</td><td colspan="1000000000">x</td>', 1)
                open(target, "w", encoding="utf-8").write(html)
                """#, file: "phu-luc-1-2025-02.xls",
            refusal: ("limit.span", ["phu-luc-1-2025-02.xls", "Bảng 1", "B3"])),
        Case(
            label: "NaN as a score in an HTML export",
            change: #"""
                html = sample("phu-luc-1-2025-02-mot-cua.xls").replace('<td class="num">17.62</td>', '<td class="num">NaN</td>')
                open(target, "w", encoding="utf-8").write(html)
                """#, file: "phu-luc-1-2025-02.xls", expected: ("value.not_numeric", "C3")),
        Case(
            label: "a bidi override in a unit name in a CSV",
            change: #"""
                text = sample("phu-luc-1-2025-02.csv").replace("Thị trấn Phú Mỹ", "Thị trấn Phú Mỹ\u202e")
                open(target, "w", encoding="utf-8", newline="").write(text)
                """#, file: "phu-luc-1-2025-02.csv", expected: ("text.unsafe_characters", "B7")),
        Case(
            label: "a CSV line of 8 MB",
            change: #"""
                text = sample("phu-luc-1-2025-02.csv") + ("x" * 1023 + ",") * 8192 + "\n"
                open(target, "w", encoding="utf-8", newline="").write(text)
                """#, file: "phu-luc-1-2025-02.csv",
            refusal: ("limit.line_length", ["phu-luc-1-2025-02.csv", "28"])),
        Case(
            label: "NUL bytes in a CSV",
            change: #"""
                open(target, "wb").write(sample("phu-luc-1-2025-02.csv").encode("utf-8") + b"\x00\x01\x02")
                """#, file: "phu-luc-1-2025-02.csv",
            refusal: ("text.encoding", ["phu-luc-1-2025-02.csv"])),
    ]

    /// The month-02 sample with `change` applied to its first sheet, as `path`; or, for
    /// another form, the file `change` writes.
    static func write(_ item: Case, to path: URL) throws {
        if !item.file.hasSuffix(".xlsx") {
            let script = """
                import os, sys
                target, forms = sys.argv[1], sys.argv[2]
                def sample(name, encoding="utf-8"):
                    with open(os.path.join(forms, name), encoding=encoding) as file:
                        return file.read()
                \(item.change)
                """
            let formsFolder = TestSupport.repoRoot.appendingPathComponent("Samples/forms").path
            let made = try TestSupport.python(script, [path.path, formsFolder])
            #expect(made.status == 0, "\(made.stderr)")
            return
        }
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
        let appendix = folder.appendingPathComponent("in").appendingPathComponent(item.file)
        try FileManager.default.createDirectory(
            at: appendix.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.write(item, to: appendix)

        let validated = try TestSupport.baocao(["validate", appendix.path, "--format", "json"])
        let refused = item.refusal != nil
        #expect(
            refused ? validated.status == 2 : [0, 1].contains(validated.status),
            "validate: exit \(validated.status) \(validated.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: validated.stdout) as? [String: Any])
        let problems = (outcome["diagnostics"] as? [[String: Any]]) ?? []
        if let expected = item.expected {
            #expect(
                problems.contains { $0["rule"] as? String == expected.rule && $0["cell"] as? String == expected.cell },
                "validate: \(problems)")
        }
        if item.expected?.rule == "value.not_numeric" { #expect(validated.status == 1) }
        if let refusal = item.refusal {
            let failure = outcome["failure"] as? [String: Any]
            #expect(failure?["code"] as? String == refusal.code, "\(failure ?? [:])")
            let said = "\(failure?["place"] as? String ?? "") \(failure?["message"] as? String ?? "")"
            for name in refusal.names { #expect(said.contains(name), "\(name) in «\(said)»") }
        }
        if item.readsClean {
            #expect(validated.status == 0, "the table above the rows reads clean: \(problems)")
            #expect(outcome["units"] as? Int == 19)
        }

        let converted = try TestSupport.baocao(
            [
                "convert", appendix.path, "-o", folder.appendingPathComponent("du-thao.docx").path, "--store",
                folder.appendingPathComponent("h1.sqlite").path,
            ])
        #expect(
            refused ? converted.status == 2 : [0, 1].contains(converted.status),
            "convert: exit \(converted.status) \(converted.stderr)")
        if let refusal = item.refusal { #expect(converted.stderr.contains(refusal.code), "\(converted.stderr)") }
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
            refused ? batched.status == 2 : [0, 1].contains(batched.status),
            "batch: exit \(batched.status) \(batched.stderr)")

        let server = try RunningServer(store: folder.appendingPathComponent("h3.sqlite"))
        defer { server.stop() }
        let (answer, status) = try await server.convert(Data(contentsOf: appendix))
        #expect(refused ? status == 400 : [200, 422].contains(status), "the page answered \(status)")
        if let refusal = item.refusal {
            #expect(String(decoding: answer, as: UTF8.self).contains(refusal.code), "the page names the code")
        }
        let (health, _) = try await server.get("healthz")
        #expect(String(decoding: health, as: UTF8.self) == "ok", "the server still answers after the upload")
    }
}
