import Testing

@testable import Scorecard

/// Merged ranges as spans: backwards ranges, clipping, overlaps and the area limit.
@Suite struct MergedCellsTests {
    @Test func coversTheCellsOfARangeButNotItsAnchor() throws {
        let merged = try MergedCells(ranges: ["B2:D3"], rows: 10, columns: 10, maxCells: 100)
        #expect(merged.anchor(1, 1) == nil, "the anchor holds its own value")
        #expect(merged.anchor(1, 3).map { [$0.row, $0.column] } == [1, 1])
        #expect(merged.anchor(2, 2).map { [$0.row, $0.column] } == [1, 1])
        #expect(merged.anchor(2, 4) == nil)
        #expect(merged.anchor(3, 1) == nil)
        #expect(merged.anchor(0, 0) == nil)
    }

    @Test func readsARangeWrittenBackwardsAsTheSameCells() throws {
        let forwards = try MergedCells(ranges: ["A1:C2"], rows: 5, columns: 5, maxCells: 100)
        let backwards = try MergedCells(ranges: ["C2:A1"], rows: 5, columns: 5, maxCells: 100)
        for row in 0..<5 {
            for column in 0..<5 {
                #expect(
                    forwards.anchor(row, column).map { [$0.row, $0.column] }
                        == backwards.anchor(row, column).map { [$0.row, $0.column] })
            }
        }
    }

    @Test func clipsRangesToTheCellsRead() throws {
        // A whole column and a whole row: a few cells once clipped, not millions.
        let merged = try MergedCells(
            ranges: ["A1:A1048576", "B1:XFD1"], rows: 4, columns: 3, maxCells: 10)
        #expect(merged.anchor(3, 0).map { [$0.row, $0.column] } == [0, 0])
        #expect(merged.anchor(0, 2).map { [$0.row, $0.column] } == [0, 1])
        #expect(merged.spans(in: 0).map { [$0.first, $0.last] } == [[0, 0], [1, 2]])
    }

    @Test func keepsOneRangeWhereRangesOverlap() throws {
        let merged = try MergedCells(ranges: ["C1:E1", "A1:D1", "F1:G1"], rows: 1, columns: 10, maxCells: 100)
        #expect(merged.spans(in: 0).map { [$0.first, $0.last] } == [[0, 3], [5, 6]])
        #expect(merged.anchor(0, 4) == nil, "the dropped range covers nothing")
    }

    @Test func refusesMoreCoveredCellsThanTheLimit() {
        #expect(throws: MergedCells.AreaExceeded.self) {
            try MergedCells(ranges: Array(repeating: "A1:J10", count: 11), rows: 10, columns: 10, maxCells: 1000)
        }
        #expect(throws: Never.self) {
            try MergedCells(ranges: Array(repeating: "A1:J10", count: 10), rows: 10, columns: 10, maxCells: 1000)
        }
    }

    @Test func ignoresReferencesThatAreNoRanges() throws {
        let merged = try MergedCells(
            ranges: ["A1", "B2:", "XFE1:XFE2", "A1:A1", "B1:C1"], rows: 5, columns: 5, maxCells: 10)
        #expect(merged.spans(in: 0).map { [$0.first, $0.last] } == [[1, 2]])
    }
}
