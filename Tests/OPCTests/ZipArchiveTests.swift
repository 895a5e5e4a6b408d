import Foundation
import Testing

@testable import OPC

@Suite struct ZipArchiveTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("opc-\(UUID().uuidString)-\(name)").path
    }

    @Test func writesAndReadsBackAPackage() throws {
        let path = temporaryPath("round.zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        let body = Array(String(repeating: "<row/>", count: 10_000).utf8)
        try writer.add("xl/worksheets/sheet1.xml", bytes: body)
        try writer.add("[Content_Types].xml", bytes: Array("<Types/>".utf8), compressed: false)
        #expect(!FileManager.default.fileExists(atPath: path), "nothing appears before commit")
        try writer.commit()

        let archive = try ZipArchive(path: path)
        #expect(archive.entries.count == 2)
        let sheet = try #require(archive.entry(named: "XL\\Worksheets\\Sheet1.xml"))
        #expect(sheet.declaredSize == UInt64(body.count))
        #expect(sheet.compressedSize < sheet.declaredSize / 10, "new parts are deflated")
        #expect(try archive.readAll(sheet) == body)
        #expect(archive.entry(named: "/[content_types].xml") != nil)
        #expect(archive.entry(named: "xl/missing.xml") == nil)
    }

    @Test func copiesEntriesWithoutInflatingThem() throws {
        let source = temporaryPath("source.zip")
        let target = temporaryPath("target.zip")
        defer {
            try? FileManager.default.removeItem(atPath: source)
            try? FileManager.default.removeItem(atPath: target)
        }
        let writer = try ZipWriter(path: source)
        try writer.add("word/document.xml", bytes: Array(String(repeating: "text ", count: 5000).utf8))
        try writer.commit()

        let original = try ZipArchive(path: source)
        let entry = try #require(original.entry(named: "word/document.xml"))
        let copy = try ZipWriter(path: target)
        try copy.copy(entry, from: original)
        try copy.add("word/new.xml", bytes: Array("<new/>".utf8))
        try copy.commit()

        let copied = try ZipArchive(path: target)
        let copiedEntry = try #require(copied.entry(named: "word/document.xml"))
        #expect(copiedEntry.compressedSize == entry.compressedSize)
        #expect(try copied.readAll(copiedEntry) == original.readAll(entry))
    }

    @Test func aWriterDroppedWithoutCommitLeavesNoFile() throws {
        let path = temporaryPath("dropped.zip")
        do {
            let writer = try ZipWriter(path: path)
            try writer.add("a.xml", bytes: [1, 2, 3])
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func readsFromMemory() throws {
        let path = temporaryPath("memory.zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        try writer.add("a.txt", bytes: Array("xin chào".utf8))
        try writer.commit()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let archive = try ZipArchive(bytes: bytes, displayName: "upload.xlsx")
        #expect(try archive.readAll(archive.entry(named: "a.txt")!) == Array("xin chào".utf8))
    }

    @Test func enforcesThePartLimitWhileReading() throws {
        let path = temporaryPath("big.zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        try writer.add("big.xml", bytes: [UInt8](repeating: 32, count: 3 << 20))
        try writer.commit()
        let limits = ResourceLimits(maxPartSize: 1 << 20)
        let archive = try ZipArchive(path: path, limits: limits)
        #expect(throws: OPCError.self) { try archive.readAll(archive.entry(named: "big.xml")!) }
        do {
            _ = try archive.readAll(archive.entry(named: "big.xml")!)
        } catch let error as OPCError {
            #expect(error.code == .partTooLarge)
            #expect(error.part == "big.xml")
        }
    }

    @Test func stopsReadingAtTheDeadline() throws {
        let path = temporaryPath("slow.zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        try writer.add("part.xml", bytes: [UInt8](repeating: 32, count: 3 << 20))
        try writer.commit()
        // In time: the whole part. Past the deadline: the next chunk is refused with the part named.
        let inTime = try ZipArchive(path: path, limits: ResourceLimits.standard.ending(after: 600))
        #expect(try inTime.readAll(inTime.entry(named: "part.xml")!).count == 3 << 20)
        let late = try ZipArchive(path: path, limits: ResourceLimits(deadline: .now))
        var chunks = 0
        do {
            try late.read(late.entry(named: "part.xml")!) { _ in chunks += 1 }
            Issue.record("read past the deadline")
        } catch let error as OPCError {
            #expect(error.code == .timeLimit)
            #expect(error.part == "part.xml")
            #expect(error.description.contains("quá lâu"))
        }
        #expect(chunks == 0)
    }

    @Test func refusesMoreEntriesThanTheLimit() throws {
        let path = temporaryPath("many.zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        for index in 0..<20 { try writer.add("part\(index).xml", bytes: [UInt8(index)]) }
        try writer.commit()
        #expect {
            _ = try ZipArchive(path: path, limits: ResourceLimits(maxEntries: 10))
        } throws: { ($0 as? OPCError)?.code == .tooManyEntries }
    }

    @Test func explainsFilesThatAreNotPackages() throws {
        let empty = temporaryPath("empty.xlsx")
        let text = temporaryPath("text.xlsx")
        defer {
            try? FileManager.default.removeItem(atPath: empty)
            try? FileManager.default.removeItem(atPath: text)
        }
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        _ = FileManager.default.createFile(atPath: text, contents: Data("STT,Đơn vị\n1,Phú Mỹ\n".utf8))
        func code(_ path: String) -> OPCError.Code? {
            do {
                _ = try ZipArchive(path: path)
                return nil
            } catch {
                return (error as? OPCError)?.code
            }
        }
        #expect(code(empty) == .fileEmpty)
        #expect(code(text) == .notAZip)
        #expect(code(temporaryPath("absent.xlsx")) == .fileNotFound)
    }

    @Test func tellsEncryptedWorkbooksFromLegacyXLS() {
        func compound(_ streams: [String]) -> [UInt8] {
            var bytes = FileSniffer.oleMagic + [UInt8](repeating: 0, count: 504)
            for name in streams {
                for unit in name.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
                bytes += [0, 0]
            }
            return bytes
        }
        #expect(FileSniffer.oleKind(compound(["EncryptionInfo", "EncryptedPackage"])) == .encryptedPackage)
        #expect(FileSniffer.oleKind(compound(["Workbook", "SummaryInformation"])) == .legacyWorkbook)
        #expect(FileSniffer.oleKind(compound(["WordDocument"])) == .unknown)
    }

    @Test func limitsComeFromTheEnvironment() {
        let limits = ResourceLimits.fromEnvironment([
            "BAOCAO_MAX_PART_MB": "8", "BAOCAO_MAX_ENTRIES": "50", "BAOCAO_MAX_XML_DEPTH": "junk",
        ])
        #expect(limits.maxPartSize == 8 << 20)
        #expect(limits.maxEntries == 50)
        #expect(limits.maxXMLDepth == 256)
        #expect(limits.maxPackageSize == 1 << 30)
    }
}

@Suite struct PartNameTests {
    @Test(arguments: [
        ("worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
        ("/xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
        ("../media/image1.png", "xl/drawings/drawing1.xml", "xl/media/image1.png"),
        ("xl\\styles.xml", "", "xl/styles.xml"),
        ("./sheet%201.xml", "xl/workbook.xml", "xl/sheet 1.xml"),
    ])
    func resolvesTargets(target: String, source: String, expected: String) {
        #expect(PartName.resolve(target, from: source) == expected)
    }

    @Test(arguments: ["../../../etc/passwd", "file:///etc/passwd", "http://example.com/x.xml", "/"])
    func refusesTargetsOutsideThePackage(target: String) {
        #expect(PartName.resolve(target, from: "xl/workbook.xml") == nil)
    }

    @Test func namesRelationshipParts() {
        #expect(PartName.relationshipsPart(of: "") == "_rels/.rels")
        #expect(PartName.relationshipsPart(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
    }
}

@Suite struct ByteWriterTests {
    @Test func appearsOnlyOnCommit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.csv").path
        do {
            let abandoned = try ByteWriter.atomicFile(at: target)
            try abandoned.write(Array("half".utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let writer = try ByteWriter.atomicFile(at: target)
        try writer.write(Array("a,b\n".utf8))
        try writer.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "a,b\n")
    }
}
