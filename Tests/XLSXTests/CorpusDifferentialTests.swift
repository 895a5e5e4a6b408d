import Foundation
import Testing

@testable import XLSX

/// Reads every workbook of the real-world corpus (`Tests/Fixtures/corpus/xlsx`) and compares the cells with
/// python-calamine's reading in `oracle.json`.
@Suite struct CorpusDifferentialTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/corpus/xlsx")

    /// Cells where this reader is right and calamine is not.
    static let knownBetter: [String: String] = [
        // `t="d"` holds "1976-11-22T08:30" (no seconds): a valid ISO 8601 date-time that
        // calamine leaves as text.
        "spout/tests__resources__xlsx__sheet_with_dates_and_times.xlsx|Sheet1|2|1":
            "ISO date-time without seconds read as a date"
    ]

    /// Files calamine "opens" that this reader refuses on purpose.
    static let knownRefusals: [String: String] = [
        // A raw `&` in the sheet XML: not well-formed. calamine returns no sheets at all.
        "spout/tests__resources__xlsx__one_sheet_with_invalid_xml_characters.xlsx": "xml.malformed"
    ]

    struct OracleCell {
        var type: String
        var value: Any
    }

    static func loadOracle() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: corpus.appendingPathComponent("oracle.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
    }

    static func matches(_ cell: Cell, _ expected: OracleCell) -> Bool {
        switch (cell.value, expected.type) {
        case (.string(let text), "string"): return text == expected.value as? String
        case (.number(let number), "number"):
            guard let want = (expected.value as? NSNumber)?.doubleValue else { return false }
            return abs(number - want) <= 1e-9 * max(1, abs(want))
        case (.boolean(let flag), "boolean"): return flag == (expected.value as? Bool)
        case (.date(let date), "date"): return date.iso8601 == expected.value as? String
        case (.time(let time), "time"): return time.iso8601 == expected.value as? String
        case (.duration(let seconds), "duration"):
            guard let want = (expected.value as? NSNumber)?.doubleValue else { return false }
            return abs(seconds - want) < 0.001
        default: return false
        }
    }

    @Test func agreesWithCalamineOnTheCorpus() throws {
        let oracle = try Self.loadOracle()
        var calamineOpened = 0
        var weOpened = 0
        var total = 0
        var agreed = 0
        var disagreements: [String] = []
        var refusals: [String] = []
        for (name, entry) in oracle.sorted(by: { $0.key < $1.key }) {
            guard entry["ok"] as? Bool == true else { continue }
            calamineOpened += 1
            let path = Self.corpus.appendingPathComponent(name).path
            var ours: [String: [Int: [Int: Cell]]] = [:]
            do {
                let workbook = try Workbook(path: path, displayName: name)
                for sheet in workbook.worksheets {
                    var grid: [Int: [Int: Cell]] = [:]
                    try workbook.readRows(of: sheet) { row in
                        for cell in row.cells { grid[cell.row, default: [:]][cell.column] = cell }
                    }
                    ours[sheet.name] = grid
                }
                weOpened += 1
            } catch {
                refusals.append(name)
                #expect(Self.knownRefusals[name] != nil, "refused \(name): \(error)")
                continue
            }
            for sheet in entry["sheets"] as? [[String: Any]] ?? [] {
                let sheetName = sheet["name"] as! String
                for raw in sheet["cells"] as? [[Any]] ?? [] {
                    let row = (raw[0] as! NSNumber).intValue
                    let column = (raw[1] as! NSNumber).intValue
                    let expected = OracleCell(type: raw[2] as! String, value: raw[3])
                    total += 1
                    if let cell = ours[sheetName]?[row]?[column], Self.matches(cell, expected) {
                        agreed += 1
                    } else if Self.knownBetter["\(name)|\(sheetName)|\(row)|\(column)"] != nil {
                        agreed += 1
                    } else {
                        disagreements.append(
                            "\(name) \(sheetName) r\(row)c\(column): calamine \(expected.type) \(expected.value), ours \(String(describing: ours[sheetName]?[row]?[column]?.value))"
                        )
                    }
                }
            }
        }
        let openRate = Double(weOpened) / Double(calamineOpened)
        let cellRate = Double(agreed) / Double(max(total, 1))
        print("corpus: opened \(weOpened)/\(calamineOpened) (\(openRate)), cells \(agreed)/\(total) (\(cellRate))")
        #expect(openRate >= 0.99, "refused: \(refusals)")
        #expect(cellRate >= 0.99, "first disagreements: \(disagreements.prefix(20))")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    /// What calamine refuses, this reader refuses too, each with its own stable code.
    @Test(arguments: [
        ("calamine/tests__pass_protected.xlsx", "package.encrypted"),
        ("spout/tests__resources__xlsx__attack_billion_laughs.xlsx", "xml.dtd_forbidden"),
        ("spout/tests__resources__xlsx__attack_quadratic_blowup.xlsx", "xml.dtd_forbidden"),
        ("spout/tests__resources__xlsx__file_corrupted.xlsx", "package.not_zip"),
    ])
    func refusesWhatCalamineRefuses(file: String, code: String) throws {
        let path = Self.corpus.appendingPathComponent(file).path
        var thrown: (any Error)?
        do {
            let workbook = try Workbook(path: path)
            for sheet in workbook.worksheets { _ = try workbook.cells(of: sheet) }
        } catch {
            thrown = error
        }
        let description = String(describing: thrown)
        #expect(description.contains("[\(code)]"), "got \(description)")
    }
}
