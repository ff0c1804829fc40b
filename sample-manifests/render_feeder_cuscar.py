#!/usr/bin/env python3
"""Renders feeder_jebel_ali.csv as a UN/EDIFACT CUSCAR D.95B interchange, feeder_jebel_ali.edi.

Python 3 standard library only; the same bytes every time. Written from the CUSCAR D.95B segment
layout (../shared/data/manifests/cuscar_d95b_segment_tree.txt), not from hubscreen's reader, so
that the test comparing the two renderings checks the reader against something it did not write.

Layout, one message for the vessel:
  UNA, UNB (UNOC: ISO 8859-1), UNH, BGM+85 (original), TDT+20 with the voyage, IMO number, name
  and flag; every container as EQD+CN with its SEL; then per bill a CNI, its places as LOC
  (88 receipt, 76 loading, 13 each transshipment, 11 discharge, 7 delivery, 27 origin), its
  parties as NAD (CZ shipper, CN consignee, N1 notify) with the name in C080 and the address lines
  in C059, and per goods row a GID with FTX+AAA, MEA gross weight, PIA HS code, DGS UN number,
  PCI marks and SGP naming the row's container. Names and marks longer than 35 characters are cut
  into 35-character components at spaces, as the directory's an..35 allows.

Run from the repository root:  python3 sample-manifests/render_feeder_cuscar.py
"""

import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "feeder_jebel_ali.csv")
TARGET = os.path.join(HERE, "feeder_jebel_ali.edi")


def esc(text):
    """Escapes the service characters with the release character ?."""
    out = []
    for c in text:
        if c in "?'+:":
            out.append("?")
        out.append(c)
    return "".join(out)


def chunks(text, width=35, most=5):
    """Cuts text at spaces into at most `most` pieces of at most `width` characters."""
    words = text.split(" ")
    pieces, current = [], ""
    for w in words:
        candidate = w if not current else current + " " + w
        if len(candidate) <= width:
            current = candidate
        else:
            pieces.append(current)
            current = w
    pieces.append(current)
    if len(pieces) > most or any(len(p) > width for p in pieces):
        sys.exit(f"cannot cut {text!r} into {most} pieces of {width}")
    return pieces


def address_lines(raw):
    """The address lines the CSV cell holds (split as agents write them: ' / ', ';')."""
    lines = []
    for part in raw.replace(";", " / ").split(" / "):
        part = part.strip()
        if part:
            lines.append(part)
    if len(lines) > 4:
        sys.exit(f"more than four address lines: {raw!r}")
    return lines


def segment(tag, *elements):
    """One segment: elements are strings or lists of components (already escaped)."""
    parts = [tag]
    for e in elements:
        parts.append(":".join(e) if isinstance(e, list) else e)
    # Trailing empty elements are dropped, as senders do.
    while parts and parts[-1] == "":
        parts.pop()
    return "+".join(parts) + "'"


def nad(qualifier, name, address, country):
    comps = [esc(p) for p in chunks(name)]
    street = [esc(line) for line in address_lines(address)]
    return segment("NAD", qualifier, "", "", comps, street or "", "", "", "", esc(country))


def main():
    with open(SOURCE, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    bills = {}
    for row in rows:
        bills.setdefault(row["BL Number"], []).append(row)
    first = rows[0]
    body = []
    body.append(segment("UNH", "1", ["CUSCAR", "D", "95B", "UN"]))
    body.append(segment("BGM", "85", esc(first["Voyage"] + "-MANIFEST"), "9"))
    body.append(segment("DTM", ["132", "202611270600", "203"]))
    body.append(segment(
        "TDT", "20", esc(first["Voyage"]), "1", "", "", "", "",
        [esc(first["IMO"]), "146", "", esc(first["Vessel"]), esc(first["Flag"])],
    ))
    body.append(segment("LOC", "60", "AEJEA"))
    containers = {}
    for row in rows:
        number = row["Container No"]
        if number and number not in containers:
            containers[number] = (row["Seal No"], row["Size Type"])
    for number, (seal, size_type) in containers.items():
        body.append(segment("EQD", "CN", esc(number), esc(size_type)))
        if seal:
            body.append(segment("SEL", esc(seal)))
    for n, (bill, lines) in enumerate(bills.items(), start=1):
        head = lines[0]
        body.append(segment("CNI", str(n), esc(bill)))
        body.append(segment("RFF", ["BM", esc(bill)]))
        places = [("88", head["Place of Receipt"]), ("76", head["Port of Loading"])]
        places += [("13", p.strip()) for p in head["Transshipment Port"].split(";") if p.strip()]
        places += [("11", head["Port of Discharge"]), ("7", head["Final Destination"]),
                   ("27", head["Country of Origin"])]
        for qualifier, place in places:
            if place:
                body.append(segment("LOC", qualifier, esc(place)))
        for qualifier, role in (("CZ", "Shipper"), ("CN", "Consignee"), ("N1", "Notify")):
            name = head[role if role != "Notify" else "Notify Party"]
            if name:
                body.append(nad(qualifier, name, head[f"{role} Address"], head[f"{role} Country"]))
        for k, row in enumerate(lines, start=1):
            packages = [esc(row["Packages"]), esc(row["Package Type"])] if row["Packages"] else ""
            body.append(segment("GID", str(k), packages))
            body.append(segment("FTX", "AAA", "", "", esc(row["Goods Description"])))
            if row["Gross Weight (KG)"]:
                body.append(segment("MEA", "AAE", "G", ["KGM", esc(row["Gross Weight (KG)"])]))
            if row["HS Code"]:
                body.append(segment("PIA", "5", [esc(row["HS Code"]), "HS"]))
            if row["UN Number"]:
                body.append(segment("DGS", "IMD", "", esc(row["UN Number"])))
            if row["Marks"]:
                body.append(segment("PCI", "24", [esc(p) for p in chunks(row["Marks"], most=10)]))
            if row["Container No"]:
                body.append(segment("SGP", esc(row["Container No"])))
    body.append(segment("UNT", str(len(body) + 1), "1"))
    text = "UNA:+.? '\n" + segment(
        "UNB", ["UNOC", "3"], "GULFSPIRIT", "AEJEAHUB", ["261127", "0600"], "GS2611E01"
    ) + "\n" + "\n".join(body) + "\n" + segment("UNZ", "1", "GS2611E01") + "\n"
    with open(TARGET, "wb") as f:
        f.write(text.encode("latin-1"))
    print(f"wrote {TARGET}: {len(bills)} bills, {len(rows)} goods lines, "
          f"{len(containers)} containers, {len(body) + 2} segments")


if __name__ == "__main__":
    main()
