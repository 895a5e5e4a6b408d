import XLSX

/// The merged ranges of a sheet, clipped to the cells that were read, kept as column spans
/// per row: what they cost is bounded by the area they cover, never a dictionary entry per
/// covered cell of a range that reaches `XFD1048576`.
struct MergedCells {
    /// The columns `first...last` of one row, covered by the range anchored at `anchor`.
    struct Span {
        var first: Int32
        var last: Int32
        var anchorRow: Int32
        var anchorColumn: Int32
    }

    /// Spans by row, sorted by first column, none overlapping another.
    private var spans: [Int: [Span]] = [:]

    init() {}

    /// The spans of `ranges` (`A1:K1`, backwards ones normalised) within rows `0..<rows`
    /// and columns `0..<columns`. Where ranges overlap, which Excel repairs by dropping
    /// one, the span of a row that starts further left wins, then the one listed first.
    ///
    /// - Throws: the covered cells passed `maxCells`, as the cell count it reached.
    init(ranges: [String], rows: Int, columns: Int, maxCells: Int) throws(AreaExceeded) {
        var covered = 0
        var byRow: [Int: [Span]] = [:]
        for range in ranges {
            let corners = range.split(separator: ":")
            guard corners.count == 2, let one = CellReference.parse(String(corners[0])),
                let other = CellReference.parse(String(corners[1]))
            else { continue }
            let top = min(one.row, other.row)
            let left = min(one.column, other.column)
            // A range is anchored at its first cell even where clipping cuts its far side.
            let bottom = min(max(one.row, other.row), rows - 1)
            let right = min(max(one.column, other.column), columns - 1)
            guard top <= bottom, left <= right, (top, left) != (bottom, right) else { continue }
            covered += (bottom - top + 1) * (right - left + 1)
            guard covered <= maxCells else { throw AreaExceeded(cells: covered) }
            let span = Span(
                first: Int32(left), last: Int32(right), anchorRow: Int32(top), anchorColumn: Int32(left))
            for row in top...bottom { byRow[row, default: []].append(span) }
        }
        for (row, list) in byRow {
            var kept: [Span] = []
            kept.reserveCapacity(list.count)
            for span in list.enumerated().sorted(by: { ($0.element.first, $0.offset) < ($1.element.first, $1.offset) })
                .map(\.element)
            {
                if let previous = kept.last, span.first <= previous.last { continue }
                kept.append(span)
            }
            spans[row] = kept
        }
    }

    /// The merged-area limit was passed.
    struct AreaExceeded: Error {
        var cells: Int
    }

    /// The anchor of the range covering a cell other than its anchor, if any.
    func anchor(_ row: Int, _ column: Int) -> (row: Int, column: Int)? {
        guard let list = spans[row] else { return nil }
        // The last span starting at or before `column`.
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if Int(list[middle].first) <= column { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let span = list[low - 1]
        guard column <= Int(span.last) else { return nil }
        let anchor = (row: Int(span.anchorRow), column: Int(span.anchorColumn))
        return anchor == (row, column) ? nil : anchor
    }

    /// The spans crossing `row`, in column order.
    func spans(in row: Int) -> [Span] { spans[row] ?? [] }
}
