extension VietnameseText {
    /// The names of `candidates` closest to `name`, closest first, for "did you mean" hints:
    /// compared without prefixes ("Xã", "Phường"…), case or diacritics, by edit distance,
    /// and only those within a third of the name's length (at least 2 edits).
    public static func nearest(to name: String, among candidates: [String], limit: Int) -> [String] {
        let target = Array(looseKey(strippingUnitPrefix(name)))
        guard !target.isEmpty, limit > 0 else { return [] }
        let allowed = max(2, target.count / 3)
        var scored: [(distance: Int, index: Int, name: String)] = []
        var seen: Set<String> = []
        for (index, candidate) in candidates.enumerated() where seen.insert(candidate).inserted {
            let key = Array(looseKey(strippingUnitPrefix(candidate)))
            // Containment ("Phú Tân" in "Phú Tân Đông") counts as close.
            let distance =
                key.starts(with: target) || target.starts(with: key)
                ? abs(key.count - target.count) / 2 : editDistance(target, key, bound: allowed)
            if distance <= allowed { scored.append((distance, index, candidate)) }
        }
        return scored.sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }.prefix(limit).map(\.name)
    }

    /// Levenshtein distance, or `bound + 1` as soon as it must exceed `bound`.
    static func editDistance(_ a: [Character], _ b: [Character], bound: Int) -> Int {
        if abs(a.count - b.count) > bound { return bound + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            var rowBest = current[0]
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowBest = min(rowBest, current[j])
            }
            if rowBest > bound { return bound + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
