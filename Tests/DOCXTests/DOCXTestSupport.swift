import DOCX
import Foundation
import OPC
import TestKit
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Paths, fixtures and external tools for the DOCX engine tests.
enum DOCXSupport {
    static let repoRoot = TestFiles.repoRoot

    static let writer = repoRoot.appendingPathComponent("Tests/Fixtures/docx/write_templates.py")

    /// Every template of `write_templates.py`, written once per test run.
    private static let fixtureFolder: Result<URL, any Error> = Result {
        let folder = try temporaryFolder("baocao-docx-fixtures")
        let outcome = try TestProcess.run(TestFiles.python, [writer.path, folder.path])
        guard outcome.status == 0 else {
            throw SupportFailure(description: "write_templates.py failed: \(outcome.stderr)")
        }
        fixturePath.value = folder.path
        atexit { try? FileManager.default.removeItem(atPath: DOCXSupport.fixturePath.value) }
        return folder
    }

    /// Where the fixtures went, removed when the test process ends.
    private static let fixturePath = LockedBox("")

    /// The template `name` (`report` → `…/report.docx`).
    static func template(_ name: String) throws -> URL {
        let url = try fixtureFolder.get().appendingPathComponent(name + ".docx")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SupportFailure(description: "no fixture \(name).docx")
        }
        return url
    }

    /// A fresh temporary folder; the caller removes it.
    static func temporaryFolder(_ label: String = "baocao-docx") throws -> URL {
        try TestFiles.temporaryFolder(label)
    }

    // MARK: - Validation and LibreOffice

    /// Checks `files` against the ECMA-376 schemas with the project's own validator.
    static func expectValid(_ files: [URL], sourceLocation: SourceLocation = #_sourceLocation) {
        DocumentChecks.expectValid(files, sourceLocation: sourceLocation)
    }

    /// `soffice`, or a failure telling how to install it.
    static func soffice() throws -> String {
        try #require(
            TestProcess.findExecutable("soffice")?.path,
            """
            soffice (LibreOffice) is not on PATH: these tests need LibreOffice Writer; \
            run Scripts/bootstrap (it installs libreoffice-writer-nogui and poppler-utils).
            """)
    }

    /// Converts `inputs` with one headless LibreOffice call and a private profile, and
    /// returns the converted files in input order.
    static func convert(_ inputs: [URL], to target: String, extension fileExtension: String, in folder: URL) throws
        -> [URL]
    {
        let office = try soffice()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let profile = URL(fileURLWithPath: "/tmp/lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let outcome = try TestProcess.run(
            URL(fileURLWithPath: "/usr/bin/timeout"),
            [
                "300", office, "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                "--convert-to", target, "--outdir", folder.path,
            ] + inputs.map(\.path))
        let outputs = inputs.map {
            folder.appendingPathComponent($0.deletingPathExtension().lastPathComponent + "." + fileExtension)
        }
        for output in outputs where !FileManager.default.fileExists(atPath: output.path) {
            throw SupportFailure(
                description: """
                    soffice --convert-to \(target) did not write \(output.lastPathComponent) \
                    (status \(outcome.status)): \(outcome.stdoutText) \(outcome.stderr)
                    """)
        }
        return outputs
    }

    /// The text of a PDF by `pdftotext` (poppler-utils).
    static func pdfText(_ pdf: URL) throws -> String {
        let tool = try #require(
            TestProcess.findExecutable("pdftotext"),
            "pdftotext is not on PATH: run Scripts/bootstrap (apt-get install poppler-utils).")
        let outcome = try TestProcess.run(tool, ["-enc", "UTF-8", pdf.path, "-"])
        try #require(outcome.status == 0, "pdftotext \(pdf.lastPathComponent): \(outcome.stderr)")
        return outcome.stdoutText
    }

    /// The document title a PDF carries, by `pdfinfo`.
    static func pdfTitle(_ pdf: URL) throws -> String? {
        guard let tool = TestProcess.findExecutable("pdfinfo") else { return nil }
        let outcome = try TestProcess.run(tool, ["-enc", "UTF-8", pdf.path])
        for line in outcome.stdoutText.split(separator: "\n") where line.hasPrefix("Title:") {
            return line.dropFirst("Title:".count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

struct SupportFailure: Error, CustomStringConvertible {
    var description: String
}

// MARK: - Rendering a fixture

/// A rendered document, read back.
struct Rendered {
    var output: URL
    var report: RenderReport
    var archive: ZipArchive

    /// The bytes of entry `name`.
    func bytes(_ name: String) throws -> [UInt8] {
        let entry = try #require(archive.entry(named: name), "no \(name) in \(output.lastPathComponent)")
        return try archive.readAll(entry)
    }

    /// Entry `name` parsed.
    func xml(_ name: String = "word/document.xml") throws -> XElement {
        try XElement.parse(try bytes(name), name: name)
    }

    /// The text of every paragraph of `name`, in document order.
    func paragraphs(_ name: String = "word/document.xml") throws -> [String] {
        try xml(name).descendants("w:p").map(\.paragraphText)
    }
}

enum Render {
    /// Compiles template `fixture`, renders it with `json` into `folder` and checks the
    /// result with validate-docx.
    static func fixture(
        _ fixture: String, json: String, options: TemplateOptions = TemplateOptions(), strict: Bool = false,
        in folder: URL, as name: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Rendered {
        let template = try DOCXTemplate(path: try DOCXSupport.template(fixture).path, options: options)
        return try render(
            template, json: json, strict: strict, to: folder.appendingPathComponent((name ?? fixture) + ".docx"),
            sourceLocation: sourceLocation)
    }

    static func render(
        _ template: DOCXTemplate, json: String, strict: Bool = false, to output: URL,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Rendered {
        let data = try TemplateValue(json: Data(json.utf8))
        let report = try template.render(data, to: output.path, strict: strict)
        DOCXSupport.expectValid([output], sourceLocation: sourceLocation)
        return Rendered(output: output, report: report, archive: try ZipArchive(path: output.path))
    }
}

// MARK: - A small XML tree, read with Foundation's XMLParser (independent of the engine)

final class XElement {
    let name: String
    let attributes: [String: String]
    private(set) var children: [XNode] = []
    weak var parent: XElement?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    enum XNode {
        case element(XElement)
        case text(String)
    }

    var elements: [XElement] {
        children.compactMap {
            if case .element(let element) = $0 { return element }
            return nil
        }
    }

    /// Every descendant element named `name` (qualified, `w:p`), in document order.
    func descendants(_ name: String) -> [XElement] {
        var found: [XElement] = []
        func walk(_ element: XElement) {
            for child in element.elements {
                if child.name == name { found.append(child) }
                walk(child)
            }
        }
        walk(self)
        return found
    }

    func child(_ name: String) -> XElement? { elements.first { $0.name == name } }

    /// The element's own character data (for `w:t`, `dc:title`).
    var text: String {
        children.map {
            if case .text(let text) = $0 { return text }
            return ""
        }.joined()
    }

    /// What a reader sees of a paragraph: `w:t` text, `w:br` as a line feed, a run's
    /// `w:tab` as a tab.
    var paragraphText: String {
        var result = ""
        func walk(_ element: XElement) {
            for child in element.elements {
                switch child.name {
                case "w:t": result += child.text
                case "w:br", "w:cr": result += "\n"
                case "w:tab" where element.name == "w:r": result += "\t"
                default: walk(child)
                }
            }
        }
        walk(self)
        return result
    }

    var ancestors: [XElement] {
        var list: [XElement] = []
        var current = parent
        while let element = current {
            list.append(element)
            current = element.parent
        }
        return list
    }

    static func parse(_ bytes: [UInt8], name: String) throws -> XElement {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw SupportFailure(
                description: "\(name) is not well-formed: \(parser.parserError.map { "\($0)" } ?? "no root")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XElement?
        var stack: [XElement] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            let element = XElement(name: elementName, attributes: attributes)
            if let parent = stack.last {
                element.parent = parent
                parent.children.append(.element(element))
            } else {
                root = element
            }
            stack.append(element)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.children.append(.text(string))
        }
    }
}
