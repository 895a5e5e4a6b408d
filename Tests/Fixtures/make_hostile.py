#!/usr/bin/env python3
"""Writes one hostile (or oddly harmless) .xlsx fixture for HostileFileTests.

    python3 make_hostile.py CASE OUTPUT [ARG...]

Everything is generated at test time into a temporary folder; nothing here is committed
but this script. The ZIP writer is written by hand (not zipfile) so that the sizes a
header declares can be made to lie, and so that a 1 GB decompression bomb costs about a
megabyte on disk and a second or two to write: a block of repeated `<row/>` is deflated
once with a full flush (byte-aligned, no back references across blocks) and the same
compressed bytes are repeated.
"""

import struct
import sys
import zlib

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = REL_NS + "/worksheet"
SHARED_STRINGS_TYPE = REL_NS + "/sharedStrings"
OFFICE_DOCUMENT_TYPE = REL_NS + "/officeDocument"


# ---------------------------------------------------------------------------------------
# A minimal ZIP writer


class Entry:
    """One ZIP entry: its compressed bytes, CRC and real and declared sizes."""

    def __init__(self, name, data=b"", compress=True):
        self.name = name.encode("utf-8")
        if compress:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            self.payload = c.compress(data) + c.flush()
            self.method = 8
        else:
            self.payload = data
            self.method = 0
        self.crc = zlib.crc32(data) & 0xFFFFFFFF
        self.size = len(data)
        # What the local header and central directory claim (may be patched to lie).
        self.declared_size = self.size

    @classmethod
    def raw(cls, name, payload, crc, size):
        entry = cls(name, b"", compress=False)
        entry.payload = payload
        entry.method = 8
        entry.crc = crc
        entry.size = size
        entry.declared_size = size
        return entry


def write_zip(path, entries):
    with open(path, "wb") as out:
        central = []
        for entry in entries:
            offset = out.tell()
            out.write(
                struct.pack(
                    "<IHHHHHIIIHH",
                    0x04034B50, 20, 0x0800, entry.method, 0, 0x21,
                    entry.crc, len(entry.payload), entry.declared_size, len(entry.name), 0,
                )
            )
            out.write(entry.name)
            out.write(entry.payload)
            central.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50, 20, 20, 0x0800, entry.method, 0, 0x21,
                    entry.crc, len(entry.payload), entry.declared_size, len(entry.name),
                    0, 0, 0, 0, 0o100644 << 16, offset,
                )
                + entry.name
            )
        directory_offset = out.tell()
        for record in central:
            out.write(record)
        directory_size = out.tell() - directory_offset
        out.write(
            struct.pack(
                "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                directory_size, directory_offset, 0,
            )
        )


# ---------------------------------------------------------------------------------------
# A minimal workbook


def content_types(extra_overrides=()):
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
        ("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"),
    ] + list(extra_overrides)
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
    )
    for part, kind in overrides:
        text += '<Override PartName="%s" ContentType="%s"/>' % (part, kind)
    return (text + "</Types>").encode()


def rels(relationships):
    text = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="%s">' % PKG_REL_NS
    for rid, kind, target in relationships:
        text += '<Relationship Id="%s" Type="%s" Target="%s"/>' % (rid, kind, target)
    return (text + "</Relationships>").encode()


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def workbook_xml(sheet_name="Sheet1"):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
        % (MAIN_NS, REL_NS, xml_escape(sheet_name))
    ).encode()


def sheet_xml(sheet_data, dimension=None):
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="%s">' % MAIN_NS
    if dimension:
        head += '<dimension ref="%s"/>' % dimension
    return (head + "<sheetData>" + sheet_data + "</sheetData></worksheet>").encode()


def shared_strings_xml(strings, count=None, unique_count=None):
    count = len(strings) if count is None else count
    unique_count = len(strings) if unique_count is None else unique_count
    items = "".join("<si><t>%s</t></si>" % xml_escape(s) for s in strings)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%s" uniqueCount="%s">%s</sst>'
        % (MAIN_NS, count, unique_count, items)
    ).encode()


def workbook_parts(sheet=None, shared=None, sheet_name="Sheet1", sheet_target="worksheets/sheet1.xml"):
    """The parts of a one-sheet workbook, as an ordered dict of name → bytes."""
    if sheet is None:
        sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c></row>')
    if shared is None:
        shared = shared_strings_xml(["xin chào"])
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": rels([("rId1", OFFICE_DOCUMENT_TYPE, "xl/workbook.xml")]),
        "xl/workbook.xml": workbook_xml(sheet_name),
        "xl/_rels/workbook.xml.rels": rels(
            [("rId1", WORKSHEET_TYPE, sheet_target), ("rId2", SHARED_STRINGS_TYPE, "sharedStrings.xml")]
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }


def write_parts(path, parts):
    write_zip(path, [Entry(name, data) for name, data in parts.items()])


# ---------------------------------------------------------------------------------------
# The cases


def case_not_zip(out):
    with open(out, "w") as f:
        f.write("Đây chỉ là một tệp văn bản, không phải bảng tính.\n" * 200)


def case_empty(out):
    open(out, "wb").close()


def case_truncated(out):
    write_parts(out, workbook_parts())
    with open(out, "rb") as f:
        data = f.read()
    with open(out, "wb") as f:
        f.write(data[: len(data) // 2])


def case_docx(out):
    word_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ).encode(),
        "_rels/.rels": rels([("rId1", OFFICE_DOCUMENT_TYPE, "word/document.xml")]),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p></w:body></w:document>'
            % word_ns
        ).encode(),
    }
    write_parts(out, parts)


def case_billion_laughs(out):
    entities = '<!ENTITY lol0 "lol">'
    for level in range(1, 10):
        entities += '<!ENTITY lol%d "%s">' % (level, ("&lol%d;" % (level - 1)) * 10)
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [%s]>\n'
        '<sst xmlns="%s" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>' % (entities, MAIN_NS)
    ).encode()
    write_parts(out, workbook_parts(shared=shared))


def case_external_entities(out):
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE sst [<!ENTITY passwd SYSTEM "file:///etc/passwd">'
        '<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>\n'
        '<sst xmlns="%s" count="2" uniqueCount="2"><si><t>&passwd;</t></si><si><t>&remote;</t></si></sst>'
        % MAIN_NS
    ).encode()
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>')
    write_parts(out, workbook_parts(sheet=sheet, shared=shared))


BOMB_BLOCK_SIZE = 6 * 174_763  # ≈ 1 MiB per repeated block
BOMB_BLOCKS = 1100  # ≈ 1.15 GB inflated, over the 1 GiB package limit
BOMB_FILLERS = {
    # ~192 million empty rows: the costliest well-formed filler to parse.
    "rows": b"<row/>",
    # Blanks between elements: the cheapest, so the time is spent inflating.
    "blank": b" ",
}


def bomb_entry(filler="rows"):
    """A worksheet part inflating to ~1.15 GB whose <sheetData> is `filler` repeated,
    deflated in about a megabyte."""
    head = sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    unit = BOMB_FILLERS[filler]
    block = unit * (BOMB_BLOCK_SIZE // len(unit))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the compressor holds no history, so the bytes for one block are
    # valid wherever they are repeated.
    repeated = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(BOMB_BLOCKS):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc) & 0xFFFFFFFF
    size = len(head) + len(block) * BOMB_BLOCKS + len(tail)
    payload = first + repeated * BOMB_BLOCKS + last
    return Entry.raw("xl/worksheets/sheet1.xml", payload, crc, size)


def bomb_entries(filler):
    parts = workbook_parts()
    entries = []
    for name, data in parts.items():
        entries.append(bomb_entry(filler) if name == "xl/worksheets/sheet1.xml" else Entry(name, data))
    return entries


def case_bomb_honest(out, filler="rows"):
    write_zip(out, bomb_entries(filler))


def case_bomb_lying(out, filler="rows"):
    entries = bomb_entries(filler)
    for entry in entries:
        if entry.name == b"xl/worksheets/sheet1.xml":
            # Both the local header and the central directory claim 1,000 bytes.
            entry.declared_size = 1000
    write_zip(out, entries)


def case_sst_flood(out, megabytes="500"):
    """A shared string table of ~`megabytes` MB of empty items (`<si/>`), under the part
    and package limits with honest sizes, deflated to well under a megabyte."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s">' % MAIN_NS
    ).encode()
    tail = b"</sst>"
    block = b"<si/>" * ((1 << 20) // 5)
    blocks = int(megabytes) * 1_000_000 // len(block)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    payload += (c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)) * blocks
    payload += c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc) & 0xFFFFFFFF
    size = len(head) + len(block) * blocks + len(tail)
    entries = []
    for name, data in workbook_parts().items():
        if name == "xl/sharedStrings.xml":
            entries.append(Entry.raw(name, payload, crc, size))
        else:
            entries.append(Entry(name, data))
    write_zip(out, entries)


def case_many_entries(out):
    entries = [Entry(name, data) for name, data in workbook_parts().items()]
    for index in range(60_000):
        entries.append(Entry("xl/media/f%05d.bin" % index, b"", compress=False))
    write_zip(out, entries)


def case_deep_nesting(out):
    depth = 200_000
    sheet = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>' + "<x>" * depth + "</x>" * depth)
    write_parts(out, workbook_parts(sheet=sheet))


def case_bad_utf8(out):
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="%s" count="1" uniqueCount="1"><si><t>Ti' % MAIN_NS
    ).encode() + b"\xff\xfe\xc3\x28" + "ền lương</t></si></sst>".encode()
    write_parts(out, workbook_parts(shared=shared))


def case_sst_out_of_range(out, sheet_name="Sheet1", cell="A1"):
    sheet = sheet_xml(
        '<row r="%s"><c r="%s" t="s"><v>7</v></c></row>' % ("".join(ch for ch in cell if ch.isdigit()), cell)
    )
    write_parts(out, workbook_parts(sheet=sheet, shared=shared_strings_xml(["một", "hai"]), sheet_name=sheet_name))


def case_rel_outside(out):
    write_parts(out, workbook_parts(sheet_target="../../../etc/passwd"))


def case_lying_sst_count(out):
    shared = shared_strings_xml(["Hà Nội", "Đà Nẵng"], count=4_000_000_000, unique_count=4_000_000_000)
    sheet = sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>3.5</v></c></row>'
    )
    write_parts(out, workbook_parts(sheet=sheet, shared=shared))


def case_huge_dimension(out):
    sheet = sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="B2"><v>2</v></c></row>'
        '<row r="3"><c r="C3" t="inlineStr"><is><t>ba</t></is></c></row>',
        dimension="A1:XFD1048576",
    )
    write_parts(out, workbook_parts(sheet=sheet, shared=shared_strings_xml(["một"])))


def case_repeated_string(out, cells="5000", length="1000000"):
    """One shared string of `length` bytes that `cells` cells point at: a few kilobytes of
    file that would dump as `cells` x `length` bytes."""
    rows = "".join(
        '<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (row, row) for row in range(1, int(cells) + 1)
    )
    write_parts(out, workbook_parts(sheet=sheet_xml(rows), shared=shared_strings_xml(["x" * int(length)])))


CASES = {
    "not_zip": case_not_zip,
    "empty": case_empty,
    "truncated": case_truncated,
    "docx": case_docx,
    "billion_laughs": case_billion_laughs,
    "external_entities": case_external_entities,
    "bomb_honest": case_bomb_honest,
    "bomb_lying": case_bomb_lying,
    "sst_flood": case_sst_flood,
    "many_entries": case_many_entries,
    "deep_nesting": case_deep_nesting,
    "bad_utf8": case_bad_utf8,
    "sst_out_of_range": case_sst_out_of_range,
    "rel_outside": case_rel_outside,
    "lying_sst_count": case_lying_sst_count,
    "huge_dimension": case_huge_dimension,
    "repeated_string": case_repeated_string,
}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in CASES:
        sys.exit("usage: make_hostile.py {%s} OUTPUT [ARG...]" % ",".join(CASES))
    CASES[sys.argv[1]](sys.argv[2], *sys.argv[3:])


if __name__ == "__main__":
    main()
