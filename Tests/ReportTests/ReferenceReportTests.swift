import DOCX
import Foundation
import OPC
import Scorecard
import TestKit
import Testing

@testable import Report

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Converts month 01 then month 02 through one history store and compares the draft with
/// the real report, sentence by sentence.
@Suite struct ReferenceReportTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The real report (02/2025, huyện Phú Tân), copied from the project's shared reference.
    static let reference = root.appendingPathComponent("Tests/Fixtures/reference/000_312ebf4bdc9e24be.txt")

    /// The reference without its markdown (`**`, `*`, `<…>`), with the slip "Công TTĐT"
    /// written as the office means it, one line a paragraph or table row.
    static func referenceLines() throws -> [String] {
        try String(contentsOf: reference, encoding: .utf8)
            .replacingOccurrences(of: "**", with: "")
            .replacingOccurrences(of: "*", with: "")
            .replacingOccurrences(of: "<", with: "")
            .replacingOccurrences(of: ">", with: "")
            .replacingOccurrences(of: "Công TTĐT huyện", with: "Cổng TTĐT huyện")
            .split(separator: "\n")
            .map { normalize(String($0)) }
            .filter { !$0.isEmpty }
    }

    static func normalize(_ line: String) -> String {
        line.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The draft's text: each paragraph a line (line breaks split it), each table row its
    /// cells joined by tabs.
    static func draftLines(_ path: String) throws -> [String] {
        let archive = try ZipArchive(path: path)
        let xml = try archive.readAll(archive.entry(named: "word/document.xml")!)
        final class Collector: NSObject, XMLParserDelegate {
            var lines: [String] = []
            var paragraph = ""
            var row: [String]?
            var cell = ""
            var cellDepth = 0
            var inText = false
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                switch name {
                case "w:tr": row = []
                case "w:tc": cell = ""
                case "w:t": inText = true
                case "w:br": paragraph += "\n"
                case "w:tab": paragraph += "\t"
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if inText { paragraph += string }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            {
                switch name {
                case "w:t": inText = false
                case "w:p":
                    if row != nil {
                        cell += (cell.isEmpty ? "" : "\n") + paragraph
                    } else {
                        lines += paragraph.split(separator: "\n").map(String.init)
                    }
                    paragraph = ""
                case "w:tc": row?.append(cell)
                case "w:tr":
                    if let row {
                        // A layout table (header, signature) reads cell by cell; a data table
                        // reads row by row.
                        lines.append(row.joined(separator: "\t"))
                        for cell in row { lines += cell.split(separator: "\n").map(String.init) }
                    }
                    row = nil
                default: break
                }
            }
        }
        let parser = XMLParser(data: Data(xml))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse())
        return collector.lines.map(normalize).filter { !$0.isEmpty }
    }

    @Test func monthTwoReadsLikeTheReference() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let converter = try Converter(
            profile: OfficeProfile.builtIn(), template: DOCXTemplate.builtIn(),
            store: HistoryStore(path: folder.appendingPathComponent("history.sqlite").path))
        let samples = Self.root.appendingPathComponent("Samples")
        for month in ["01", "02"] {
            let outcome = await converter.convert(
                ConversionRequest(
                    source: .path(samples.appendingPathComponent("phu-luc-1-2025-\(month).xlsx").path),
                    displayName: "phu-luc-1-2025-\(month).xlsx",
                    output: folder.appendingPathComponent("\(month).docx").path, surface: .commandLine))
            #expect(outcome.verdict == .converted)
            #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
        }
        DocumentChecks.expectValid(["01", "02"].map { folder.appendingPathComponent("\($0).docx") })
        let draft = try Self.draftLines(folder.appendingPathComponent("02.docx").path)
        let joined = draft.joined(separator: "\n")
        let reference = try Self.referenceLines()
        #expect(reference.count >= 30)
        #expect(
            reference.contains(
                "1. Tổng số điểm huyện đạt: 87.18/100 điểm, xếp hạng 02/11 huyện, thị xã, thành phố, xếp loại “TỐT” so với thang điểm được quy định tại Quyết định số 766/QĐ-TTg ngày 23/06/2022 của Thủ tướng Chính phủ phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử. Qua đó, báo cáo thống kê kết quả xếp loại của các đơn vị, địa phương (đính kèm Phụ lục 1)."
            ))
        for line in reference {
            #expect(draft.contains(line) || joined.contains(line), "the draft lacks: \(line)")
        }
        // The monthly table holds both months, from the history.
        #expect(draft.contains("01\t80.11\tTỐT\t2"))
        #expect(draft.contains("02\t87.18\tTỐT\t2"))
        // No other group calls anyone out.
        for group in ["Công khai, minh bạch: Các", "Tiến độ giải quyết: Các", "Dịch vụ công trực tuyến: Các"] {
            #expect(!joined.contains(group))
        }
    }
}
