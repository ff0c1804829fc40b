#!/usr/bin/env python3
"""Renders feeder_jebel_ali.csv as an agent's workbook, feeder_jebel_ali.xlsx.

Python 3 standard library only (zipfile and hand-written SpreadsheetML, ECMA-376 part 1); the
same bytes every time. Laid out as agents send them: a title row and a voyage row above the
header, one row per goods line, every column of the CSV under its CSV heading. Numbers are
stored as numbers where a spreadsheet would store them (packages, weights, the IMO number);
everything else, HS codes included, as text.

`write_xlsx` is also used by tests/fixtures/manifests/xlsx/make_fixtures.py.

Run from the repository root:  python3 sample-manifests/render_feeder_xlsx.py
"""

import csv
import os
import re
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "feeder_jebel_ali.csv")
TARGET = os.path.join(HERE, "feeder_jebel_ali.xlsx")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""


def column_name(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def cell_xml(ref, value):
    """A number cell for ints and floats, an inline string cell for text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        if not row:
            continue
        cells = "".join(cell_xml(f"{column_name(c)}{r}", v) for c, v in enumerate(row)
                        if v is not None and v != "")
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


def write_xlsx(path, sheets):
    """sheets: a list of (name, rows); each row a list of str, int, float or None."""
    fixed = (1980, 1, 1, 0, 0, 0)

    def put(z, name, text):
        info = zipfile.ZipInfo(name, date_time=fixed)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode("utf-8"))

    with zipfile.ZipFile(path, "w") as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        put(z, "[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        put(z, "_rels/.rels", ROOT_RELS)
        names = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, (n, _) in enumerate(sheets, start=1))
        put(z, "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{names}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1))
        put(z, "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>")
        for i, (_, rows) in enumerate(sheets, start=1):
            put(z, f"xl/worksheets/sheet{i}.xml", sheet_xml(rows))


NUMERIC = {"Packages", "Gross Weight (KG)", "IMO"}


def as_cell(column, value):
    if column in NUMERIC and re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    return value


def main():
    with open(SOURCE, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    header, data = table[0], table[1:]
    rows = [["CARGO MANIFEST - MV GULF SPIRIT (LR) - GULF SPIRIT SHIPPING LINES"],
            ["Voyage GS2611E", None, "ETA Jebel Ali 27.11.2026"],
            [],
            header]
    rows += [[as_cell(h, v) for h, v in zip(header, row)] for row in data]
    write_xlsx(TARGET, [("Manifest", rows)])
    print(f"wrote {TARGET}: {len(data)} goods rows below a title, a voyage row and the header")


if __name__ == "__main__":
    main()
