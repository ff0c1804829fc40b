#!/usr/bin/env python3
"""Renders feeder_jebel_ali.csv as an ANSI X12 309 interchange, feeder_jebel_ali.x12.

Python 3 standard library only; the same bytes every time. Written from the X12 4010 309 layout
(../shared/data/manifests/x12_309_samples.txt section C, and the element definitions of M10, M11,
N1-N4, R4, VID, N10, H1 on stedi.com), not from hubscreen's reader.

Layout: ISA/GS/ST envelope, `*` elements, `>` components, `~` terminators; M10 with the carrier
code, flag, IMO number (04, qualified L in 10), vessel name, voyage, manifest number and type W
(original); P4 with the port of arrival; per bill an LX loop with M11 (bill number, port of
loading), the parties as N1 (SH, CN, N1 notify) with N3 address lines and N4 country, the route
as R4 (R receipt, L loading, T each transshipment, D discharge, E delivery, O origin), each
container as
VID with its seal, and each goods row as N10 (packages, description, marks, HS code in 05 with
qualifier HS in 04, weight in kg in 08) with H1 for a UN number. A description longer than 45
characters continues in N10 segments of its own (no quantity, no code), cut at 45 characters,
as filers cut them.

Run from the repository root:  python3 sample-manifests/render_feeder_x12.py
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "feeder_jebel_ali.csv")
TARGET = os.path.join(HERE, "feeder_jebel_ali.x12")


def seg(*elements):
    parts = list(elements)
    while parts and parts[-1] == "":
        parts.pop()
    for p in parts:
        if any(c in p for c in "*~>"):
            raise SystemExit(f"a separator in {p!r}")
    return "*".join(parts) + "~"


def address_lines(raw):
    return [p.strip() for p in raw.replace(";", " / ").split(" / ") if p.strip()]


def main():
    with open(SOURCE, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    bills = {}
    for row in rows:
        bills.setdefault(row["BL Number"], []).append(row)
    first = rows[0]
    body = [
        seg("ST", "309", "0001"),
        seg("M10", "GSPL", "O", first["Flag"], first["IMO"], first["Vessel"], first["Voyage"],
            "GS2611E", str(len(bills)), "W", "L"),
        seg("P4", "AEJEA", "20261127", str(len(bills))),
    ]
    for n, (bill, lines) in enumerate(bills.items(), start=1):
        head = lines[0]
        body.append(seg("LX", str(n)))
        body.append(seg("M11", bill))
        for code, role, name_key in (("SH", "Shipper", "Shipper"), ("CN", "Consignee", "Consignee"),
                                     ("N1", "Notify", "Notify Party")):
            name = head[name_key]
            if not name:
                continue
            body.append(seg("N1", code, name))
            lines_ = address_lines(head[f"{role} Address"])
            for i in range(0, len(lines_), 2):
                body.append(seg("N3", *lines_[i:i + 2]))
            if head[f"{role} Country"]:
                body.append(seg("N4", "", "", "", head[f"{role} Country"]))
        route = [("R", head["Place of Receipt"]), ("L", head["Port of Loading"])]
        route += [("T", p.strip()) for p in head["Transshipment Port"].split(";") if p.strip()]
        route += [("D", head["Port of Discharge"]), ("E", head["Final Destination"]),
                  ("O", head["Country of Origin"])]
        for function, place in route:
            if place:
                body.append(seg("R4", function, "UN", place))
        seen = []
        for row in lines:
            number = row["Container No"]
            if number and number not in seen:
                seen.append(number)
                body.append(seg("VID", "CN", number[:4], number[4:], row["Seal No"], "", "", "",
                                "", row["Size Type"]))
        for row in lines:
            text = row["Goods Description"]
            chunks = [text[i:i + 45] for i in range(0, len(text), 45)] or [""]
            code = row["HS Code"]
            body.append(seg("N10", row["Packages"], chunks[0], row["Marks"],
                            "HS" if code else "", code, "", "K" if row["Gross Weight (KG)"] else "",
                            row["Gross Weight (KG)"]))
            for chunk in chunks[1:]:
                body.append(seg("N10", "", chunk))
            if row["UN Number"]:
                body.append(seg("H1", row["UN Number"]))
    body.append(seg("SE", str(len(body) + 1), "0001"))
    isa = ("ISA*00*          *00*          *ZZ*GULFSPIRIT     *ZZ*USCUSTOMS      *261127*0600"
           "*U*00401*000000001*0*P*>~")
    text = "\n".join([isa, seg("GS", "SO", "GULFSPIRIT", "USCS", "20261127", "0600", "1", "X",
                                  "004010")] + body + [seg("GE", "1", "1"),
                                                        seg("IEA", "1", "000000001")]) + "\n"
    with open(TARGET, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {TARGET}: {len(bills)} bills, {len(rows)} goods rows, {len(body)} segments in ST..SE")


if __name__ == "__main__":
    main()
