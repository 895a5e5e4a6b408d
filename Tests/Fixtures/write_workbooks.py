#!/usr/bin/env python3
"""Writes the workbooks that Tests/BaoCaoCLITests/WriterRoundTripTests.swift reads back.

Usage: write_workbooks.py KIND OUT [SOURCE]

KIND is one of:
  openpyxl        every kind of value openpyxl writes, four sheets (hidden, veryHidden)
  xlsxwriter      the same with xlsxwriter, plus cached formula results and rich strings
  xlsxwriter1904  a workbook in the 1904 date system
  csvbook         a small sheet with a gap row and column, for --format csv
  libreoffice-csv a UTF-8 CSV for LibreOffice to convert (OUT is a .csv)
  zip64           SOURCE (an .xlsx) rewritten with every entry forced to zip64
  zip64-full      the same, with zip64 extras in the central directory and a zip64
                  end-of-central-directory record as well

Every string is NFC, as a Vietnamese keyboard on Windows types it. The tests assert the
exact values written here; keep the two files in step.
"""

import datetime
import sys
import unicodedata
import zipfile


def nfc(text):
    return unicodedata.normalize("NFC", text)


TITLE = nfc("Báo cáo kết quả Bộ chỉ số 766 – Tỉnh Thừa Thiên Huế")
NAMES = [
    nfc("Nguyễn Thị Hường"),
    nfc("Đắk Lắk"),
    nfc("Sở Tài nguyên và Môi trường"),
    nfc("Ủy ban nhân dân xã Ỹ Ữ Ự ằ ẫ ậ"),
]
APPENDIX = nfc("Phụ lục 1")
HIDDEN = nfc("Ẩn")
VERY_HIDDEN = nfc("Rất ẩn")


def write_openpyxl(out):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = nfc("Dữ liệu")
    ws["A1"] = TITLE
    ws.merge_cells("A1:K1")
    for column, name in enumerate(NAMES, start=1):
        ws.cell(row=2, column=column, value=name)
    numbers = [42, 14.86, 87.18, 1e-5, 1234567890123, -7.5, 0, 3.0]
    for column, number in enumerate(numbers, start=1):
        ws.cell(row=3, column=column, value=number)
    ws["A4"] = True
    ws["B4"] = False
    ws["A5"] = datetime.date(2025, 2, 28)
    ws["A5"].number_format = "dd/mm/yyyy"
    ws["B5"] = datetime.datetime(2025, 2, 28, 10, 30, 0)
    ws["C5"] = datetime.time(10, 30, 0)
    ws["D5"] = 1.5 / 24
    ws["D5"].number_format = "[h]:mm"
    # openpyxl writes the formula with an empty <v/>: no cached value.
    ws["E5"] = "=SUM(A3:C3)"
    ws["A6"] = "a_x000D_b"
    ws["B6"] = nfc("  Hà Nội  ")
    ws["C6"] = nfc(" Đầu")
    ws["D6"] = nfc("Cuối ")
    ws["E6"] = nfc("dòng 1\ndòng 2")
    # openpyxl writes a raw carriage return, which XML reads as a line feed.
    ws["F6"] = "a\rb"
    ws["G6"] = "0123"
    # Milliseconds, and both sides of Lotus's phantom 1900-02-29.
    ws["A7"] = datetime.time(10, 30, 0, 250000)
    for cell, day in (("B7", datetime.date(1900, 1, 1)), ("C7", datetime.date(1900, 2, 28)),
                      ("D7", datetime.date(1900, 3, 1))):
        ws[cell] = day
        ws[cell].number_format = "dd/mm/yyyy"

    appendix = wb.create_sheet(APPENDIX)
    appendix["A1"] = "STT"
    appendix["B1"] = nfc("Chỉ số")
    appendix["A2"] = 1
    appendix["B2"] = nfc("Tỷ lệ hồ sơ giải quyết đúng hạn")

    hidden = wb.create_sheet(HIDDEN)
    hidden["A1"] = nfc("bí mật")
    hidden.sheet_state = "hidden"

    very_hidden = wb.create_sheet(VERY_HIDDEN)
    very_hidden["A1"] = 7
    very_hidden.sheet_state = "veryHidden"
    wb.save(out)


def write_xlsxwriter(out):
    import xlsxwriter

    wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False})
    ws = wb.add_worksheet(nfc("Dữ liệu"))
    bold = wb.add_format({"bold": True})
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    datetime_format = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    time_format = wb.add_format({"num_format": "hh:mm:ss"})
    duration_format = wb.add_format({"num_format": "[h]:mm"})

    ws.write_number("A1", 1)
    ws.write_number("A2", 2)
    ws.write_formula("G2", "=SUM(A1:A2)", None, 3)
    ws.write_formula("G3", "=1/0", None, "#DIV/0!")
    ws.write_formula("G4", nfc('="Hà "&"Nội"'), None, nfc("Hà Nội"))
    ws.write_formula("G5", "=A1>0", None, True)

    for row, name in enumerate(NAMES):
        ws.write_string(row, 1, name)  # B1:B4
    ws.write_number("C1", 14.86)
    ws.write_number("C2", 87.18)
    ws.write_number("C3", 1e-5)
    ws.write_number("C4", 1234567890123)
    ws.write_number("C5", 3.0)
    ws.write_boolean("C6", True)
    ws.write_boolean("C7", False)

    ws.write_datetime("D1", datetime.date(2025, 2, 28), date_format)
    ws.write_datetime("D2", datetime.datetime(2025, 2, 28, 10, 30, 0), datetime_format)
    ws.write_datetime("D3", datetime.time(10, 30, 0), time_format)
    ws.write_number("D4", 1.5 / 24, duration_format)

    ws.write_rich_string("E1", nfc("Điểm "), bold, nfc("tổng"), nfc(" cộng"))
    ws.write("E2", "0123")  # strings_to_numbers off: stays text
    ws.write("E3", "14.86")
    # xlsxwriter escapes a literal _x000D_ as _x005F_x000D_ and a real CR as _x000D_.
    ws.write_string("E4", "a_x000D_b")
    ws.write_string("E5", "a\rb")
    ws.write_string("E6", nfc("  Hà Nội  "))
    ws.merge_range("H1:K1", TITLE)

    appendix = wb.add_worksheet(APPENDIX)
    appendix.write("A1", nfc("Chỉ số"))
    hidden = wb.add_worksheet(HIDDEN)
    hidden.write("A1", nfc("bí mật"))
    hidden.hide()
    very_hidden = wb.add_worksheet(VERY_HIDDEN)
    very_hidden.write("A1", 7)
    # Worksheet.very_hidden() is newer than Debian 12's xlsxwriter 3.0.2, which writes only
    # "hidden": there the sheet is hidden and its state set afterwards, as Excel would save it.
    if hasattr(very_hidden, "very_hidden"):
        very_hidden.very_hidden()
        wb.close()
    else:
        very_hidden.hide()
        wb.close()
        set_sheet_state(out, VERY_HIDDEN, "veryHidden")


def set_sheet_state(path, sheet, state):
    """Rewrites the `state` of `sheet` in the workbook part of the package at `path`."""
    import re
    from xml.sax.saxutils import quoteattr

    with zipfile.ZipFile(path) as reader:
        parts = [(info, reader.read(info)) for info in reader.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as writer:
        for info, data in parts:
            if info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                pattern = r'(<sheet name=' + re.escape(quoteattr(sheet)) + r'[^>]*?state=")hidden(")'
                text, count = re.subn(pattern, r"\g<1>" + state + r"\g<2>", text)
                assert count == 1, "no hidden sheet " + sheet
                data = text.encode("utf-8")
            writer.writestr(info, data)


def write_xlsxwriter_1904(out):
    import xlsxwriter

    wb = xlsxwriter.Workbook(out, {"date_1904": True})
    ws = wb.add_worksheet()
    ws.write_datetime("A1", datetime.date(2025, 2, 28), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_datetime(
        "A2", datetime.datetime(2025, 2, 28, 10, 30, 0), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    )
    ws.write_datetime("A3", datetime.time(10, 30, 0), wb.add_format({"num_format": "hh:mm:ss"}))
    ws.write_number("A4", 1.5 / 24, wb.add_format({"num_format": "[h]:mm"}))
    ws.write_number("A5", 45716)  # a plain number is not shifted
    ws.write_datetime("A6", datetime.date(1904, 1, 2), wb.add_format({"num_format": "dd/mm/yyyy"}))
    # Serial 0: the first day of the 1904 system, which Excel shows as 01/01/1904.
    ws.write_datetime("A7", datetime.date(1904, 1, 1), wb.add_format({"num_format": "dd/mm/yyyy"}))
    wb.close()


def write_csv_book(out):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = nfc("Bảng")
    # Column C and row 3 stay empty.
    ws["A1"] = nfc("Tỉnh")
    ws["B1"] = nfc("Điểm")
    ws["D1"] = nfc("Ngày")
    ws["A2"] = nfc('Hà Nội, "Thủ đô"\nmới')
    ws["B2"] = 14.86
    ws["D2"] = datetime.date(2025, 2, 28)
    ws["D2"].number_format = "dd/mm/yyyy"
    ws["A4"] = nfc("Huế")
    ws["B4"] = 3.0
    ws["D4"] = datetime.datetime(2025, 2, 28, 10, 30, 0)

    appendix = wb.create_sheet(APPENDIX)
    appendix["A1"] = "STT"
    appendix["B1"] = nfc("Chỉ số")
    appendix["A2"] = 1
    appendix["B2"] = 87.18
    wb.save(out)


def write_libreoffice_csv(out):
    rows = [
        nfc("Tỉnh,Điểm,Ngày,Ghi chú"),
        nfc('Thừa Thiên Huế,14.86,2025-02-28,"Đạt, vượt ""chỉ tiêu"""'),
        nfc("Đắk Lắk,87.18,2025-03-01,Ổn định"),
        nfc("Tổng,102.04,,"),
    ]
    with open(out, "w", encoding="utf-8", newline="") as handle:
        handle.write("\r\n".join(rows) + "\r\n")


def rewrite_zip64(source, out, full):
    """Rewrites SOURCE with every local header in zip64 form: 0xFFFFFFFF sizes, the real
    ones in a zip64 extra field. With `full`, the central directory does the same for every
    entry (sizes and offset in zip64 extras) and a zip64 end-of-central-directory record and
    its locator come before the classic end record.

    Written byte by byte with struct, not with zipfile's force_zip64, whose output changed
    between Python 3.11 releases (Debian's 3.11.2 writes plain local sizes)."""
    import struct
    import zlib

    with zipfile.ZipFile(source) as reader:
        entries = [(info.filename, info.date_time, reader.read(info)) for info in reader.infolist()]
    body = bytearray()
    central = bytearray()
    for name, date_time, data in entries:
        raw_name = name.encode("utf-8")
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        crc = zlib.crc32(data) & 0xFFFFFFFF
        year, month, day, hour, minute, second = date_time
        dos_time = (hour << 11) | (minute << 5) | (second // 2)
        dos_date = ((year - 1980) << 9) | (month << 5) | day
        offset = len(body)
        flags = 0x0800  # names in UTF-8
        local_extra = struct.pack("<HHQQ", 0x0001, 16, len(data), len(packed))
        body += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 45, flags, 8, dos_time, dos_date, crc,
            0xFFFFFFFF, 0xFFFFFFFF, len(raw_name), len(local_extra))
        body += raw_name + local_extra + packed
        if full:
            central_extra = struct.pack("<HHQQQ", 0x0001, 24, len(data), len(packed), offset)
            sizes = (0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        else:
            central_extra = b""
            sizes = (len(packed), len(data), offset)
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, flags, 8, dos_time, dos_date, crc,
            sizes[0], sizes[1], len(raw_name), len(central_extra), 0, 0, 0, 0, sizes[2])
        central += raw_name + central_extra
    central_offset = len(body)
    tail = bytearray()
    if full:
        end64_offset = central_offset + len(central)
        tail += struct.pack(
            "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(entries), len(entries),
            len(central), central_offset)
        tail += struct.pack("<IIQI", 0x07064B50, 0, end64_offset, 1)
        tail += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        tail += struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), central_offset, 0)
    with open(out, "wb") as handle:
        handle.write(bytes(body + central + tail))


def main(argv):
    kind, out = argv[1], argv[2]
    if kind == "openpyxl":
        write_openpyxl(out)
    elif kind == "xlsxwriter":
        write_xlsxwriter(out)
    elif kind == "xlsxwriter1904":
        write_xlsxwriter_1904(out)
    elif kind == "csvbook":
        write_csv_book(out)
    elif kind == "libreoffice-csv":
        write_libreoffice_csv(out)
    elif kind in ("zip64", "zip64-full"):
        rewrite_zip64(argv[3], out, kind == "zip64-full")
    else:
        sys.exit("unknown kind: " + kind)


if __name__ == "__main__":
    main(sys.argv)
