extension DocumentSchemaValidator {
    /// The violations of one WordprocessingML part held in `bytes` (a main document, a
    /// header), checked against `wml.xsd` after the markup-compatibility reduction; empty
    /// when it is valid. The template engine uses it on the document it wraps around a raw
    /// XML value before that value goes into a report.
    public func validateWordprocessingPart(_ bytes: [UInt8], part: String) -> [SchemaViolation] {
        let tree: XMLDocumentTree
        switch XMLDocumentTree.parse(bytes, part: part, limits: limits) {
        case .tree(let parsed): tree = parsed
        case .unreadable(let violation): return [violation]
        }
        tree.reduceMarkupCompatibility()
        let (messages, total) = wordprocessing.validate(tree, limit: Self.messagesPerPart)
        var violations = messages.map {
            SchemaViolation(
                .schemaInvalid, part: part, line: $0.line,
                message: "Không đúng lược đồ ECMA-376: Word có thể báo tệp hỏng hoặc tự sửa nội dung.",
                detail: $0.text)
        }
        if total > messages.count {
            violations.append(
                SchemaViolation(
                    .schemaInvalid, part: part,
                    message: "Còn \(total - messages.count) chỗ khác không đúng lược đồ trong phần này."))
        }
        return violations
    }
}
