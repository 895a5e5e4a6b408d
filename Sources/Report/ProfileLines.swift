import Yams

/// Where each key of a profile's YAML is, so a problem names its line ("dòng 14: …") and the
/// clerk who edited the file finds it.
struct ProfileLines {
    private let root: Node?

    init(yaml: String) {
        root = try? Yams.compose(yaml: yaml)
    }

    /// The line (1-based) of the deepest key of `path` the file has: `["office", "name"]` is
    /// the line of `name:` under `office:`; an index walks into a list.
    func line(of path: [String]) -> Int? {
        guard var node = root else { return nil }
        var line = node.mark?.line
        for key in path {
            if let mapping = node.mapping, let (keyNode, value) = mapping.first(where: { $0.key.string == key }) {
                line = keyNode.mark?.line ?? line
                node = value
            } else if let sequence = node.sequence, let index = Int(key), sequence.indices.contains(index) {
                node = sequence[index]
                line = node.mark?.line ?? line
            } else {
                break
            }
        }
        return path.isEmpty ? nil : line
    }

    /// `message` prefixed with the line of `path`, when the file has one.
    func prefixed(_ message: String, at path: [String]) -> String {
        guard let line = line(of: path) else { return message }
        return "dòng \(line): \(message)"
    }

    /// A YAML syntax error, with the line and column libyaml gives.
    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            "dòng \(mark.line), cột \(mark.column): Tệp không đúng cú pháp YAML (\(problem)). Kiểm tra dấu hai chấm, dấu ngoặc kép và thụt đầu dòng bằng dấu cách (không dùng phím Tab)."
        case .duplicatedKeysInMapping(let duplicates, let context):
            "dòng \(context.mark.line): Mục «\(duplicates.joined(separator: ", "))» khai báo hai lần."
        default:
            "Tệp không đúng cú pháp YAML: \(error)"
        }
    }
}
