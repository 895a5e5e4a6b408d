import Foundation
import Testing

@testable import OPC

/// Records events as text, to compare readings.
final class EventRecorder: XMLEventHandler {
    var events: [String] = []
    private var text = ""

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        flushText()
        var event = "<\(name.localNameString)"
        if let value = attributes.string("val") { event += " val=\(value)" }
        if let id = attributes.string("id", namespaced: true) { event += " r:id=\(id)" }
        events.append(event + ">")
    }

    override func endElement(_ name: XMLName) throws {
        flushText()
        events.append("</\(name.localNameString)>")
    }

    override func characters(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        text += String(decoding: chunk, as: UTF8.self)
    }

    private func flushText() {
        if !text.isEmpty { events.append("'\(text)'") }
        text = ""
    }
}

@Suite struct XMLStreamParserTests {
    func events(_ xml: String, chunkSize: Int? = nil, limits: ResourceLimits = .standard) throws -> [String] {
        let recorder = EventRecorder()
        let parser = XMLStreamParser(handler: recorder, part: "test.xml", limits: limits)
        let bytes = Array(xml.utf8)
        if let chunkSize {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunkSize, bytes.count)
                try bytes[offset..<end].withUnsafeBytes { try parser.feed($0) }
                offset = end
            }
            try parser.finish()
        } else {
            try parser.parse(bytes)
        }
        return recorder.events
    }

    @Test func readsPrefixedTransitionalAndStrictAlike() throws {
        let transitional = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <c val="1" r:id="rId1"><v>2</v></c></worksheet>
            """
        let prefixed = """
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <x:c val="1" r:id="rId1"><x:v>2</x:v></x:c></x:worksheet>
            """
        let strict = """
            <worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" \
            xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">\
            <c val="1" r:id="rId1"><v>2</v></c></worksheet>
            """
        let expected = ["<worksheet>", "<c val=1 r:id=rId1>", "<v>", "'2'", "</v>", "</c>", "</worksheet>"]
        #expect(try events(transitional) == expected)
        #expect(try events(prefixed) == expected)
        #expect(try events(strict) == expected)
    }

    @Test func chunkBoundariesDoNotChangeTheReading() throws {
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a val=\"Phú Tân &amp; Chợ Mới\"><b>Hòa Lạc &lt;3&gt;</b><![CDATA[x<y]]></a>"
        let whole = try events(xml)
        #expect(whole.contains("<a val=Phú Tân & Chợ Mới>"))
        #expect(whole.contains("'Hòa Lạc <3>'"))
        #expect(whole.contains("'x<y'"))
        for size in [1, 2, 3, 7, 64] {
            #expect(try events(xml, chunkSize: size) == whole)
        }
    }

    @Test func refusesADocumentType() {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
            <sst><si><t>&lol2;</t></si></sst>
            """
        #expect { try events(xml) } throws: { ($0 as? OPCError)?.code == .xmlDTDForbidden }
    }

    @Test func stopsAtTheDepthLimit() {
        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect { try events(deep) } throws: { ($0 as? OPCError)?.code == .xmlTooDeep }
        let limits = ResourceLimits(maxXMLDepth: 10)
        let eleven = String(repeating: "<a>", count: 11) + String(repeating: "</a>", count: 11)
        #expect { try events(eleven, limits: limits) } throws: { ($0 as? OPCError)?.code == .xmlTooDeep }
        let ten = String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)
        #expect(throws: Never.self) { try events(ten, limits: limits) }
    }

    @Test func reportsMalformedXMLWithItsPlace() {
        do {
            _ = try events("<a>\n<b></a>")
            Issue.record("malformed XML was accepted")
        } catch let error as OPCError {
            #expect(error.code == .xmlMalformed)
            #expect(error.part == "test.xml")
            #expect(error.line == 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func reportsInvalidUTF8() {
        let recorder = EventRecorder()
        let parser = XMLStreamParser(handler: recorder, part: "bad.xml")
        let bytes: [UInt8] = Array("<a>".utf8) + [0xC3, 0x28, 0xFF] + Array("</a>".utf8)
        #expect { try parser.parse(bytes) } throws: { ($0 as? OPCError)?.code == .xmlEncoding }
    }

    @Test func handlerErrorsStopTheParse() {
        struct Stop: Error {}
        final class Stopper: XMLEventHandler {
            var seen = 0
            override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        let stopper = Stopper()
        let parser = XMLStreamParser(handler: stopper)
        #expect(throws: Stop.self) { try parser.parse(Array("<a><b/><c/><d/></a>".utf8)) }
        #expect(stopper.seen == 2)
    }
}
