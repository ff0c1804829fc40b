#!/usr/bin/env python3
"""Regenerate sample-manifests/feeder_jebel_ali.csv, a feeder vessel's cargo manifest into Jebel Ali.

    python3 sample-manifests/generate_feeder.py

Standard library only, fixed seed: running it again gives the same bytes. Everything in the file is
invented except the planted party names, which are respellings of entries on public lists. The
planted bills are fixed here (PLANTED); what screening should find on them is written to the test
suite's expected findings, tests/fixtures/sample-findings/feeder_jebel_ali.expected.json (not
training material: trainers use `hubscreen exercise new`). Every other bill is drawn from the pools
below and is meant to screen clean.

The file imitates an agent's CSV export: one row per goods line, a repeated BL number on the next
row is another goods line of the same bill (party and routing columns repeated), multi-line
addresses joined with " / ", several transshipment ports separated by ";", HS codes written every
way a manifest writes them, countries sometimes as ISO codes and sometimes as names.
"""

import csv
import json
import os
import random

SEED = 20261107
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "feeder_jebel_ali.csv")
# The test suite's expected findings for this sample (tests/cli.rs, tests/hostile_names.rs).
OUT_EXPECTED = os.path.normpath(
    os.path.join(HERE, "..", "tests", "fixtures", "sample-findings", "feeder_jebel_ali.expected.json"))

HEADER = [
    "BL Number", "Vessel", "IMO", "Voyage", "Flag",
    "Shipper", "Shipper Address", "Shipper Country",
    "Consignee", "Consignee Address", "Consignee Country",
    "Notify Party", "Notify Address", "Notify Country",
    "Place of Receipt", "Port of Loading", "Transshipment Port", "Port of Discharge",
    "Final Destination", "Country of Origin",
    "Container No", "Seal No", "Size Type",
    "Goods Description", "HS Code", "Packages", "Package Type", "Gross Weight (KG)",
    "UN Number", "Marks",
]

VESSEL = "GULF SPIRIT"
VOYAGE = "GS2611E"
FLAG = "LR"
IMO_BODY = "941723"  # the seventh digit is computed below


def imo_number(body):
    check = sum(int(d) * w for d, w in zip(body, (7, 6, 5, 4, 3, 2))) % 10
    return body + str(check)


IMO = imo_number(IMO_BODY)

BL_PREFIX = "GSPL2611"
N_BILLS = 168

# ---------------------------------------------------------------------------------------------
# ISO 6346 container numbers

_LETTER_VALUES = {}
_v = 10
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    if _v % 11 == 0:
        _v += 1
    _LETTER_VALUES[_c] = _v
    _v += 1


def container_check_digit(first10):
    total = 0
    for i, ch in enumerate(first10):
        value = _LETTER_VALUES[ch] if ch.isalpha() else int(ch)
        total += value * (2 ** i)
    return total % 11  # 10 means "avoid this serial"


def container_number(rng, owner):
    while True:
        serial = "%06d" % rng.randrange(0, 1000000)
        check = container_check_digit(owner + serial)
        if check != 10:
            return owner + serial + str(check)


DRY_OWNERS = ["MSCU", "MSKU", "MRKU", "CMAU", "TGHU", "TCLU", "TEMU", "FCIU", "SEGU", "BMOU",
              "TRHU", "GESU", "CAIU", "DFSU", "BEAU", "TCNU", "OOLU", "EGHU", "HLXU", "ONEU",
              "YMLU", "SZLU", "GLDU", "TLLU"]
REEFER_OWNERS = ["MWCU", "SEGU", "TRIU", "CXRU", "SZLU"]
TANK_OWNERS = ["EXFU", "TDTU", "SUTU"]


def seal_number(rng):
    style = rng.randrange(6)
    if style == 0:
        return "H%07d" % rng.randrange(10 ** 7)
    if style == 1:
        return "CN%07d" % rng.randrange(10 ** 7)
    if style == 2:
        return "ML%s%07d" % (rng.choice(["AE", "IN", "CN", "PK"]), rng.randrange(10 ** 7))
    if style == 3:
        return "%08d" % rng.randrange(10 ** 8)
    if style == 4:
        return "SL%06d" % rng.randrange(10 ** 6)
    return "EU%07d" % rng.randrange(10 ** 7)


# ---------------------------------------------------------------------------------------------
# HS codes written the ways manifests write them


def hs_written(rng, code):
    """`code` is 6 or 8 digits without separators."""
    if rng.random() < 0.08:
        return ""
    h4, h6 = code[:4], code[4:6]
    ext = code[6:8]
    forms = [
        "%s.%s" % (h4, h6),
        "%s%s" % (h4, h6),
        "HS CODE %s.%s" % (h4, h6),
    ]
    if ext:
        forms += ["%s %s %s" % (h4, h6, ext), "%s.%s.%s" % (h4, h6, ext), "%s%s%s" % (h4, h6, ext)]
    return rng.choice(forms)


def weight_written(rng, kg):
    style = rng.randrange(3)
    if style == 0:
        return "%.3f" % kg
    if style == 1:
        return "%.2f" % kg
    return "%d" % round(kg)


# ---------------------------------------------------------------------------------------------
# Goods. Each entry: category (matched against the consignee's trades), package type, unit sizes
# in kg ({u} in a description; for pallets, bundles and tanks the weight of one package), net kg per
# container, container size/types, and description variants each with the HS codes (6 or 8 digits)
# that fit it. Chargers (8504.40) and ball bearings (8482.10) are CHPL codes and appear only on
# fixed bills in PLANTED, so the expected findings list every one of them.

GOODS = {
    "basmati": dict(cat="food", pkg="BAG", units=[20, 25, 39], net=(22000, 25500), size=["22G1"], desc=[
        ("INDIAN 1121 STEAM BASMATI RICE CROP 2025 PACKED IN {u} KG PP BAGS", ["10063020", "100630"]),
        ("1509 GOLDEN SELLA BASMATI RICE, {u} KGS NON WOVEN BAGS", ["10063020", "100630"]),
        ("PUSA BASMATI RICE (CREAMY SELLA) IN {u}KG JUTE BAGS", ["10063020"]),
        ("Indian Basmati Rice 1121 Sella, packing {u} kg bags", ["100630", "10063020"])]),
    "rice_pk": dict(cat="food", pkg="BAG", units=[25, 50], net=(20000, 25500), size=["22G1"], desc=[
        ("PAKISTANI SUPER KERNEL BASMATI RICE {u} KG BAGS", ["10063010", "100630"]),
        ("IRRI-6 LONG GRAIN WHITE RICE 5% BROKEN, {u} KGS PP BAGS", ["10063090", "100630"]),
        ("PK-386 LONG GRAIN RICE {u}KG BAGS NEW CROP", ["10063090"]),
        ("1121 KAINAT SELLA RICE PACKED IN {u} KG BOPP BAGS", ["10063010", "100630"])]),
    "tea": dict(cat="food", pkg="BAG", units=[20, 25, 40], net=(12000, 20000), size=["22G1", "42G1"], desc=[
        ("PURE CEYLON BLACK TEA BOPF IN {u} KG PAPER SACKS", ["090240", "09024010"]),
        ("CEYLON BLACK TEA PEKOE IN {u}KG PAPER SACKS", ["090240"]),
        ("CEYLON TEA BOP1 PACKED IN {u} KG MULTIWALL SACKS SAID TO CONTAIN", ["090240"]),
        ("ceylon black tea dust {u} kg sacks", ["090240", "09024090"])]),
    "coconut": dict(cat="food", pkg="BAG", units=[25, 50], net=(12500, 14000), size=["22G1"], desc=[
        ("DESICCATED COCONUT FINE GRADE {u} KG KRAFT BAGS", ["080111"]),
        ("DESICCATED COCONUT MEDIUM GRADE, {u}KG MULTIWALL BAGS", ["080111", "08011100"])]),
    "onion": dict(cat="fresh", pkg="BAG", units=[10, 20, 25], net=(26000, 28500), size=["45R1"], desc=[
        ("FRESH RED ONIONS 55MM+ IN {u} KG MESH BAGS", ["07031010", "070310"]),
        ("FRESH ONIONS NASHIK RED 45-55 MM {u}KG NET BAGS, TEMP +2C", ["070310"]),
        ("INDIAN FRESH ONION {u} KGS MESH BAG VENTS OPEN 25 CBM", ["07031019", "070310"])]),
    "fish": dict(cat="fish", pkg="CTN", units=[10, 20], net=(21000, 25500), size=["45R1", "22R1"], desc=[
        ("FROZEN RIBBON FISH WHOLE ROUND BLOCK {u} KG MASTER CARTONS", ["03038990", "030389"]),
        ("FROZEN INDIAN MACKEREL (RASTRELLIGER KANAGURTA) {u} KG CTNS -18C", ["030354", "03035400"]),
        ("FROZEN YELLOWFIN TUNA WHOLE ROUND, {u} KG CARTONS", ["030342"]),
        ("FROZEN PINK PERCH BLOCK FROZEN {u}KG CTN KEEP AT -18 DEG C", ["030389", "03038990"])]),
    "salt": dict(cat="food", pkg="BAG", units=[25, 50], net=(24000, 26000), size=["22G1"], desc=[
        ("HIMALAYAN PINK ROCK SALT FINE GRAIN {u} KG BAGS", ["250100", "25010090"]),
        ("PINK ROCK SALT COARSE 2-5MM IN {u}KG PP BAGS", ["250100"])]),
    "cumin": dict(cat="food", pkg="BAG", units=[25, 50], net=(14000, 18000), size=["22G1"], desc=[
        ("CUMIN SEEDS SINGAPORE QUALITY 99% PURITY {u} KG PP BAGS", ["090931", "09093129"]),
        ("INDIAN CUMIN SEEDS EUROPE QUALITY {u}KG BAGS", ["090931"])]),
    "bedsheet": dict(cat="textile", pkg="CTN", units=[18, 22, 25], net=(9000, 16000), size=["42G1", "45G1"], desc=[
        ("100% COTTON BEDSHEETS AND PILLOW COVERS ASSORTED", ["630231", "63023100"]),
        ("COTTON TERRY TOWELS 500 GSM ASSORTED COLOURS", ["630260", "63026000"]),
        ("POLY COTTON BED LINEN SETS PER INVOICE NO. FHT/EX/0417", ["630232"]),
        ("Cotton bath towels and hand towels, assorted", ["630260"])]),
    "fabric": dict(cat="textile", pkg="RLS", units=[45, 60, 75], net=(12000, 19000), size=["42G1", "45G1", "22G1"], desc=[
        ("100% COTTON GREY FABRIC 60X60 90X88 63 INCH", ["520811", "52081190"]),
        ("POLYESTER VISCOSE SUITING FABRIC DYED", ["551511", "55151190"]),
        ("COTTON DENIM FABRIC 10.5 OZ INDIGO", ["520942"]),
        ("printed rayon fabric 58 inch width, assorted designs", ["551644", "540844"])]),
    "garment": dict(cat="textile", pkg="CTN", units=[12, 15, 18], net=(7000, 13000), size=["45G1", "42G1"], desc=[
        ("MENS 100% COTTON KNITTED T-SHIRTS PO NO. 4501314249", ["610910", "61091000"]),
        ("LADIES KNITTED TOPS 95% COTTON 5% ELASTANE", ["610610", "61061000"]),
        ("BOYS DENIM TROUSERS STYLE DX-220 PO 7781", ["620342", "62034200"]),
        ("MENS KNITTED POLO SHIRTS, S-XXL ASSORTED", ["610510"])]),
    "jute": dict(cat="general", pkg="BLS", units=[180, 220], net=(18000, 21000), size=["22G1"], desc=[
        ("JUTE HESSIAN BAGS 40X28 INCH 500 PCS PER BALE", ["630510"]),
        ("JUTE SACKING BAGS B-TWILL 100 KG CAPACITY", ["630510", "63051020"])]),
    "carpet": dict(cat="carpet", pkg="BLS", units=[30, 45], net=(4500, 9000), size=["22G1"], desc=[
        ("HAND KNOTTED WOOLLEN CARPETS ASSORTED SIZES", ["570110", "57011000"]),
        ("HAND KNOTTED WOOL RUGS BOKHARA DESIGN", ["570110"])]),
    "football": dict(cat="general", pkg="CTN", units=[12, 15], net=(8000, 14000), size=["42G1"], desc=[
        ("HAND STITCHED PU FOOTBALLS SIZE 5", ["950662"]),
        ("MACHINE STITCHED FOOTBALLS SIZE 4 AND 5 ASSORTED", ["950662", "95066210"])]),
    "tiles": dict(cat="building", pkg="PLT", units=[1150, 1300, 1420], net=(20000, 26500), size=["22G1"], desc=[
        ("GLAZED VITRIFIED TILES 600X1200 MM POLISHED", ["690721", "69072100"]),
        ("CERAMIC WALL TILES 300X600 MM GLOSSY", ["690723", "69072300"]),
        ("PORCELAIN FLOOR TILES 600X600 MATT FINISH", ["690721"]),
        ("GLAZED PORCELAIN SLAB TILES 800X1600 MM", ["690722", "690721"])]),
    "pipes": dict(cat="building", pkg="BDL", units=[950, 1250, 1800], net=(18000, 26000), size=["22G1", "42G1"], desc=[
        ("ERW BLACK STEEL PIPES IS 1239 MEDIUM 6 M LENGTH", ["730630", "73063090"]),
        ("GALVANIZED STEEL PIPES BS EN 10255 HEAVY", ["730630"]),
        ("MS ERW ROUND PIPES 2 INCH X 3.2 MM X 6 MTR", ["730630", "73063019"]),
        ("SEAMLESS CARBON STEEL LINE PIPE API 5L GR.B SCH 40", ["730419", "73041910"])]),
    "rebar": dict(cat="building", pkg="BDL", units=[1900, 2100], net=(22000, 26000), size=["22G1"], desc=[
        ("STEEL REINFORCING BARS B500B 12MM X 12M", ["721420", "72142000"]),
        ("DEFORMED STEEL REBAR GRADE 60 16 MM", ["721420"])]),
    "cement": dict(cat="building", pkg="BAG", units=[50], net=(24000, 26000), size=["22G1"], desc=[
        ("ORDINARY PORTLAND CEMENT 42.5N IN 50 KG BAGS", ["252329", "25232900"]),
        ("SULPHATE RESISTING PORTLAND CEMENT 50KG PP BAGS", ["252329"])]),
    "pp": dict(cat="building", pkg="BAG", units=[25], net=(24500, 25000), size=["45G1"], desc=[
        ("POLYPROPYLENE HOMOPOLYMER GRANULES RAFFIA GRADE {u} KG BAGS", ["390210", "39021000"]),
        ("PP COPOLYMER RESIN INJECTION GRADE, {u}KG BAGS ON PALLETS", ["390230", "39023000"])]),
    "gypsum": dict(cat="building", pkg="PLT", units=[1400, 1550], net=(22000, 26000), size=["22G1"], desc=[
        ("GYPSUM PLASTERBOARD 12.5MM X 1200 X 2400", ["680911"]),
        ("MOISTURE RESISTANT GYPSUM BOARD 12.5 MM", ["680911", "68091100"])]),
    "furniture": dict(cat="furniture", pkg="PKG", units=[28, 40, 55], net=(5000, 11000), size=["45G1"], desc=[
        ("WOODEN FURNITURE - DINING TABLES AND CHAIRS (KD)", ["940360", "94036090"]),
        ("SHEESHAM WOOD SIDEBOARDS AND COFFEE TABLES", ["940360"]),
        ("UPHOLSTERED SOFA SETS 3+2+1 FABRIC", ["940161", "94016100"]),
        ("Office chairs with metal frame, knocked down", ["940171", "940130"])]),
    "tyres_car": dict(cat="auto", pkg="PCS", units=[8, 9, 11], net=(8500, 13000), size=["45G1"], desc=[
        ("NEW PASSENGER CAR RADIAL TYRES 195/65R15 AND 205/55R16", ["401110", "40111000"]),
        ("NEW PCR TYRES ASSORTED SIZES 13-18 INCH", ["401110"]),
        ("NEW RADIAL TIRES 185/70R14 88H", ["401110", "40111000"])]),
    "tyres_truck": dict(cat="auto", pkg="PCS", units=[55, 62], net=(14000, 19500), size=["45G1"], desc=[
        ("NEW TRUCK BUS RADIAL TYRES 315/80R22.5", ["401120", "40112010"]),
        ("NEW TBR TYRES 12R22.5 18PR", ["401120"])]),
    "autoparts": dict(cat="auto", pkg="CTN", units=[14, 18, 24], net=(9000, 17000), size=["22G1", "42G1"], desc=[
        ("AUTOMOBILE SPARE PARTS - BRAKE PADS AND BRAKE SHOES", ["870830", "87083000"]),
        ("MOTOR VEHICLE PARTS: CLUTCH PLATES AND PRESSURE PLATES", ["870893"]),
        ("SHOCK ABSORBERS FOR PASSENGER CARS", ["870880", "87088000"]),
        ("auto parts - radiator hoses, fan belts, filters as per packing list", ["870899", "87089900"])]),
    "pumps": dict(cat="pumps", pkg="PKG", units=[22, 35, 48], net=(8000, 15000), size=["22G1"], desc=[
        ("SUBMERSIBLE BOREWELL PUMPSETS 1.5 HP SINGLE PHASE", ["841370", "84137010"]),
        ("SELF PRIMING MONOBLOCK WATER PUMPS 1 HP", ["841370"]),
        ("OPENWELL SUBMERSIBLE PUMPS 3 HP WITH CABLE", ["841370", "84137010"]),
        ("domestic water pressure booster pumps 0.5 hp", ["841381"])]),
    "valves": dict(cat="pumps", pkg="PLT", units=[480, 650, 820], net=(9000, 15000), size=["22G1"], desc=[
        ("CAST IRON GATE VALVES PN16 FLANGED DN50-DN200", ["848180", "84818090"]),
        ("BRASS BALL VALVES FOR PLUMBING 1/2 TO 2 INCH", ["848180"]),
        ("DUCTILE IRON BUTTERFLY VALVES LUG TYPE PN16", ["848180", "84818090"])]),
    "led": dict(cat="electrical", pkg="CTN", units=[6, 9, 12], net=(6000, 12000), size=["45G1", "42G1"], desc=[
        ("LED BULBS 9W E27 6500K 100 PCS PER CARTON", ["853952", "85395200"]),
        ("LED PANEL LIGHTS 600X600 40W", ["940542", "94054200"]),
        ("LED TUBE LIGHTS T8 18W 1200MM", ["853952"]),
        ("led street light fittings 100w", ["940542"])]),
    "fans": dict(cat="electrical", pkg="CTN", units=[6, 8], net=(8000, 12000), size=["45G1"], desc=[
        ("ELECTRIC CEILING FANS 56 INCH 220V", ["841451", "84145110"]),
        ("STAND FANS 16 INCH WITH REMOTE", ["841451"])]),
    "ac": dict(cat="electrical", pkg="PKG", units=[38, 52], net=(6500, 10000), size=["45G1"], desc=[
        ("SPLIT AIR CONDITIONERS 1.5 TON R410A INDOOR AND OUTDOOR UNITS", ["841510", "84151010"]),
        ("WINDOW TYPE AIR CONDITIONERS 2 TON T3 CLIMATE", ["841510"])]),
    "tv": dict(cat="electronics", pkg="CTN", units=[9, 13], net=(6000, 11000), size=["45G1"], desc=[
        ("LED TELEVISION 43 INCH SMART TV", ["852872", "85287219"]),
        ("32 INCH LED TV SETS WITH WALL BRACKET", ["852872"])]),
    "powerbank": dict(cat="electronics", pkg="CTN", units=[12, 15], net=(4000, 8000), size=["22G1"], un="3480", desc=[
        ("POWER BANKS 10000MAH LITHIUM ION UN3480 PI965 SECTION II", ["850760", "85076000"]),
        ("PORTABLE POWER BANK 20000 MAH", ["850760"])]),
    "cables": dict(cat="electronics", pkg="CTN", units=[10, 14], net=(5000, 11000), size=["22G1"], desc=[
        ("USB TYPE-C DATA CABLES 1M BRAIDED", ["854442", "85444290"]),
        ("HDMI CABLES 1.5M AND 3M ASSORTED", ["854442"])]),
    "toys": dict(cat="general", pkg="CTN", units=[7, 10], net=(5000, 10000), size=["45G1"], desc=[
        ("PLASTIC TOYS ASSORTED (CARS, DOLLS, BUILDING BLOCKS)", ["950300", "95030090"]),
        ("CHILDRENS RIDE-ON CARS AND SCOOTERS", ["950300"])]),
    "household": dict(cat="general", pkg="CTN", units=[9, 13, 16], net=(7000, 14000), size=["45G1"], desc=[
        ("PLASTIC HOUSEHOLD ARTICLES - STORAGE BOXES, BASKETS", ["392490", "39249090"]),
        ("STAINLESS STEEL KITCHENWARE POTS AND PANS", ["732393"]),
        ("melamine dinner sets and plastic tableware", ["392410", "39241090"])]),
    "gloves": dict(cat="general", pkg="CTN", units=[9, 11], net=(12000, 18000), size=["42G1"], desc=[
        ("NATURAL RUBBER HOUSEHOLD GLOVES ASSORTED SIZES", ["401519"]),
        ("NITRILE EXAMINATION GLOVES POWDER FREE 100 PCS PER BOX", ["401512", "40151200"])]),
    "castor": dict(cat="chem_bulk", pkg="TNK", units=[21400, 21800], net=(21000, 22000), size=["22T6"], desc=[
        ("FIRST SPECIAL GRADE CASTOR OIL IN ISO TANK", ["151530", "15153090"]),
        ("COMMERCIAL GRADE CASTOR OIL, BULK IN ISOTANK, NET WT AS PER INVOICE", ["151530"])]),
    "latex": dict(cat="chem_bulk", pkg="TNK", units=[20500, 21000], net=(20000, 21500), size=["22T6"], desc=[
        ("NATURAL RUBBER LATEX CONCENTRATE 60% DRC HA IN ISO TANK", ["400110"]),
        ("NATURAL RUBBER LATEX 60% DRC LOW AMMONIA, 1 ISOTANK", ["400110", "40011000"])]),
}

# ---------------------------------------------------------------------------------------------
# Parties. A shipper: name, address lines, country as written, origin ISO, lane, goods keys.

LANES = {
    # port of loading -> places of receipt (inland depots feeding it); transshipment choices ("" = direct)
    "IN": ({"INNSA": ["INNSA", "INNSA", "INTKD", "INLDH"], "INMUN": ["INMUN", "INMUN", "INAMD", "INTKD"]}, [""]),
    "PK": ({"PKKHI": ["PKKHI", "PKLHE", "PKSKT", "PKLYP"], "PKBQM": ["PKBQM", "PKLHE", "PKLYP"]}, [""]),
    "LK": ({"LKCMB": ["LKCMB"]}, [""]),
    "BD": ({"BDCGP": ["BDCGP", "BDDAC"]}, ["LKCMB", "LKCMB", "INNSA"]),
    "OM": ({"OMSOH": ["OMSOH"]}, [""]),
    "CN": ({"CNSHA": ["CNSHA", "CNSHA", "CNSUZ"], "CNNGB": ["CNNGB", "CNNGB", "CNYIW"],
            "CNSZX": ["CNSZX", "CNSZX", "CNFOS", "CNDGG"]},
           ["LKCMB", "LKCMB", "SGSIN", "SGSIN;LKCMB", "MYPKG;LKCMB"]),
}

SHIPPERS = [
    # India
    ("AMRIT SAGAR AGRO EXPORTS PVT. LTD.", ["PLOT 14, GT KARNAL ROAD", "TARAORI, DIST. KARNAL", "HARYANA 132116"], "IN", "IN", ["basmati"]),
    ("SHRI BALAJI RICE OVERSEAS PVT LTD", ["KHASRA NO 221, VILLAGE BARSAT", "PANIPAT HARYANA INDIA", "GSTIN 06AAKCS4419M1ZV"], "INDIA", "IN", ["basmati"]),
    ("Shree Ganesh Textiles Pvt. Ltd.", ["402, Silk City Market, Ring Road", "Surat 395002, Gujarat"], "IN", "IN", ["fabric", "garment"]),
    ("SUNRISE SPINNERS & WEAVERS LTD", ["SF NO. 112, AVINASHI ROAD", "TIRUPUR 641603 TAMIL NADU", "TEL +91 421 2234 556"], "IN", "IN", ["garment", "bedsheet"]),
    ("LEXORA CERAMIC LLP", ["8-A NATIONAL HIGHWAY, LAKHDHIRPUR ROAD", "MORBI 363642 GUJARAT INDIA"], "IN", "IN", ["tiles"]),
    ("SIMPOLO VITRIFIED PRIVATE LIMITED", ["SURVEY NO 139, 8-A NATIONAL HIGHWAY", "MORBI GUJARAT"], "INDIA", "IN", ["tiles"]),
    ("SAURASHTRA TUBES & PIPES PVT. LTD.", ["PLOT 57-58 GIDC ESTATE", "BHUJ KUTCH 370001", "GUJARAT, INDIA"], "IN", "IN", ["pipes"]),
    ("PUNE AUTO COMPONENTS PVT LTD", ["GAT NO 287, CHAKAN MIDC PHASE II", "PUNE 410501 MAHARASHTRA"], "IN", "IN", ["autoparts", "tyres_car"]),
    ("DECCAN TYRES LIMITED", ["DECCAN HOUSE, 12 RACE COURSE ROAD", "BENGALURU 560001", "KARNATAKA INDIA"], "IN", "IN", ["tyres_car", "tyres_truck"]),
    ("GODAVARI AGRO FRESH PVT. LTD.", ["GAT NO 90, LASALGAON", "TAL NIPHAD DIST NASHIK 422306", "MAHARASHTRA"], "IN", "IN", ["onion"]),
    ("KONKAN MARINE FOODS PVT LTD", ["MIDC MIRJOLE BLOCK", "RATNAGIRI 415639", "FSSAI LIC 10019022008832"], "IN", "IN", ["fish"]),
    ("AQUAFLO PUMPS INDIA PVT. LTD.", ["SF 212/3 SATHY ROAD, SARAVANAMPATTI", "COIMBATORE 641035", "TAMILNADU INDIA"], "IN", "IN", ["pumps", "valves"]),
    ("MARWAR WOODCRAFTS", ["E-116 BASNI 2ND PHASE IND. AREA", "JODHPUR RAJASTHAN 342005"], "IN", "IN", ["furniture"]),
    ("MALABAR SPICE TRADERS", ["XVI/421 BAZAR ROAD, MATTANCHERRY", "KOCHI KERALA 682002"], "IN", "IN", ["cumin"]),
    ("UNJHA SEEDS & SPICES CO.", ["NEAR APMC MARKET YARD", "UNJHA DIST MEHSANA", "GUJARAT 384170"], "IN", "IN", ["cumin"]),
    ("SHREE KUTCH OLEOCHEM PVT LTD", ["SURVEY NO. 41, VILLAGE MITHIROHAR", "GANDHIDHAM KUTCH 370201", "GUJARAT INDIA"], "IN", "IN", ["castor"]),
    ("KALPATARU ELECTRICALS PVT. LTD.", ["UNIT 7, SECTOR 5 IMT MANESAR", "GURGAON HARYANA 122050"], "IN", "IN", ["fans", "led"]),
    # Pakistan
    ("AL-HAMD RICE MILLS (PVT) LTD", ["7 KM SHEIKHUPURA ROAD", "GUJRANWALA PAKISTAN", "NTN 2234419-8"], "PK", "PK", ["rice_pk"]),
    ("MUGHAL AGRO RICE MILLS", ["G.T. ROAD, MURIDKE", "DISTT. SHEIKHUPURA"], "PAKISTAN", "PK", ["rice_pk"]),
    ("FAISALABAD HOME TEXTILES (PVT.) LTD.", ["P-55 JHANG ROAD", "FAISALABAD - PAKISTAN"], "PK", "PK", ["bedsheet", "fabric"]),
    ("SIALKOT SPORTS INTERNATIONAL", ["DASKA ROAD, UGOKE", "SIALKOT 51310 PAKISTAN"], "PK", "PK", ["football"]),
    ("KHEWRA PINK SALT COMPANY", ["PLOT 21, SITE AREA KOTRI", "JAMSHORO SINDH"], "PK", "PK", ["salt"]),
    ("INDUS CARPET HOUSE", ["32-B BLOCK 6, P.E.C.H.S.", "KARACHI 75400"], "PK", "PK", ["carpet"]),
    # Sri Lanka
    ("CEYLON HIGHLAND TEAS (PVT) LTD", ["NO. 48, MAYA AVENUE", "COLOMBO 06, SRI LANKA"], "LK", "LK", ["tea"]),
    ("Kandy Valley Tea Exporters (Pvt) Ltd", ["221/4 Peradeniya Road", "Kandy, Sri Lanka"], "SRI LANKA", "LK", ["tea"]),
    ("LANKA COCO PRODUCTS (PVT) LTD", ["KURUNEGALA ROAD, DANKOTUWA", "SRI LANKA"], "LK", "LK", ["coconut"]),
    ("KELANI LATEX & RUBBER PRODUCTS (PVT) LTD", ["BIYAGAMA EXPORT PROCESSING ZONE", "WALGAMA, MALWANA"], "LK", "LK", ["gloves", "latex"]),
    # Bangladesh
    ("CHITTAGONG KNIT COMPOSITE LTD.", ["PLOT 19-20, CEPZ", "SOUTH HALISHAHAR, CHATTOGRAM 4223", "BANGLADESH"], "BD", "BD", ["garment"]),
    ("BENGAL JUTE FIBRE MILLS LTD", ["RUPSHA, KHULNA 9241", "BANGLADESH"], "BD", "BD", ["jute"]),
    # Oman
    ("SOHAR BUILDING MATERIALS L.L.C", ["P.O. BOX 109, PC 322", "SOHAR INDUSTRIAL ESTATE", "SULTANATE OF OMAN"], "OM", "OM", ["cement", "gypsum"]),
    ("AL BATINAH STEEL INDUSTRIES LLC", ["PLOT 112, SOHAR FREE ZONE", "SOHAR, OMAN", "CR 1187754"], "OMAN", "OM", ["rebar"]),
    ("AL WADI POLYMERS L.L.C.", ["PO BOX 88 PC 327", "SOHAR PORT AREA, OMAN"], "OM", "OM", ["pp"]),
    # China
    ("SHENZHEN HUAXIN DIGITAL TECHNOLOGY CO.,LTD", ["ROOM 1708, BLOCK B, TIANAN CYBER PARK", "FUTIAN DISTRICT, SHENZHEN, GUANGDONG", "USCI 91440300MA5F2K7X3R"], "CN", "CN", ["powerbank", "cables"]),
    ("NINGBO YONGSHENG LIGHTING CO., LTD.", ["NO. 77 XINGNING ROAD", "YINZHOU DISTRICT NINGBO ZHEJIANG"], "CN", "CN", ["led"]),
    ("GUANGZHOU MEIDA HOME APPLIANCES CO.,LTD", ["NO. 3 KEYUAN ROAD, PANYU DISTRICT", "GUANGZHOU 511400 CHINA"], "CHINA", "CN", ["ac", "fans", "tv"]),
    ("FOSHAN JINYUAN FURNITURE CO.,LTD", ["LECONG FURNITURE CITY", "SHUNDE, FOSHAN, GUANGDONG"], "CN", "CN", ["furniture"]),
    ("FOSHAN NANHAI OUBO CERAMICS CO LTD", ["NANZHUANG TOWN, CHANCHENG DISTRICT", "FOSHAN CITY GUANGDONG P.R.CHINA"], "P.R. CHINA", "CN", ["tiles"]),
    ("WENZHOU OUHAI FLUID CONTROL CO LTD", ["NO. 18 WUTIAN STREET OUHAI", "WENZHOU ZHEJIANG"], "CN", "CN", ["valves"]),
    ("TAIZHOU XINDA PUMP INDUSTRY CO.,LTD", ["DAXI TOWN, WENLING CITY", "ZHEJIANG PROVINCE CHINA"], "CN", "CN", ["pumps"]),
    ("YIWU FUTIAN GENERAL MERCHANDISE CO., LTD", ["NO. 1566 CHOUZHOU NORTH ROAD", "YIWU ZHEJIANG 322000"], "CN", "CN", ["toys", "household"]),
    ("CANGZHOU HUAYANG STEEL PIPE CO.,LTD", ["YANSHAN ECONOMIC DEVELOPMENT ZONE", "CANGZHOU HEBEI CHINA"], "CN", "CN", ["pipes"]),
    ("QINGDAO LONGRUN TYRE CO., LTD", ["NO 9 HUANGHE ROAD, HUANGDAO DISTRICT", "QINGDAO SHANDONG"], "CN", "CN", ["tyres_car", "tyres_truck"]),
    ("RUIAN XINHAI AUTO PARTS CO.,LTD", ["TANGXIA TOWN, RUIAN CITY", "WENZHOU ZHEJIANG 325204"], "CN", "CN", ["autoparts"]),
    # (chargers 8504.40 and ball bearings 8482.10 are CHPL codes: they appear only on the few
    # fixed bills in PLANTED, so the expected findings can list every one of them)
    ("DONGGUAN JIAYI POWER TECHNOLOGY CO.,LTD", ["NO. 12 SHAJIAO ROAD, HUMEN TOWN", "DONGGUAN GUANGDONG CHINA"], "CN", "CN", ["cables"]),
]

# A consignee: name, address lines, country as written, ISO, final destinations, categories.
CONSIGNEES = [
    ("AL NOOR FOODSTUFF TRADING L.L.C", ["SHOP 12, AL RAS AREA", "DEIRA, DUBAI, U.A.E.", "TEL +971 4 2265143"], "AE", "AE", ["AEJEA", "AEDXB"], ["food"]),
    ("GOLDEN SICKLE RICE TRADING CO. L.L.C.", ["WAREHOUSE 7, AL QUSAIS IND. AREA 2", "DUBAI - UAE"], "UNITED ARAB EMIRATES", "AE", ["AEJEA"], ["food"]),
    ("Bab Al Shams General Trading L.L.C", ["Office 504, Al Khaleej Centre", "Bur Dubai, P.O. Box 41172"], "AE", "AE", ["AEJEA", "AEDXB"], ["food", "general", "household", "textile"]),
    ("RAS AL KHOR BUILDING MATERIALS TRADING L.L.C.", ["PLOT 348-0112, RAS AL KHOR IND. AREA 3", "DUBAI UAE", "TRN 100234567800003"], "AE", "AE", ["AEJEA"], ["building"]),
    ("AL QUOZ FURNITURE TRADING EST.", ["AL QUOZ INDUSTRIAL AREA 4", "P.O.BOX 36214 DUBAI"], "AE", "AE", ["AEJEA", "AEDXB"], ["furniture"]),
    ("JEBEL ALI TYRE TRADING FZE", ["WAREHOUSE RA08-CD05", "JAFZA NORTH, JEBEL ALI, DUBAI"], "AE", "AE", ["AEJEA"], ["auto"]),
    ("NAIF AUTO SPARE PARTS TRADING L.L.C.", ["SHOP 3, AL MUSALLA ROAD, NAIF", "DEIRA DUBAI"], "UNITED ARAB EMIRATES", "AE", ["AEJEA", "AEDXB"], ["auto"]),
    ("SINDHI TEXTILES TRADING CO. L.L.C", ["MEENA BAZAAR, AL FAHIDI STREET", "BUR DUBAI UAE"], "AE", "AE", ["AEJEA", "AEDXB"], ["textile", "carpet"]),
    ("AL KHALEEJ TEA PACKING FACTORY L.L.C", ["PLOT 22, NATIONAL INDUSTRIES PARK", "JEBEL ALI, DUBAI"], "AE", "AE", ["AEJEA"], ["food"]),
    ("EMIRATES FRESH PRODUCE TRADING L.L.C", ["SHED 41, AL AWEER CENTRAL FRUIT & VEG MARKET", "DUBAI UAE"], "AE", "AE", ["AEJEA"], ["fresh", "fish"]),
    ("GULF SEA FOODS TRADING L.L.C.", ["COLD STORE 9, AL QUSAIS 1", "DUBAI", "TEL +971 4 2581190"], "AE", "AE", ["AEJEA"], ["fish"]),
    ("DRAGON MART ELECTRONICS TRADING FZCO", ["UNIT 6EA-114, DUBAI AIRPORT FREEZONE", "DUBAI, UAE"], "AE", "AE", ["AEJEA", "AEDXB"], ["electronics", "electrical"]),
    ("DEIRA LIGHT HOUSE ELECTRICALS TRADING L.L.C", ["NAIF ROAD, DEIRA", "P.O. BOX 5521, DUBAI"], "AE", "AE", ["AEJEA"], ["electrical", "electronics"]),
    ("EMIRATES OLEO CHEM TRADING FZE", ["PLOT MO0512, JAFZA SOUTH", "JEBEL ALI, DUBAI"], "AE", "AE", ["AEJEA"], ["chem_bulk"]),
    ("STAR PUMPS & VALVES TRADING L.L.C.", ["INDUSTRIAL AREA 12", "SHARJAH, UAE"], "AE", "AE", ["AEJEA"], ["pumps"]),
    ("MARHABA GENERAL TRADING FZE", ["Q1-05-112/B, SAIF ZONE", "SHARJAH U.A.E"], "AE", "AE", ["AEJEA"], ["general", "household", "food", "electrical"]),
    ("SHARJAH STEEL PIPES TRADING L.L.C", ["PLOT 14, INDUSTRIAL AREA 17", "SHARJAH, UAE"], "AE", "AE", ["AEJEA"], ["building", "metal"]),
    ("SILVER CREEK GENERAL TRADING L.L.C", ["OFFICE 1102, CITY TOWER 2", "SHEIKH ZAYED ROAD DUBAI"], "AE", "AE", ["AEJEA"], ["general", "textile", "building"]),
    # Oman
    ("MUSCAT HOME APPLIANCES L.L.C", ["P.O. BOX 1190, PC 112 RUWI", "MUSCAT, SULTANATE OF OMAN"], "OM", "OM", ["OMSOH"], ["electrical", "electronics"]),
    ("AL BURAIMI FOODSTUFF TRADING", ["P.O. BOX 71, PC 512", "AL BURAIMI OMAN"], "OMAN", "OM", ["OMSOH"], ["food"]),
    # Iraq
    ("BASRA GATE GENERAL TRADING CO.", ["AL-JAZAER STREET", "BASRAH, IRAQ", "TEL +964 780 115 2244"], "IQ", "IQ", ["IQUQR"], ["food", "building", "general", "electrical"]),
    ("AL-SHAMAL FOODSTUFF COMPANY", ["AL MANSOUR DISTRICT", "BAGHDAD - IRAQ"], "IRAQ", "IQ", ["IQUQR"], ["food"]),
    # Kuwait
    ("AL SHUWAIKH FOODSTUFF CO. W.L.L.", ["BLOCK 2, SHUWAIKH INDUSTRIAL", "P.O. BOX 2291 SAFAT 13023", "KUWAIT"], "KW", "KW", ["KWSWK"], ["food", "fish"]),
    ("AL RAI TYRES & BATTERIES CO. W.L.L.", ["AL RAI INDUSTRIAL AREA", "KUWAIT"], "KW", "KW", ["KWSWK"], ["auto"]),
    # Saudi Arabia
    ("BALAD TEXTILE TRADING EST.", ["KING ABDULAZIZ STREET, AL BALAD", "JEDDAH 21411", "KINGDOM OF SAUDI ARABIA"], "SA", "SA", ["SAJED"], ["textile"]),
    ("RED SEA CERAMICS TRADING CO.", ["AL KHUMRAH DISTRICT", "JEDDAH, K.S.A."], "SAUDI ARABIA", "SA", ["SAJED"], ["building"]),
    # Qatar
    ("DOHA CERAMICS & SANITARY W.L.L.", ["STREET 41, INDUSTRIAL AREA", "P.O. BOX 40122 DOHA QATAR"], "QA", "QA", ["QAHMD"], ["building"]),
    ("AL WAKRA FOODSTUFF W.L.L", ["P.O. BOX 8821", "AL WAKRAH, STATE OF QATAR"], "QA", "QA", ["QAHMD"], ["food"]),
    # Bahrain
    ("SITRA FRESH FOODS W.L.L.", ["BUILDING 211, ROAD 15, SITRA", "KINGDOM OF BAHRAIN"], "BH", "BH", ["BHKBS"], ["food", "fresh"]),
    ("MANAMA FURNISHINGS CO. W.L.L", ["EXHIBITION AVENUE", "MANAMA, BAHRAIN"], "BH", "BH", ["BHKBS"], ["furniture"]),
]

NOTIFY_AGENTS = [
    ("SEA BRIDGE SHIPPING & CLEARING L.L.C", ["OFFICE 308, AL FAHIDI BUILDING", "BUR DUBAI, DUBAI"], "AE"),
    ("EMIRATES CUSTOMS CLEARING SERVICES", ["P.O. BOX 17724", "JEBEL ALI PORT, DUBAI"], "AE"),
    ("BLUE WAVE CARGO SERVICES L.L.C.", ["WAREHOUSE 14, UMM RAMOOL", "DUBAI UAE", "ops@bluewavecargo.ae"], "AE"),
    ("AL MINA CLEARING & FORWARDING", ["PORT RASHID ROAD", "DUBAI"], "UNITED ARAB EMIRATES"),
]

# The reefer/fish and fresh consignees only take the goods they can store.
CATEGORY_OF = {k: v["cat"] for k, v in GOODS.items()}

# ---------------------------------------------------------------------------------------------
# Planted bills: fixed content, fixed positions. Keys match HEADER-less fields used below.

ADDR_MABRUKA = ["OFFICE 1405, AL MOOSA TOWER 2", "SHEIKH ZAYED ROAD", "DUBAI, UAE"]

PLANTED = {
    9: dict(
        shipper=("JIANGSU RUNHE FIBREGLASS CO., LTD", ["NO. 8 XINGYE ROAD", "CHANGZHOU JIANGSU CHINA"], "CN"),
        consignee=("MABRUKA TRADING CO LLC", ADDR_MABRUKA, "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSHA", pol="CNSHA", tsp="LKCMB", fd="AEJEA", origin="CN",
        lines=[dict(desc="FIBREGLASS WOVEN ROVING 600 G/M2 1270MM WIDTH", hs="7019.62",
                    n=420, pkg="RLS", kg=44.5, size="22G1", un="", marks="MABRUKA / DUBAI / ROLL 1-420")],
    ),
    22: dict(
        shipper=("AMRIT SAGAR AGRO EXPORTS PVT. LTD.", ["PLOT 14, GT KARNAL ROAD", "TARAORI, DIST. KARNAL", "HARYANA 132116"], "IN"),
        consignee=("SIRJANCO TRADING COMPANY L.L.C.", ["P.O. BOX 52170", "DEIRA, DUBAI"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="INTKD", pol="INMUN", tsp="", fd="AEJEA", origin="IN",
        lines=[dict(desc="INDIAN 1121 STEAM BASMATI RICE CROP 2025 PACKED IN 39 KG PP BAGS", hs="1006.30",
                    n=620, pkg="BAG", kg=39.2, size="22G1", un="", marks="SIRJANCO / DUBAI")],
    ),
    37: dict(
        shipper=("DALIAN HUAFENG TEXTILE IMP. & EXP. CO.,LTD", ["NO. 45 RENMIN ROAD, ZHONGSHAN DISTRICT", "DALIAN LIAONING CHINA"], "CN"),
        consignee=("SILVER CREEK GENERAL TRADING L.L.C", ["OFFICE 1102, CITY TOWER 2", "SHEIKH ZAYED ROAD DUBAI"], "AE"),
        notify=("HESONG TRADING CORP.", ["ROOM 1203, NO. 18 JINSHAN ROAD", "DANDONG, LIAONING"], "CN"),
        por="CNSHA", pol="CNSHA", tsp="SGSIN;LKCMB", fd="AEJEA", origin="CN",
        lines=[dict(desc="POLYESTER FILAMENT YARN 150D/48F DTY RAW WHITE", hs="5402.33",
                    n=22, pkg="PLT", kg=1035.0, size="45G1", un="", marks="N/M")],
    ),
    51: dict(
        shipper=("ZHEJIANG YONGAN ALUMINIUM CO., LTD", ["NO. 266 GONGYE ROAD, YONGKANG", "JINHUA ZHEJIANG"], "CN"),
        consignee=("SILVER CREEK GENERAL TRADING L.L.C", ["OFFICE 1102, CITY TOWER 2", "SHEIKH ZAYED ROAD DUBAI"], "AE"),
        notify=("MOHSEN HODJATI", ["VILLA 23, STREET 14B", "AL BARSHA 2, DUBAI"], "AE"),
        por="CNNGB", pol="CNNGB", tsp="LKCMB", fd="AEJEA", origin="CN",
        lines=[dict(desc="ALUMINIUM EXTRUSION PROFILES 6063-T5 MILL FINISH FOR WINDOWS", hs="760429",
                    n=18, pkg="BDL", kg=1110.0, size="42G1", un="", marks="SCGT / DXB / 1-18")],
    ),
    64: dict(
        shipper=("JIANGSU HONGDA MACHINE TOOL CO.,LTD", ["NO. 1 HONGDA ROAD, TAIXING", "TAIZHOU JIANGSU CHINA"], "CN"),
        consignee=("GULF HORIZON GEN. TRADING FZE", ["PLOT S30207, JEBEL ALI FREE ZONE SOUTH", "DUBAI, UAE"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSHA", pol="CNSHA", tsp="LKCMB", fd="AEJEA", origin="CN",
        lines=[dict(desc="CNC MACHINING CENTRE, VERTICAL, MODEL VMC-850, FANUC CONTROL, 1 UNIT ON SKID WITH STANDARD ACCESSORIES",
                    hs="8457.10", n=1, pkg="PKG", kg=5650.0, size="22G1", un="", marks="GHGT / JEBEL ALI / NO.1")],
    ),
    79: dict(
        shipper=("SHENZHEN KEXIN MICRO SUPPLY CO., LTD", ["ROOM 2305, SEG PLAZA, HUAQIANG NORTH", "FUTIAN DISTRICT SHENZHEN"], "CN"),
        consignee=("FALCON BRIDGE ELECTRONICS TRADING FZCO", ["UNIT 4W-B-203, DUBAI AIRPORT FREEZONE", "DUBAI UAE"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSZX", pol="CNSZX", tsp="LKCMB", fd="RUNVS", origin="CN",
        lines=[dict(desc="ELECTRONIC COMPONENTS - MICROCONTROLLER UNITS 32-BIT", hs="8542.31.90",
                    n=40, pkg="CTN", kg=9.5, size="22G1", un="", marks="FBE-2611 / C/NO. 1-40")],
    ),
    93: dict(
        shipper=("VAPI FINE CHEMICALS PVT. LTD.", ["PLOT 412, PHASE II GIDC", "VAPI, DIST. VALSAD, GUJARAT 396195"], "IN"),
        consignee=("AL SAQR INDUSTRIAL SUPPLIES L.L.C", ["WAREHOUSE 22, INDUSTRIAL AREA 15", "SHARJAH, U.A.E."], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="INNSA", pol="INNSA", tsp="", fd="AEJEA", origin="IN",
        lines=[dict(desc="INDUSTRIAL SOLVENT (CAS NO. 111-48-8) 20 DRUMS", hs="2930.90",
                    n=20, pkg="DRM", kg=250.0, size="22G1", un="", marks="ASIS / SHJ / DRUM 1-20")],
    ),
    108: dict(
        shipper=("SAURASHTRA TUBES & PIPES PVT. LTD.", ["PLOT 57-58 GIDC ESTATE", "BHUJ KUTCH 370001", "GUJARAT, INDIA"], "IN"),
        consignee=("TO ORDER", [], ""),
        notify=("SHARJAH STEEL PIPES TRADING L.L.C", ["PLOT 14, INDUSTRIAL AREA 17", "SHARJAH, UAE"], "AE"),
        por="INMUN", pol="INMUN", tsp="", fd="AEJEA", origin="IN",
        lines=[dict(desc="ERW BLACK STEEL PIPES IS 1239 MEDIUM 6 M LENGTH", hs="7306.30",
                    n=18, pkg="BDL", kg=1250.0, size="22G1", un="", marks="N/M")],
    ),
    124: dict(
        shipper=("JIANGSU YANGNONG FINE CHEMICAL TRADING CO.,LTD", ["NO. 39 WENFENG ROAD", "YANGZHOU JIANGSU P.R. CHINA"], "CN"),
        consignee=("DIJLA AGRICULTURAL SUPPLIES CO.", ["AL-SINAA STREET, KARRADA", "BAGHDAD, IRAQ"], "IQ"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSHA", pol="CNSHA", tsp="LKCMB", fd="IQUQR", origin="CN",
        lines=[dict(desc="PHOSPHORUS TRICHLORIDE, CLASS 6.1 (8), PG I", hs="2812.13",
                    n=60, pkg="DRM", kg=330.0, size="22G1", un="1809", marks="UN1809 / DASC / BAGHDAD")],
    ),
    # Extra planted: a destination-only flag (humanitarian food onward to Iran).
    141: dict(
        shipper=("SHRI BALAJI RICE OVERSEAS PVT LTD", ["KHASRA NO 221, VILLAGE BARSAT", "PANIPAT HARYANA INDIA"], "INDIA"),
        consignee=("AL ZAHRA RICE TRADING L.L.C", ["SHOP 4, AL RAS AREA", "DEIRA DUBAI"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="INLDH", pol="INMUN", tsp="", fd="IRBKM", origin="IN",
        lines=[dict(desc="1509 GOLDEN SELLA BASMATI RICE, 40 KGS NON WOVEN BAGS", hs="10063020",
                    n=625, pkg="BAG", kg=40.2, size="22G1", un="", marks="AZRT / BANDAR IMAM KHOMEINI")],
    ),
    # Near misses that must stay clean.
    16: dict(
        shipper=("KOREA ZINC CO LTD", ["YOUNGPOONG BLDG, 542 GANGNAM-DAERO", "GANGNAM-GU, SEOUL"], "KR"),
        consignee=("SHARJAH STEEL PIPES TRADING L.L.C", ["PLOT 14, INDUSTRIAL AREA 17", "SHARJAH, UAE"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="KRPUS", pol="KRPUS", tsp="SGSIN;LKCMB", fd="AEJEA", origin="KR",
        lines=[dict(desc="SPECIAL HIGH GRADE ZINC INGOTS 99.995% MIN", hs="7901.11",
                    n=25, pkg="BDL", kg=1002.0, size="22G1", un="", marks="KZ SHG / ONSAN")],
    ),
    45: dict(
        shipper=("HAO FAN LOGISTICS PTE LTD", ["10 ANSON ROAD #22-05", "INTERNATIONAL PLAZA", "SINGAPORE 079903"], "SG"),
        consignee=("MARHABA GENERAL TRADING FZE", ["Q1-05-112/B, SAIF ZONE", "SHARJAH U.A.E"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="SGSIN", pol="SGSIN", tsp="", fd="AEJEA", origin="SG",
        lines=[dict(desc="LUBRICATING OIL SAE 15W-40 IN 209 LITRE DRUMS", hs="2710.19",
                    n=80, pkg="DRM", kg=197.0, size="22G1", un="", marks="MGT / SAIF ZONE")],
    ),
    71: dict(
        shipper=("DONGGUAN JIAYI POWER TECHNOLOGY CO.,LTD", ["NO. 12 SHAJIAO ROAD, HUMEN TOWN", "DONGGUAN GUANGDONG CHINA"], "CN"),
        consignee=("ELECTRONIC COMPONENTS TRADING LLC", ["P.O. BOX 2207, PC 111", "AL KHUWAIR, MUSCAT"], "OM"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSZX", pol="CNSZX", tsp="LKCMB", fd="OMSOH", origin="CN",
        lines=[dict(desc="MOBILE PHONE WALL CHARGERS 20W USB-C, RETAIL PACKED", hs="8504.40",
                    n=640, pkg="CTN", kg=9.8, size="22G1", un="", marks="ECT / MUSCAT / 1-640")],
    ),
    101: dict(
        shipper=("INDUS CARPET HOUSE", ["32-B BLOCK 6, P.E.C.H.S.", "KARACHI 75400"], "PK"),
        consignee=("SHIRAZI CARPETS TRADING LLC", ["SHOP 17, AL FAHIDI SOUK", "BUR DUBAI, DUBAI"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="PKKHI", pol="PKKHI", tsp="", fd="AEDXB", origin="PK",
        lines=[dict(desc="HAND KNOTTED WOOLLEN CARPETS ASSORTED SIZES", hs="5701.10",
                    n=160, pkg="BLS", kg=38.0, size="22G1", un="", marks="SCT / DUBAI / BALE 1-160")],
    ),
    117: dict(
        shipper=("GODAVARI AGRO FRESH PVT. LTD.", ["GAT NO 90, LASALGAON", "TAL NIPHAD DIST NASHIK 422306", "MAHARASHTRA"], "IN"),
        consignee=("MAHROOSA TRADING LLC", ["SHED 12, AL AWEER CENTRAL FRUIT & VEG MARKET", "DUBAI"], "AE"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="INNSA", pol="INNSA", tsp="", fd="AEJEA", origin="IN",
        lines=[dict(desc="FRESH RED ONIONS 55MM+ IN 25 KG MESH BAGS", hs="0703.10",
                    n=1100, pkg="BAG", kg=25.3, size="45R1", un="", marks="MHT / DXB")],
    ),
    # Clean mass-market CHPL codes to ordinary destinations (may carry a low goods hit).
    33: dict(
        shipper=("CIXI SHENGDA BEARING CO.,LTD", ["KUANGYAN TOWN, CIXI", "NINGBO ZHEJIANG P.R. CHINA"], "CN"),
        consignee=("NAIF AUTO SPARE PARTS TRADING L.L.C.", ["SHOP 3, AL MUSALLA ROAD, NAIF", "DEIRA DUBAI"], "UNITED ARAB EMIRATES"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNNGB", pol="CNNGB", tsp="LKCMB", fd="AEJEA", origin="CN",
        lines=[dict(desc="DEEP GROOVE BALL BEARINGS 6203 2RS / 6205 ZZ ASSORTED", hs="848210",
                    n=720, pkg="CTN", kg=19.5, size="22G1", un="", marks="NASP / DUBAI")],
    ),
    160: dict(
        shipper=("CIXI SHENGDA BEARING CO.,LTD", ["KUANGYAN TOWN, CIXI", "NINGBO ZHEJIANG P.R. CHINA"], "CN"),
        consignee=("AL RAI TYRES & BATTERIES CO. W.L.L.", ["AL RAI INDUSTRIAL AREA", "KUWAIT"], "KW"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNNGB", pol="CNNGB", tsp="SGSIN;LKCMB", fd="KWSWK", origin="CN",
        lines=[dict(desc="BALL BEARINGS 6200 SERIES DEEP GROOVE FOR AUTOMOTIVE AFTERMARKET", hs="8482 10 00",
                    n=540, pkg="CTN", kg=21.0, size="22G1", un="", marks="ARTB KUWAIT"),
               dict(desc="TAPER ROLLER BEARINGS 30205 / 32207 FOR LIGHT TRUCKS", hs="8482.20",
                    n=260, pkg="CTN", kg=23.5, size="22G1", un="", marks="ARTB KUWAIT", same_container=True)],
    ),
    150: dict(
        shipper=("DONGGUAN JIAYI POWER TECHNOLOGY CO.,LTD", ["NO. 12 SHAJIAO ROAD, HUMEN TOWN", "DONGGUAN GUANGDONG CHINA"], "CN"),
        consignee=("DRAGON MART ELECTRONICS TRADING FZCO", ["UNIT 6EA-114, DUBAI AIRPORT FREEZONE", "DUBAI, UAE"], "AE"),
        notify=("BLUE WAVE CARGO SERVICES L.L.C.", ["WAREHOUSE 14, UMM RAMOOL", "DUBAI UAE", "ops@bluewavecargo.ae"], "AE"),
        por="CNSZX", pol="CNSZX", tsp="SGSIN", fd="AEJEA", origin="CN",
        lines=[dict(desc="TRAVEL CHARGERS FOR MOBILE PHONES 5V 2A WITH CABLE", hs="8504 40 30",
                    n=860, pkg="CTN", kg=8.4, size="22G1", un="", marks="DMET"),
               dict(desc="USB TYPE-C DATA CABLES 1M BRAIDED", hs="8544.42",
                    n=300, pkg="CTN", kg=11.0, size="22G1", un="", marks="DMET", same_container=True)],
    ),
    # Kazakhstan-bound overland: diversion-corridor country, mundane goods.
    57: dict(
        shipper=("CEYLON HIGHLAND TEAS (PVT) LTD", ["NO. 48, MAYA AVENUE", "COLOMBO 06, SRI LANKA"], "LK"),
        consignee=("ALMATY TEA HOUSE LLP", ["RAIYMBEK AVENUE 221", "ALMATY 050016, KAZAKHSTAN"], "KZ"),
        notify=("SEA BRIDGE SHIPPING & CLEARING L.L.C", ["OFFICE 308, AL FAHIDI BUILDING", "BUR DUBAI, DUBAI"], "AE"),
        por="LKCMB", pol="LKCMB", tsp="", fd="KZALA", origin="LK",
        lines=[dict(desc="PURE CEYLON BLACK TEA BOPF IN 25 KG PAPER SACKS, ONWARD BY TRUCK TO ALMATY", hs="0902.40",
                    n=640, pkg="BAG", kg=25.6, size="22G1", un="", marks="ATH / ALMATY")],
    ),
    133: dict(
        shipper=("Kandy Valley Tea Exporters (Pvt) Ltd", ["221/4 Peradeniya Road", "Kandy, Sri Lanka"], "SRI LANKA"),
        consignee=("ALMATY TEA HOUSE LLP", ["RAIYMBEK AVENUE 221", "ALMATY 050016, KAZAKHSTAN"], "KAZAKHSTAN"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="LKCMB", pol="LKCMB", tsp="", fd="KZALA", origin="LK",
        lines=[dict(desc="CEYLON BLACK TEA PEKOE IN 20KG PAPER SACKS", hs="090240",
                    n=780, pkg="BAG", kg=20.5, size="22G1", un="", marks="ATH / ALMATY")],
    ),
}

# Planted over a generated bill: the generated bill is still drawn (so every other bill keeps its
# bytes) and its parties, route and goods are replaced; each has as many lines, of the same
# container size, as the bill it replaces. CHPL goods moving on from Jebel Ali to countries the
# FinCEN/BIS alert of June 2022 names as transshipment points to Russia and Belarus, and one clean
# bill of ordinary goods on the same route.
OVERWRITTEN = {
    85: dict(
        shipper=("SHANDONG LUMEI CNC MACHINERY CO., LTD", ["NO. 77 JINGSHI ROAD, LICHENG DISTRICT", "JINAN SHANDONG CHINA"], "CN"),
        consignee=("ALA-TOO STANOK SERVICE LLC", ["CHUY AVENUE 140, OFFICE 12", "BISHKEK 720040, KYRGYZSTAN"], "KG"),
        notify=("SEA BRIDGE SHIPPING & CLEARING L.L.C", ["OFFICE 308, AL FAHIDI BUILDING", "BUR DUBAI, DUBAI"], "AE"),
        por="CNTAO", pol="CNSHA", tsp="LKCMB", fd="KGFRU", origin="CN",
        lines=[dict(desc="CNC LATHE, HORIZONTAL, MODEL CK6150, 1 UNIT ON WOODEN SKID, ONWARD BY TRUCK TO BISHKEK",
                    hs="8458.11", n=1, pkg="PKG", kg=3200.0, size="22G1", un="", marks="ATSS / BISHKEK")],
    ),
    98: dict(
        shipper=("KAOHSIUNG WAFERTEC EQUIPMENT CO., LTD", ["NO. 19, GAOFA 3RD ROAD, LUZHU DISTRICT", "KAOHSIUNG CITY, TAIWAN"], "TW"),
        consignee=("ARARAT MICROSYSTEMS CJSC", ["25 AZATUTYAN AVENUE", "YEREVAN 0014, ARMENIA"], "AM"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="TWKHH", pol="TWKHH", tsp="SGSIN", fd="AMEVN", origin="TW",
        lines=[dict(desc="WAFER DICING SAW, AUTOMATIC, FOR SEMICONDUCTOR DEVICE MANUFACTURE, 2 CRATES",
                    hs="8486.20", n=2, pkg="CRT", kg=925.0, size="22G1", un="", marks="AMS / YEREVAN / 1-2")],
    ),
    104: dict(
        shipper=("JODHPUR HANDICRAFTS EXPORTS", ["PLOT 9, BASNI INDUSTRIAL AREA", "JODHPUR RAJASTHAN INDIA"], "IN"),
        consignee=("BISHKEK MEBEL TRADE LLC", ["ZHIBEK ZHOLU 455", "BISHKEK, KYRGYZSTAN"], "KG"),
        notify=("SEA BRIDGE SHIPPING & CLEARING L.L.C", ["OFFICE 308, AL FAHIDI BUILDING", "BUR DUBAI, DUBAI"], "AE"),
        por="INMUN", pol="INMUN", tsp="", fd="KGFRU", origin="IN",
        lines=[dict(desc="WOODEN FURNITURE - DINING TABLES AND CHAIRS, SHEESHAM WOOD, ONWARD BY TRUCK TO BISHKEK",
                    hs="9403.60", n=48, pkg="PKG", kg=62.0, size="45G1", un="", marks="BMT / BISHKEK")],
    ),
    112: dict(
        shipper=("SHENZHEN HUAXIN IC DISTRIBUTION CO., LTD", ["ROOM 1708, NAN GUANG JIE JIA BUILDING", "FUTIAN DISTRICT SHENZHEN"], "CN"),
        consignee=("TASHKENT ELEKTRON SAVDO LLC", ["AMIR TEMUR STREET 107B", "TASHKENT 100084, UZBEKISTAN"], "UZ"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSZX", pol="CNSZX", tsp="LKCMB", fd="UZTAS", origin="CN",
        lines=[dict(desc="INTEGRATED CIRCUITS - FPGA AND MICROPROCESSORS, ASSORTED, IN ANTISTATIC TRAYS",
                    hs="8542.31", n=60, pkg="CTN", kg=7.5, size="22G1", un="", marks="TES / TASHKENT")],
    ),
}

# What screening should find on each planted bill: (expect, detail, list, entry_id). Written to
# tests/fixtures/sample-findings/feeder_jebel_ali.expected.json with the bill numbers the run
# assigns. For "red_flag" the list is "RED FLAG" and entry_id the rule id; for "clean" they name the
# entry or code the bill must NOT be sent red for (the nearest list entry for a near-miss name, the
# CHPL code for mass-market goods).
EXPECT = {
    9: [("party", "consignee MABRUKA TRADING CO LLC ~ MABROOKA TRADING CO L.L.C. (respelling; "
         "alias MABROOKA TRADING COMPANY)", "OFAC SDN", "19254")],
    22: [("party", "consignee SIRJANCO TRADING COMPANY L.L.C. ~ SIRJANCO TRADING L.L.C. (extra word COMPANY)",
          "OFAC SDN", "15985")],
    37: [("party", "notify party HESONG TRADING CORP. ~ HESONG TRADING CORPORATION (legal form abbreviated)",
          "OFAC SDN", "9519")],
    51: [("party", "notify party MOHSEN HODJATI ~ HOJATI, Mohsen (person; given name first, DJ/J transliteration)",
          "OFAC SDN", "10856")],
    64: [("party", "consignee GULF HORIZON GEN. TRADING FZE ~ GULF HORIZON GENERAL TRADING FZE (GEN. abbreviation)",
          "HUB WATCHLIST", "HW-0001"),
         ("goods", "CNC machining centre, HS 8457.10 = CHPL Tier 4.B (also keyword CNC MACHINING CENTRE, 2B001 candidate)",
          "CHPL", "845710")],
    79: [("goods", "MICROCONTROLLER UNITS 32-BIT, HS 8542.31.90 = CHPL Tier 1 (also keyword MICROCONTROLLER)",
          "CHPL", "854231"),
         ("red_flag", "CHPL Tier 1 item with final destination RUNVS (Novorossiysk, Russia), "
          "routed CNSZX - LKCMB - AEJEA", "RED FLAG", "high-risk-destination")],
    93: [("goods", "CAS 111-48-8 in the description = thiodiglycol, CWC Schedule 2 / AG 1C350; visible only by "
          "CAS (generic description, HS declared 2930.90 although thiodiglycol has its own subheading "
          "2930.70, no UN number)", "CWC", "111-48-8")],
    108: [("red_flag", "consignee TO ORDER, real buyer only in the notify party (SHARJAH STEEL PIPES TRADING L.L.C)",
           "RED FLAG", "to-order-consignee")],
    124: [("goods", "PHOSPHORUS TRICHLORIDE by name/UN number 1809 (no CAS in the text) = CAS 7719-12-2, "
           "CWC Schedule 3 / AG 1C350; HS 2812.13; to IQUQR for a Baghdad consignee",
           "CWC", "7719-12-2")],
    141: [("red_flag", "basmati rice with final destination IRBKM (Bandar Imam Khomeini, Iran): destination "
           "flag only, no party or goods signal (foodstuff)", "RED FLAG", "high-risk-destination")],
    16: [("clean", "shipper KOREA ZINC CO LTD (a South Korean smelter) is neither KOREA ZINC INDUSTRIAL GROUP "
          "(DPRK; aka KOREA ZINC INDUSTRY GROUP) nor 9345 KOREA MINING DEVELOPMENT TRADING CORPORATION; it "
          "shares KOREA ZINC with 22325, so a hard near miss: must not be red", "OFAC SDN", "22325")],
    45: [("clean", "shipper HAO FAN LOGISTICS PTE LTD is a Singapore organisation, not the vessels HAO FAN 2 "
          "(23770) / HAO FAN 6 (23771)", "OFAC SDN", "23770")],
    71: [("clean", "phone chargers HS 8504.40 (CHPL Tier 3.A, mass-market) to Oman: a low CHPL goods hit is "
          "acceptable, must not be red", "CHPL", "850440"),
         ("clean", "consignee ELECTRONIC COMPONENTS TRADING LLC (Muscat) vs ELECTRONIC COMPONENTS INDUSTRIES CO "
          "(Iran): shared words are generic, TRADING vs INDUSTRIES, different country; must not be red",
          "OFAC SDN", "15097")],
    101: [("clean", "consignee SHIRAZI CARPETS TRADING LLC is not SHIRAZ ELECTRONICS INDUSTRIES "
           "(aka SHIRAZ ELECTRONIC INDUSTRIES)", "OFAC SDN", "11183")],
    117: [("clean", "consignee MAHROOSA TRADING LLC (onions, Dubai). Nearest entries: 20089 MAHROUS TRADING FZE "
           "(aka MAHRUS TRADING FZE) and 20090 MAHROUS GROUP (aka MAHROUS TRADING ESTABLISHMENT). The "
           "spelling distance is about that of the planted hit MABRUKA~MABROOKA, so a low party candidate is "
           "defensible; must not be red", "OFAC SDN", "20089")],
    33: [("clean", "ball bearings HS 8482.10 (CHPL Tier 3.B, mass-market) to an auto-parts trader in Dubai: "
          "a low goods hit is acceptable, must not be red", "CHPL", "848210")],
    150: [("clean", "phone chargers HS 8504.40 (CHPL Tier 3.A, mass-market) to a Dubai electronics trader: "
           "a low goods hit is acceptable, must not be red", "CHPL", "850440")],
    160: [("clean", "ball bearings HS 8482.10 and 8482.20 (CHPL Tier 3.B, mass-market) to a Kuwaiti "
           "tyre/battery dealer: a low goods hit is acceptable, must not be red", "CHPL", "848210")],
    57: [("clean", "Ceylon tea to Almaty (KZALA), onward overland: Kazakhstan is on FinCEN's 2022 list of "
          "transshipment countries but there is no party or goods signal; must not be red", "", "")],
    133: [("clean", "Ceylon tea to Almaty (KZALA), onward overland; as the other KZALA bill, must not be red",
           "", "")],
    85: [("goods", "CNC lathe, HS 8458.11 = CHPL Tier 4.B", "CHPL", "845811"),
         ("red_flag", "CHPL Tier 4 item discharged at Jebel Ali, moving on by truck to Bishkek (KGFRU): "
          "Kyrgyzstan is a transshipment point to Russia in the FinCEN/BIS alert of June 2022",
          "RED FLAG", "chpl-tier-3-4-onward-to-diversion-country")],
    98: [("goods", "wafer dicing saw, HS 8486.20 = CHPL Tier 4.A (machines for semiconductor devices)",
          "CHPL", "848620"),
         ("red_flag", "CHPL Tier 4 item moving on from Jebel Ali to Yerevan (AMEVN), Armenia",
          "RED FLAG", "chpl-tier-3-4-onward-to-diversion-country")],
    104: [("clean", "wooden furniture to Bishkek (KGFRU), onward by truck: the same route as the CNC lathe, "
           "ordinary goods, no party or goods signal; must stay green", "", "")],
    112: [("goods", "integrated circuits, HS 8542.31 = CHPL Tier 1", "CHPL", "854231"),
          ("red_flag", "CHPL Tier 1 item moving on from Jebel Ali to Tashkent (UZTAS), Uzbekistan",
           "RED FLAG", "chpl-tier-1-2-onward-to-diversion-country")],
}
assert sorted(EXPECT) == sorted(list(PLANTED) + list(OVERWRITTEN))
assert not set(PLANTED) & set(OVERWRITTEN)

# Only planted bills may go to these countries or carry these goods.
RESTRICTED_DESTINATION_PREFIXES = ("IR", "RU", "KP", "SY", "BY", "KZ", "KG", "AM", "UZ")


def owner_for(size):
    if size.endswith("R1"):
        return REEFER_OWNERS
    if size.endswith("T6"):
        return TANK_OWNERS
    return DRY_OWNERS


def party_cols(party):
    name, addr, country = party
    return [name, " / ".join(addr), country]


def make_generated_bill(rng):
    shipper = rng.choice(SHIPPERS)
    s_name, s_addr, s_country, lane, keys = shipper
    key = rng.choice(keys)
    cat = CATEGORY_OF[key]
    fitting = [c for c in CONSIGNEES if cat in c[5]]
    if not fitting:
        fitting = [c for c in CONSIGNEES if "general" in c[5]]
    cons = rng.choice(fitting)
    c_name, c_addr, c_country, _c_iso, c_fds, _cats = cons
    fd = rng.choice(c_fds)

    r = rng.random()
    if r < 0.45:
        notify = ("SAME AS CONSIGNEE", [], "")
    elif r < 0.75:
        notify = rng.choice(NOTIFY_AGENTS)
    else:
        notify = (c_name, c_addr, c_country)

    por_by_pol, tsps = LANES[lane]
    pols = sorted(por_by_pol)
    pol = rng.choice(pols)
    # goods from an inland depot are mostly Chinese/Indian export goods; food and bulk go from the port
    por = rng.choice(por_by_pol[pol]) if cat not in ("fresh", "fish", "chem_bulk") else pol
    tsp = rng.choice(tsps)

    # goods lines: ~20% of bills have 2-3
    n_lines = 1
    x = rng.random()
    if x < 0.16:
        n_lines = 2
    elif x < 0.24:
        n_lines = 3
    picks = []  # (goods key, description index), distinct within the bill
    options = [(k, i) for k in keys if CATEGORY_OF[k] == cat for i in range(len(GOODS[k]["desc"]))]
    first = (key, rng.randrange(len(GOODS[key]["desc"])))
    picks.append(first)
    rest = [o for o in options if o != first]
    rng.shuffle(rest)
    picks += rest[: n_lines - 1]

    # lines of a multi-line bill share one container about half the time (then split its load)
    share = len(picks) > 1 and rng.random() < 0.5 and cat != "chem_bulk"  # a tank holds one cargo
    lines = []
    for lk, di in picks:
        g = GOODS[lk]
        u = rng.choice(g["units"])
        text, hs_options = g["desc"][di]
        desc = text.format(u=u)
        hs_code = rng.choice(hs_options)
        net = rng.uniform(*g["net"]) / (len(picks) if share else 1)
        n = max(1, int(round(net / u)))
        if "{u}" in text:
            per_pkg = u + rng.choice([0.1, 0.2, 0.25, 0.5])  # bag or sack tare
        else:
            per_pkg = u * rng.uniform(0.97, 1.03)
        size = rng.choice(g["size"])
        initials = "".join(w[0] for w in c_name.replace("&", "").split()[:3]).upper()
        marks = rng.choice([
            "N/M",
            "NO MARKS",
            "%s / %s" % (initials, fd[2:]),
            "AS ADDRESSED",
            "%s C/NO. 1-%d" % (initials, n),
            "",
        ])
        if share and lines:
            size = lines[0]["size"]
        lines.append(dict(desc=desc, hs=hs_written(rng, hs_code), n=n, pkg=g["pkg"],
                          kg=per_pkg, size=size, un=g.get("un", ""), marks=marks,
                          same_container=bool(share and lines)))
    return dict(
        shipper=(s_name, s_addr, s_country),
        consignee=(c_name, c_addr, c_country),
        notify=notify,
        por=por, pol=pol, tsp=tsp, fd=fd, origin=lane,
        lines=lines,
    )


def decorate_description(rng, desc, n, pkg):
    """Boilerplate real manifests wrap descriptions in."""
    r = rng.random()
    if r < 0.15:
        return "%d %s STC %s" % (n, pkg, desc)
    if r < 0.25:
        return "SHIPPER'S LOAD, STOW AND COUNT %s" % desc
    if r < 0.32:
        return "%s FREIGHT PREPAID" % desc
    if r < 0.37:
        return "SAID TO CONTAIN %s" % desc
    return desc


def main():
    rng = random.Random(SEED)
    rows = []
    seq = 1
    for i in range(N_BILLS):
        if i in PLANTED:
            bill = PLANTED[i]
            decorate = False
        else:
            bill = make_generated_bill(rng)
            decorate = True
            if i in OVERWRITTEN:
                planted = OVERWRITTEN[i]
                assert [(l["size"], bool(l.get("same_container"))) for l in planted["lines"]] == [
                    (l["size"], bool(l.get("same_container"))) for l in bill["lines"]
                ], (i, bill["lines"])
                bill = planted
                decorate = None  # drawn, to keep the other bills' bytes, but not used
        bl = "%s%04d" % (BL_PREFIX, seq)
        seq += 1 if rng.random() > 0.04 else 2  # an occasional gap: a bill cancelled before sailing
        bill["bl"] = bl
        container = None
        for j, line in enumerate(bill["lines"]):
            if container is None or not line.get("same_container"):
                container = (container_number(rng, rng.choice(owner_for(line["size"]))),
                             seal_number(rng), line["size"])
            desc = line["desc"]
            if decorate is not False:
                decorated = decorate_description(rng, desc, line["n"], line["pkg"])
                if decorate:
                    desc = decorated
            gross = line["n"] * line["kg"]
            origin = bill["origin"]
            rows.append(
                [bl, VESSEL, IMO, VOYAGE, FLAG]
                + party_cols(bill["shipper"])
                + party_cols(bill["consignee"])
                + party_cols(bill["notify"])
                + [bill["por"], bill["pol"], bill["tsp"], "AEJEA", bill["fd"], origin]
                + [container[0], container[1], container[2]]
                + [desc, line["hs"], str(line["n"]), line["pkg"], weight_written(rng, gross),
                   line["un"], line["marks"]]
            )

    # A frozen-fish line that lost its leading zero in someone's spreadsheet, as real files do.
    for row in rows:
        if row[HEADER.index("HS Code")] == "030389" and row[0] not in {PLANTED[k].get("bl") for k in PLANTED}:
            row[HEADER.index("HS Code")] = "30389"
            break

    # Self-checks: shape, bill consistency, no stray restricted destinations.
    per_bill = {}
    last = None
    for row in rows:
        assert len(row) == len(HEADER), row
        bl = row[0]
        if bl != last:
            assert bl not in per_bill, "bill %s is not contiguous" % bl
            per_bill[bl] = row[5:20]
        else:
            assert per_bill[bl] == row[5:20], "bill %s rows disagree" % bl
        last = bl
    every_planted = {**PLANTED, **OVERWRITTEN}
    planted_bls = {every_planted[k]["bl"] for k in every_planted}
    for row in rows:
        if row[0] not in planted_bls:
            assert not row[18].startswith(RESTRICTED_DESTINATION_PREFIXES), row

    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    answers = []
    for k in sorted(every_planted, key=lambda k: every_planted[k]["bl"]):
        for expect, detail, list_name, entry_id in EXPECT[k]:
            answers.append({"bill": every_planted[k]["bl"], "expect": expect, "detail": detail,
                            "list": list_name, "entry_id": entry_id})
    with open(OUT_EXPECTED, "w", encoding="utf-8") as f:
        json.dump(answers, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %s: %d rows, %d bills" % (OUT, len(rows), len(per_bill)))
    print("wrote %s: %d expectations on %d bills" % (OUT_EXPECTED, len(answers), len(every_planted)))


if __name__ == "__main__":
    main()
