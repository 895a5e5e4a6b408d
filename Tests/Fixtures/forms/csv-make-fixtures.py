#!/usr/bin/env python3
"""Writes the csv-* fixtures of Tests/FormsTests/DelimitedTextTests.swift.

Run from anywhere: python3 Tests/Fixtures/forms/csv-make-fixtures.py [--libreoffice]

With --libreoffice it also converts Samples/phu-luc-1-2025-02.xlsx with LibreOffice
(UTF-8, comma) and (UTF-8, semicolon); without it those two committed files are kept.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

TITLE = "PHỤ LỤC 1"
HEADER = ["STT", "Đơn vị", "Công khai, minh bạch (18 điểm)", "Tiến độ giải quyết (20 điểm)", "Tổng điểm", "Xếp loại"]
ROWS = [
    ["1", "Thị trấn Phú Mỹ", "17,62", "19,45", "96", "XUẤT SẮC"],
    ["2", "Thị trấn Chợ Vàm", "17,1", "19,02", "92,35", "XUẤT SẮC"],
    ["3", "Xã Long Hoà", "16,85", "18,7", "90,08", "XUẤT SẮC"],
    ["4", "Xã Phú Long", "16,4", "18,25", "87,06", "TỐT"],
]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def table(delimiter, lineterminator, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def cp1258(text):
    """Unicode Vietnamese as Excel writes it in Windows-1258: tone marks apart."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out += base.encode("cp1258")
        out += "".join(p for p in parts if p in tones).encode("cp1258")
    return bytes(out)


def main():
    rows = [[TITLE], HEADER] + ROWS
    # Semicolons and decimal commas, UTF-8 with BOM, CR LF (Python's csv default).
    write("csv-python-cham-phay.csv", table(";", "\r\n", rows).encode("utf-8-sig"))
    # The `sep=;` line Excel writes and reads, then the same table without BOM.
    write("csv-python-sep-line.csv", ("sep=;\r\n" + table(";", "\r\n", rows)).encode("utf-8"))
    # Quoted fields with line breaks, quotes and delimiters; LF line ends.
    quoted = [
        ["STT", "Đơn vị", "Ghi chú", "Tổng điểm"],
        ["1", "Thị trấn\nPhú Mỹ", 'Đạt "xuất sắc", tháng 02', "96"],
        ["2", "Xã Phú Thọ", "Dòng 1\r\nDòng 2\rDòng 3", "90,5"],
        ["3", '"Xã" Long Hoà', "", "87,06"],
    ]
    write("csv-python-quoted.csv", table(",", "\n", quoted).encode("utf-8"))
    # Old Mac line ends: CR only.
    write("csv-python-cr-only.csv", table(",", "\r", rows).encode("utf-8"))
    # Excel's "Unicode text": UTF-16LE with BOM, tab-separated, CR LF, decimal commas.
    unicode_rows = rows + [["5", "Xã Phú Lâm\nấp 1", "17,05", "18,96", "91,31", "XUẤT SẮC"]]
    write("csv-excel-unicode-text.txt", b"\xff\xfe" + table("\t", "\r\n", unicode_rows).encode("utf-16-le"))
    # TCVN3 (ABC) text saved by Excel as Windows-1252 bytes: not valid UTF-8.
    tcvn3 = (
        b"STT,\xa7\xacn v\xde,T\xe6ng \xaei\xd3m\r\n"
        b"1,Th\xde tr\xcan Ph\xf3 M\xfc,96\r\n"
        b"2,X\xb7 Long Ho\xb5,\"90,08\"\r\n"
    )
    write("csv-tcvn3-windows-1252.csv", tcvn3)
    # Unicode Vietnamese saved by Excel on Vietnamese Windows: Windows-1258.
    write("csv-windows-1258.csv", cp1258(table(",", "\r\n", [HEADER] + ROWS)))

    if "--libreoffice" in sys.argv:
        sample = os.path.join(ROOT, "Samples", "phu-luc-1-2025-02.xlsx")
        profile = tempfile.mkdtemp(prefix="lo-csv-")
        for name, options in [("csv-libreoffice-utf8.csv", "44,34,76,1"), ("csv-libreoffice-semicolon.csv", "59,34,76,1")]:
            out = tempfile.mkdtemp(prefix="lo-out-")
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                 f"csv:Text - txt - csv (StarCalc):{options},,0,false,true,false,false,false", "--outdir", out, sample],
                check=True, stdout=subprocess.DEVNULL)
            shutil.move(os.path.join(out, "phu-luc-1-2025-02.csv"), os.path.join(HERE, name))
            shutil.rmtree(out)
        shutil.rmtree(profile)


if __name__ == "__main__":
    main()
