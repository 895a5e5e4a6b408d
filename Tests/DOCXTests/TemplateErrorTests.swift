import DOCX
import Foundation
import Testing

/// Template errors: every problem found at once, each with a stable id, its part and the
/// text around it; rendering refuses and writes nothing.
@Suite("DOCX template errors")
struct TemplateErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var id: String
        var part = "word/document.xml"
        /// Text the problem's context must contain.
        var context: String
        var testDescription: String { "\(id) (\(fixture))" }
    }

    static let cases: [Case] = [
        Case(fixture: "err_unclosed_tag", id: "unclosed_tag", context: "Kính gửi {unit.name"),
        Case(fixture: "err_unopened_tag", id: "unopened_tag", context: "Tổng: total}"),
        Case(fixture: "err_unclosed_loop", id: "unclosed_loop", context: "{#rows}"),
        Case(fixture: "err_unopened_loop", id: "unopened_loop", context: "{/rows}"),
        Case(fixture: "err_mismatch", id: "closing_tag_does_not_match_opening_tag", context: "{#rows} … {/cols}"),
        Case(fixture: "err_duplicate_open", id: "duplicate_open_tag", context: "Xin chào {{name}"),
        Case(fixture: "err_duplicate_close", id: "duplicate_close_tag", context: "Xin chào {name}}"),
        Case(fixture: "err_empty_tag", id: "empty_tag", context: "{}"),
        Case(fixture: "err_invalid_delimiters", id: "invalid_tag", context: "{= [[ =}"),
        Case(fixture: "err_invalid_element", id: "invalid_tag", context: "{-w:p}"),
        Case(fixture: "err_header_only", id: "unclosed_tag", part: "word/header1.xml", context: "Đơn vị: {unit.name"),
        // Opened in a table cell, closed after the table.
        Case(fixture: "unbalanced_cell", id: "unbalanced_loop_tags", context: "{#rows}{name}"),
        // A raw XML tag replaces its paragraph, so it must stand alone in it.
        Case(
            fixture: "err_raw_inline", id: "raw_xml_tag_should_be_only_text_in_paragraph",
            context: "Xin chào {@raw} các bạn"),
        // Two row loops in one row.
        Case(fixture: "unbalanced_row", id: "unbalanced_loop_tags", context: "{#b}"),
    ]

    @Test("Each error has its id, part and context, and rendering refuses", arguments: cases)
    func error(_ expected: Case) throws {
        let template = try DOCXTemplate(path: try DOCXSupport.template(expected.fixture).path)
        let problem = try #require(
            template.problems.first { $0.id == expected.id }, "no \(expected.id) in \(template.problems)")
        #expect(problem.part == expected.part)
        #expect(problem.context.contains(expected.context), "context «\(problem.context)»")
        #expect(problem.severity == .error)
        #expect(!problem.message.isEmpty)
        #expect(problem.description.hasSuffix("[\(expected.id)]"))
        #expect(problem.description.hasPrefix(expected.part))

        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.docx")
        let error = try #require(throws: DOCXError.self) { try template.render(["name": "An"], to: output.path) }
        #expect(error.code == .templateInvalid)
        #expect(error.problems == template.problems)
        #expect(error.description.contains("[\(expected.id)]"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("Only the expected problems are reported")
    func noExtraProblems() throws {
        for expected in Self.cases where expected.fixture != "err_invalid_element" {
            let template = try DOCXTemplate(path: try DOCXSupport.template(expected.fixture).path)
            #expect(template.problems.map(\.id) == [expected.id], "\(expected.fixture)")
        }
        // "{-w:p}" says no name: the tag is invalid, and "{/}" after it then closes nothing.
        let invalid = try DOCXTemplate(path: try DOCXSupport.template("err_invalid_element").path)
        #expect(invalid.problems.map(\.id) == ["invalid_tag", "unopened_loop"])
    }

    @Test("Every problem of every part is reported at once")
    func allAtOnce() throws {
        let template = try DOCXTemplate(path: try DOCXSupport.template("errors_everywhere").path)
        let found = template.problems.map { "\($0.part) \($0.id)" }
        #expect(
            Set(found) == [
                "word/document.xml unclosed_tag",
                "word/document.xml closing_tag_does_not_match_opening_tag",
                "word/header1.xml unclosed_tag",
                "word/footer1.xml unopened_tag",
                "word/footnotes.xml empty_tag",
                "docProps/core.xml unclosed_tag",
            ])
        #expect(found.count == 6)
        let byPart = Dictionary(grouping: template.problems, by: \.part)
        #expect(byPart["word/header1.xml"]?.first?.context == "Đơn vị: {unit.name")
        #expect(byPart["word/footer1.xml"]?.first?.context.contains("so}") == true)
        #expect(byPart["docProps/core.xml"]?.first?.context == "{title")
        let error = try #require(throws: DOCXError.self) {
            try template.renderParts(["recipient": "A"])
        }
        #expect(error.problems.count == 6)
        #expect(error.file?.hasSuffix("errors_everywhere.docx") == true)
    }

    @Test("A file that is a package but not a Word document is refused as such")
    func notADocument() throws {
        let workbook = try DOCXSupport.template("report").deletingLastPathComponent()
            .appendingPathComponent("workbook.xlsx")
        let error = try #require(throws: DOCXError.self) { try DOCXTemplate(path: workbook.path) }
        #expect(error.code == .notADocument)
    }
}
