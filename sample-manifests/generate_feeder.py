#!/usr/bin/env python3
"""Regenerate sample-manifests/feeder_jebel_ali.csv, a feeder vessel's cargo manifest into Jebel Ali.

    python3 sample-manifests/generate_feeder.py

Standard library only, fixed seed: running it again gives the same bytes. Everything in the file is
invented except the planted party names, which are respellings of entries on public lists. The
planted bills are fixed here (PLANTED) and described in feeder_jebel_ali.planted.json; every other
bill is drawn from the pools below and is meant to screen clean.

The file imitates an agent's CSV export: one row per goods line, a repeated BL number on the next
row is another goods line of the same bill (party and routing columns repeated), multi-line
addresses joined with " / ", several transshipment ports separated by ";", HS codes written every
way a manifest writes them, countries sometimes as ISO codes and sometimes as names.
"""

import csv
import os
import random

SEED = 20261107
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "feeder_jebel_ali.csv")

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
# Goods. Each entry: category, description variants ({u} = unit size), HS code (6 or 8 digits),
# package type, unit gross kg range, packages-per-container range, size types, origin override.

GOODS = {
    "basmati": dict(cat="food", hs=["10063020", "100630"], pkg="BAG",
                    desc=["INDIAN 1121 STEAM BASMATI RICE CROP 2025 PACKED IN {u} KG PP BAGS",
                          "1509 GOLDEN SELLA BASMATI RICE, {u} KGS NON WOVEN BAGS",
                          "PUSA BASMATI RICE (CREAMY SELLA) IN {u}KG JUTE BAGS",
                          "Indian Basmati Rice 1121 Sella, packing {u} kg bags"],
                    units=[20, 25, 39], n=(620, 1180), size=["22G1"]),
    "rice_pk": dict(cat="food", hs=["10063090", "100630", "100640"], pkg="BAG",
                    desc=["PAKISTANI SUPER KERNEL BASMATI RICE {u} KG BAGS",
                          "IRRI-6 LONG GRAIN WHITE RICE 5% BROKEN, {u} KGS PP BAGS",
                          "PK-386 LONG GRAIN RICE {u}KG BAGS NEW CROP",
                          "1121 KAINAT SELLA RICE PACKED IN {u} KG BOPP BAGS"],
                    units=[25, 50], n=(500, 1000), size=["22G1"]),
    "tea": dict(cat="food", hs=["090240", "09023010", "090230"], pkg="CTN",
                desc=["PURE CEYLON BLACK TEA BOPF IN {u} KG PAPER SACKS",
                      "CEYLON BLACK TEA PEKOE IN {u}KG PAPER SACKS",
                      "CEYLON TEA BOP1 PACKED IN {u} KG MULTIWALL SACKS SAID TO CONTAIN",
                      "ceylon black tea dust {u} kg sacks"],
                units=[20, 25, 40], n=(420, 900), size=["22G1", "42G1"]),
    "coconut": dict(cat="food", hs=["080111"], pkg="BAG",
                    desc=["DESICCATED COCONUT FINE GRADE {u} KG KRAFT BAGS",
                          "DESICCATED COCONUT MEDIUM GRADE, {u}KG MULTIWALL BAGS"],
                    units=[25, 50], n=(480, 560), size=["22G1"]),
    "onion": dict(cat="fresh", hs=["07031010", "070310"], pkg="BAG",
                  desc=["FRESH RED ONIONS 55MM+ IN {u} KG MESH BAGS",
                        "FRESH ONIONS NASHIK RED 45-55 MM {u}KG NET BAGS, TEMP +2C",
                        "INDIAN FRESH ONION {u} KGS MESH BAG VENTS OPEN 25 CBM"],
                  units=[10, 20, 25], n=(1100, 2600), size=["45R1"]),
    "fish": dict(cat="fish", hs=["03038990", "030389", "030354", "030342"], pkg="CTN",
                 desc=["FROZEN RIBBON FISH WHOLE ROUND BLOCK {u} KG MASTER CARTONS",
                       "FROZEN INDIAN MACKEREL (RASTRELLIGER KANAGURTA) {u} KG CTNS -18C",
                       "FROZEN YELLOWFIN TUNA WHOLE ROUND, {u} KG CARTONS",
                       "FROZEN PINK PERCH BLOCK FROZEN {u}KG CTN KEEP AT -18 DEG C"],
                 units=[10, 20], n=(1300, 2600), size=["45R1", "22R1"]),
    "salt": dict(cat="food", hs=["250100", "25010090"], pkg="BAG",
                 desc=["HIMALAYAN PINK ROCK SALT FINE GRAIN {u} KG BAGS",
                       "PINK ROCK SALT COARSE 2-5MM IN {u}KG PP BAGS"],
                 units=[25, 50], n=(500, 1000), size=["22G1"]),
    "cumin": dict(cat="food", hs=["090931", "09093129"], pkg="BAG",
                  desc=["CUMIN SEEDS SINGAPORE QUALITY 99% PURITY {u} KG PP BAGS",
                        "INDIAN CUMIN SEEDS EUROPE QUALITY {u}KG BAGS"],
                  units=[25, 50], n=(440, 900), size=["22G1"]),
    "bedsheet": dict(cat="textile", hs=["630231", "63023100", "630260"], pkg="CTN",
                     desc=["100% COTTON BEDSHEETS AND PILLOW COVERS ASSORTED",
                           "COTTON TERRY TOWELS 500 GSM ASSORTED COLOURS",
                           "POLY COTTON BED LINEN SETS PER INVOICE NO. FHT/EX/0417",
                           "Cotton bath towels and hand towels, assorted"],
                     units=[18, 22, 25], n=(480, 1100), size=["42G1", "45G1"]),
    "fabric": dict(cat="textile", hs=["520812", "54075200", "551341", "520942"], pkg="RLS",
                   desc=["100% COTTON GREY FABRIC 60X60 90X88 63 INCH",
                         "POLYESTER VISCOSE SUITING FABRIC DYED",
                         "COTTON DENIM FABRIC 10.5 OZ INDIGO",
                         "printed rayon fabric 58 inch width, assorted designs"],
                   units=[45, 60, 75], n=(180, 420), size=["42G1", "45G1", "22G1"]),
    "garment": dict(cat="textile", hs=["610910", "61091000", "620342", "611020"], pkg="CTN",
                    desc=["MENS 100% COTTON KNITTED T-SHIRTS PO NO. 4501314249",
                          "LADIES KNITTED TOPS 95% COTTON 5% ELASTANE",
                          "BOYS DENIM TROUSERS STYLE DX-220 PO 7781",
                          "MENS KNITTED POLO SHIRTS, S-XXL ASSORTED"],
                    units=[12, 15, 18], n=(600, 1400), size=["45G1", "42G1"]),
    "jute": dict(cat="general", hs=["630510"], pkg="BLS",
                 desc=["JUTE HESSIAN BAGS 40X28 INCH 500 PCS PER BALE",
                       "JUTE SACKING BAGS B-TWILL 100 KG CAPACITY"],
                 units=[180, 220], n=(90, 120), size=["22G1"]),
    "carpet": dict(cat="carpet", hs=["570110", "57011000"], pkg="BLS",
                   desc=["HAND KNOTTED WOOLLEN CARPETS ASSORTED SIZES",
                         "HAND KNOTTED WOOL RUGS BOKHARA DESIGN"],
                   units=[30, 45], n=(120, 260), size=["22G1"]),
    "football": dict(cat="general", hs=["950662"], pkg="CTN",
                     desc=["HAND STITCHED PU FOOTBALLS SIZE 5",
                           "MACHINE STITCHED FOOTBALLS SIZE 4 AND 5 ASSORTED"],
                     units=[12, 15], n=(700, 1200), size=["42G1"]),
    "tiles": dict(cat="building", hs=["690721", "69072100", "690722", "690723"], pkg="PLT",
                  desc=["GLAZED VITRIFIED TILES 600X1200 MM POLISHED",
                        "CERAMIC WALL TILES 300X600 MM GLOSSY",
                        "PORCELAIN FLOOR TILES 600X600 MATT FINISH",
                        "GLAZED PORCELAIN SLAB TILES 800X1600 MM"],
                  units=[1150, 1300, 1420], n=(18, 20), size=["22G1"]),
    "pipes": dict(cat="building", hs=["730630", "73063090", "730590", "730419"], pkg="BDL",
                  desc=["ERW BLACK STEEL PIPES IS 1239 MEDIUM 6 M LENGTH",
                        "GALVANIZED STEEL PIPES BS EN 10255 HEAVY",
                        "MS ERW ROUND PIPES 2 INCH X 3.2 MM X 6 MTR",
                        "SEAMLESS CARBON STEEL LINE PIPE API 5L GR.B SCH 40"],
                  units=[950, 1250, 1800], n=(14, 22), size=["22G1", "42G1"]),
    "rebar": dict(cat="building", hs=["721420", "72142000"], pkg="BDL",
                  desc=["STEEL REINFORCING BARS B500B 12MM X 12M",
                        "DEFORMED STEEL REBAR GRADE 60 16 MM"],
                  units=[1900, 2100], n=(11, 13), size=["22G1"]),
    "cement": dict(cat="building", hs=["252329", "25232900"], pkg="BAG",
                   desc=["ORDINARY PORTLAND CEMENT 42.5N IN 50 KG BAGS",
                         "SULPHATE RESISTING PORTLAND CEMENT 50KG PP BAGS"],
                   units=[50], n=(480, 520), size=["22G1"]),
    "pp": dict(cat="building", hs=["390210", "39021000"], pkg="BAG",
               desc=["POLYPROPYLENE HOMOPOLYMER GRANULES RAFFIA GRADE {u} KG BAGS",
                     "PP COPOLYMER RESIN INJECTION GRADE, {u}KG BAGS ON PALLETS"],
               units=[25], n=(990, 1000), size=["45G1"]),
    "gypsum": dict(cat="building", hs=["680911"], pkg="PLT",
                   desc=["GYPSUM PLASTERBOARD 12.5MM X 1200 X 2400",
                         "MOISTURE RESISTANT GYPSUM BOARD 12.5 MM"],
                   units=[1400, 1550], n=(16, 18), size=["22G1"]),
    "furniture": dict(cat="furniture", hs=["940360", "94036090", "940161", "940171"], pkg="PKG",
                      desc=["WOODEN FURNITURE - DINING TABLES AND CHAIRS (KD)",
                            "SHEESHAM WOOD SIDEBOARDS AND COFFEE TABLES",
                            "UPHOLSTERED SOFA SETS 3+2+1 FABRIC",
                            "Office chairs with metal frame, knocked down"],
                      units=[28, 40, 55], n=(180, 420), size=["45G1"]),
    "tyres_car": dict(cat="auto", hs=["401110", "40111000"], pkg="PCS",
                      desc=["NEW PASSENGER CAR RADIAL TYRES 195/65R15 AND 205/55R16",
                            "NEW PCR TYRES ASSORTED SIZES 13-18 INCH",
                            "NEW RADIAL TIRES 185/70R14 88H"],
                      units=[8, 9, 11], n=(900, 1500), size=["45G1"]),
    "tyres_truck": dict(cat="auto", hs=["401120", "40112010"], pkg="PCS",
                        desc=["NEW TRUCK BUS RADIAL TYRES 315/80R22.5",
                              "NEW TBR TYRES 12R22.5 18PR"],
                        units=[55, 62], n=(230, 330), size=["45G1"]),
    "autoparts": dict(cat="auto", hs=["870899", "87083000", "870880", "870840"], pkg="CTN",
                      desc=["AUTOMOBILE SPARE PARTS - BRAKE PADS AND BRAKE SHOES",
                            "MOTOR VEHICLE PARTS: CLUTCH PLATES AND PRESSURE PLATES",
                            "SHOCK ABSORBERS FOR PASSENGER CARS",
                            "auto parts - radiator hoses, fan belts, filters as per packing list"],
                      units=[14, 18, 24], n=(600, 1100), size=["22G1", "42G1"]),
    "bearings": dict(cat="auto", hs=["848210", "84821000"], pkg="CTN",
                     desc=["BALL BEARINGS 6200 SERIES DEEP GROOVE FOR AUTOMOTIVE AFTERMARKET",
                           "DEEP GROOVE BALL BEARINGS 6203 2RS / 6205 ZZ ASSORTED"],
                     units=[18, 22], n=(500, 900), size=["22G1"]),
    "pumps": dict(cat="pumps", hs=["841370", "84137010", "841381"], pkg="PKG",
                  desc=["SUBMERSIBLE BOREWELL PUMPSETS 1.5 HP SINGLE PHASE",
                        "SELF PRIMING MONOBLOCK WATER PUMPS 1 HP",
                        "OPENWELL SUBMERSIBLE PUMPS 3 HP WITH CABLE",
                        "domestic water pressure booster pumps 0.5 hp"],
                  units=[22, 35, 48], n=(300, 600), size=["22G1"]),
    "valves": dict(cat="pumps", hs=["848180", "84818090", "848130"], pkg="PLT",
                   desc=["CAST IRON GATE VALVES PN16 FLANGED DN50-DN200",
                         "BRASS BALL VALVES FOR PLUMBING 1/2 TO 2 INCH",
                         "DUCTILE IRON BUTTERFLY VALVES LUG TYPE PN16"],
                   units=[480, 650, 820], n=(16, 22), size=["22G1"]),
    "led": dict(cat="electrical", hs=["853952", "94054200", "853951"], pkg="CTN",
                desc=["LED BULBS 9W E27 6500K 100 PCS PER CARTON",
                      "LED PANEL LIGHTS 600X600 40W",
                      "LED TUBE LIGHTS T8 18W 1200MM",
                      "led street light fittings 100w"],
                units=[6, 9, 12], n=(900, 2200), size=["45G1", "42G1"]),
    "fans": dict(cat="electrical", hs=["841451", "84145110"], pkg="CTN",
                 desc=["ELECTRIC CEILING FANS 56 INCH 220V",
                       "STAND FANS 16 INCH WITH REMOTE"],
                 units=[6, 8], n=(1300, 1900), size=["45G1"]),
    "ac": dict(cat="electrical", hs=["841510", "84151010"], pkg="PKG",
               desc=["SPLIT AIR CONDITIONERS 1.5 TON R410A INDOOR AND OUTDOOR UNITS",
                     "WINDOW TYPE AIR CONDITIONERS 2 TON T3 CLIMATE"],
               units=[38, 52], n=(160, 260), size=["45G1"]),
    "tv": dict(cat="electronics", hs=["852872", "85287219"], pkg="CTN",
               desc=["LED TELEVISION 43 INCH SMART TV",
                     "32 INCH LED TV SETS WITH WALL BRACKET"],
               units=[9, 13], n=(600, 1100), size=["45G1"]),
    "powerbank": dict(cat="electronics", hs=["850760", "85076000"], pkg="CTN",
                      desc=["POWER BANKS 10000MAH LITHIUM ION UN3480 PI965 SECTION II",
                            "PORTABLE POWER BANK 20000 MAH"],
                      units=[12, 15], n=(300, 600), size=["22G1"], un="3480"),
    "cables": dict(cat="electronics", hs=["854442", "85444290"], pkg="CTN",
                   desc=["USB TYPE-C DATA CABLES 1M BRAIDED",
                         "HDMI CABLES 1.5M AND 3M ASSORTED"],
                   units=[10, 14], n=(500, 900), size=["22G1"]),
    "chargers": dict(cat="electronics", hs=["850440", "85044030"], pkg="CTN",
                     desc=["MOBILE PHONE WALL CHARGERS 20W USB-C, RETAIL PACKED",
                           "TRAVEL CHARGERS FOR MOBILE PHONES 5V 2A WITH CABLE",
                           "USB WALL CHARGER ADAPTORS 25W (CONSUMER RETAIL BOXES)"],
                     units=[8, 11], n=(400, 900), size=["22G1"]),
    "toys": dict(cat="general", hs=["950300", "95030090"], pkg="CTN",
                 desc=["PLASTIC TOYS ASSORTED (CARS, DOLLS, BUILDING BLOCKS)",
                       "CHILDRENS RIDE-ON CARS AND SCOOTERS"],
                 units=[7, 10], n=(700, 1300), size=["45G1"]),
    "household": dict(cat="general", hs=["392410", "39241090", "732393"], pkg="CTN",
                      desc=["PLASTIC HOUSEHOLD ARTICLES - STORAGE BOXES, BASKETS",
                            "STAINLESS STEEL KITCHENWARE POTS AND PANS",
                            "melamine dinner sets and plastic tableware"],
                      units=[9, 13, 16], n=(800, 1400), size=["45G1"]),
    "gloves": dict(cat="general", hs=["401519"], pkg="CTN",
                   desc=["NATURAL RUBBER HOUSEHOLD GLOVES ASSORTED SIZES",
                         "NITRILE EXAMINATION GLOVES POWDER FREE 100 PCS PER BOX"],
                   units=[9, 11], n=(1400, 2000), size=["42G1"]),
    "zinc": dict(cat="metal", hs=["790111"], pkg="BDL",
                 desc=["SPECIAL HIGH GRADE ZINC INGOTS 99.995% MIN",
                       "SHG ZINC INGOTS LME REGISTERED BRAND"],
                 units=[1000, 1050], n=(24, 25), size=["22G1"]),
    "castor": dict(cat="chem_bulk", hs=["151530", "15153090"], pkg="TNK",
                   desc=["FIRST SPECIAL GRADE CASTOR OIL IN ISO TANK",
                         "COMMERCIAL GRADE CASTOR OIL, BULK IN ISOTANK, NET WT AS PER INVOICE"],
                   units=[21400, 21800], n=(1, 1), size=["22T6"]),
    "latex": dict(cat="chem_bulk", hs=["400110"], pkg="TNK",
                  desc=["NATURAL RUBBER LATEX CONCENTRATE 60% DRC HA IN ISO TANK",
                        "NATURAL RUBBER LATEX 60% DRC LOW AMMONIA, 1 ISOTANK"],
                  units=[20500, 21000], n=(1, 1), size=["22T6"]),
    "lubes": dict(cat="general", hs=["271019", "27101980"], pkg="DRM",
                  desc=["LUBRICATING OIL SAE 15W-40 IN 209 LITRE DRUMS",
                        "HYDRAULIC OIL ISO VG 68, 209L STEEL DRUMS"],
                  units=[195, 200], n=(80, 80), size=["22G1"]),
}

# ---------------------------------------------------------------------------------------------
# Parties. A shipper: name, address lines, country as written, origin ISO, lane, goods keys.

LANES = {
    # places of receipt, ports of loading, transshipment choices ("" = direct)
    "IN": (["INNSA", "INNSA", "INTKD", "INLDH", "INMUN", "INAMD"], ["INNSA", "INMUN"], [""]),
    "PK": (["PKKHI", "PKLHE", "PKSKT", "PKLYP"], ["PKKHI", "PKBQM"], [""]),
    "LK": (["LKCMB"], ["LKCMB"], [""]),
    "BD": (["BDCGP", "BDDAC"], ["BDCGP"], ["LKCMB", "INNSA"]),
    "OM": (["OMSOH"], ["OMSOH"], [""]),
    "CN": (["CNSHA", "CNNGB", "CNSZX", "CNYIW", "CNFOS"], ["CNSHA", "CNNGB", "CNSZX"],
           ["LKCMB", "LKCMB", "SGSIN", "SGSIN;LKCMB", "CNSHA;LKCMB", "MYPKG;LKCMB"]),
    "KR": (["KRPUS"], ["KRPUS"], ["SGSIN;LKCMB"]),
    "SG": (["SGSIN"], ["SGSIN"], [""]),
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
    ("KUTCH CASTOR INDUSTRIES PVT LTD", ["SURVEY NO. 41, VILLAGE MITHIROHAR", "GANDHIDHAM KUTCH 370201", "GUJARAT INDIA"], "IN", "IN", ["castor"]),
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
    # fixed bills in PLANTED, so the answer file can list every one of them)
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
    ("DRAGON MART ELECTRONICS TRADING FZCO", ["UNIT 6EA-114, DUBAI AIRPORT FREEZONE", "DUBAI, UAE"], "AE", "AE", ["AEJEA", "AEDXB"], ["electronics", "electrical", "general"]),
    ("AL MAJID ELECTRICALS TRADING L.L.C", ["NAIF ROAD, DEIRA", "P.O. BOX 5521, DUBAI"], "AE", "AE", ["AEJEA"], ["electrical", "electronics"]),
    ("EMIRATES OLEO CHEM TRADING FZE", ["PLOT MO0512, JAFZA SOUTH", "JEBEL ALI, DUBAI"], "AE", "AE", ["AEJEA"], ["chem_bulk"]),
    ("STAR PUMPS & VALVES TRADING L.L.C.", ["INDUSTRIAL AREA 12", "SHARJAH, UAE"], "AE", "AE", ["AEJEA"], ["pumps"]),
    ("MARHABA GENERAL TRADING FZE", ["Q1-05-112/B, SAIF ZONE", "SHARJAH U.A.E"], "AE", "AE", ["AEJEA"], ["general", "household", "food", "electrical"]),
    ("HAMRIYAH STEEL TRADING L.L.C", ["PLOT HFZ-2B-07", "HAMRIYAH FREE ZONE, SHARJAH"], "AE", "AE", ["AEJEA"], ["building", "metal"]),
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
        lines=[dict(desc="CNC VERTICAL MACHINING CENTRE VMC-850, FANUC CONTROL, 1 UNIT ON SKID WITH STANDARD ACCESSORIES",
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
        notify=("HAMRIYAH STEEL TRADING L.L.C", ["PLOT HFZ-2B-07", "HAMRIYAH FREE ZONE, SHARJAH"], "AE"),
        por="INMUN", pol="INMUN", tsp="", fd="AEJEA", origin="IN",
        lines=[dict(desc="ERW BLACK STEEL PIPES IS 1239 MEDIUM 6 M LENGTH", hs="7306.30",
                    n=18, pkg="BDL", kg=1250.0, size="22G1", un="", marks="N/M")],
    ),
    124: dict(
        shipper=("JIANGSU YANGNONG FINE CHEMICAL TRADING CO.,LTD", ["NO. 39 WENFENG ROAD", "YANGZHOU JIANGSU P.R. CHINA"], "CN"),
        consignee=("AL-RAWDHA AGRICULTURAL CHEMICALS CO.", ["AL-SINAA STREET", "BAGHDAD, IRAQ"], "IQ"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="CNSHA", pol="CNSHA", tsp="LKCMB", fd="IQUQR", origin="CN",
        lines=[dict(desc="PHOSPHORUS TRICHLORIDE, CLASS 6.1 (8), PG I", hs="2812.13",
                    n=60, pkg="DRM", kg=330.0, size="22G1", un="1809", marks="UN1809 / ARAC / BAGHDAD")],
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
        consignee=("HAMRIYAH STEEL TRADING L.L.C", ["PLOT HFZ-2B-07", "HAMRIYAH FREE ZONE, SHARJAH"], "AE"),
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
                    n=1160, pkg="BAG", kg=25.3, size="45R1", un="", marks="MHT / DXB")],
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
                    n=260, pkg="CTN", kg=23.5, size="22G1", un="", marks="ARTB KUWAIT")],
    ),
    150: dict(
        shipper=("DONGGUAN JIAYI POWER TECHNOLOGY CO.,LTD", ["NO. 12 SHAJIAO ROAD, HUMEN TOWN", "DONGGUAN GUANGDONG CHINA"], "CN"),
        consignee=("DRAGON MART ELECTRONICS TRADING FZCO", ["UNIT 6EA-114, DUBAI AIRPORT FREEZONE", "DUBAI, UAE"], "AE"),
        notify=("BLUE WAVE CARGO SERVICES L.L.C.", ["WAREHOUSE 14, UMM RAMOOL", "DUBAI UAE", "ops@bluewavecargo.ae"], "AE"),
        por="CNSZX", pol="CNSZX", tsp="SGSIN", fd="AEJEA", origin="CN",
        lines=[dict(desc="TRAVEL CHARGERS FOR MOBILE PHONES 5V 2A WITH CABLE", hs="8504 40 30",
                    n=860, pkg="CTN", kg=8.4, size="22G1", un="", marks="DMET"),
               dict(desc="USB TYPE-C DATA CABLES 1M BRAIDED", hs="8544.42",
                    n=300, pkg="CTN", kg=11.0, size="22G1", un="", marks="DMET")],
    ),
    # Kazakhstan-bound overland: diversion-corridor country, mundane goods.
    57: dict(
        shipper=("CEYLON HIGHLAND TEAS (PVT) LTD", ["NO. 48, MAYA AVENUE", "COLOMBO 06, SRI LANKA"], "LK"),
        consignee=("ALMATY TEA HOUSE LLP", ["RAIYMBEK AVENUE 221", "ALMATY 050016, KAZAKHSTAN"], "KZ"),
        notify=("SEA BRIDGE SHIPPING & CLEARING L.L.C", ["OFFICE 308, AL FAHIDI BUILDING", "BUR DUBAI, DUBAI"], "AE"),
        por="LKCMB", pol="LKCMB", tsp="", fd="KZALA", origin="LK",
        lines=[dict(desc="PURE CEYLON BLACK TEA BOPF IN 25 KG PAPER SACKS, ONWARD BY TRUCK TO ALMATY", hs="0902.40",
                    n=640, pkg="CTN", kg=25.6, size="22G1", un="", marks="ATH / ALMATY")],
    ),
    133: dict(
        shipper=("Kandy Valley Tea Exporters (Pvt) Ltd", ["221/4 Peradeniya Road", "Kandy, Sri Lanka"], "SRI LANKA"),
        consignee=("ALMATY TEA HOUSE LLP", ["RAIYMBEK AVENUE 221", "ALMATY 050016, KAZAKHSTAN"], "KAZAKHSTAN"),
        notify=("SAME AS CONSIGNEE", [], ""),
        por="LKCMB", pol="LKCMB", tsp="", fd="KZALA", origin="LK",
        lines=[dict(desc="CEYLON BLACK TEA PEKOE IN 20KG PAPER SACKS", hs="090230",
                    n=780, pkg="CTN", kg=20.5, size="22G1", un="", marks="ATH / ALMATY")],
    ),
}

# Only planted bills may go to these countries or carry these goods.
RESTRICTED_DESTINATION_PREFIXES = ("IR", "RU", "KP", "SY", "BY", "KZ")


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

    pors, pols, tsps = LANES[lane]
    pol = rng.choice(pols)
    por = rng.choice(pors)
    if lane in ("IN",) and por.startswith("IN") and rng.random() < 0.5:
        por = pol
    tsp = rng.choice(tsps)

    # goods lines: ~20% of bills have 2-3
    n_lines = 1
    x = rng.random()
    if x < 0.13:
        n_lines = 2
    elif x < 0.20:
        n_lines = 3
    line_keys = [key]
    for _ in range(n_lines - 1):
        line_keys.append(rng.choice(keys))

    lines = []
    for lk in line_keys:
        g = GOODS[lk]
        u = rng.choice(g["units"])
        desc = rng.choice(g["desc"]).format(u=u)
        hs_code = rng.choice(g["hs"])
        n = rng.randint(*g["n"])
        if g["pkg"] in ("BAG", "CTN") and "{u}" in desc:
            per_pkg = u + rng.choice([0.1, 0.2, 0.25, 0.5])
        else:
            per_pkg = u * rng.uniform(0.97, 1.03)
        size = rng.choice(g["size"])
        marks = rng.choice([
            "N/M",
            "NO MARKS",
            "%s / %s" % ("".join(w[0] for w in c_name.split()[:3]).upper(), fd[2:]),
            "AS ADDRESSED",
            "%s C/NO. 1-%d" % ("".join(w[0] for w in c_name.split()[:4]).upper(), n),
            "",
        ])
        lines.append(dict(desc=desc, hs=hs_written(rng, hs_code), n=n, pkg=g["pkg"],
                          kg=per_pkg, size=size, un=g.get("un", ""), marks=marks))
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
        bl = "%s%04d" % (BL_PREFIX, seq)
        seq += 1 if rng.random() > 0.04 else 2  # an occasional gap: a bill cancelled before sailing
        bill["bl"] = bl
        container = None
        for j, line in enumerate(bill["lines"]):
            # lines of a multi-line bill share a container ~half the time
            if container is None or rng.random() < 0.5:
                container = (container_number(rng, rng.choice(owner_for(line["size"]))),
                             seal_number(rng), line["size"])
            desc = line["desc"]
            if decorate:
                desc = decorate_description(rng, desc, line["n"], line["pkg"])
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
    planted_bls = {PLANTED[k]["bl"] for k in PLANTED}
    for row in rows:
        if row[0] not in planted_bls:
            assert not row[18].startswith(RESTRICTED_DESTINATION_PREFIXES), row

    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    print("wrote %s: %d rows, %d bills" % (OUT, len(rows), len(per_bill)))
    for k in sorted(PLANTED):
        print("  planted #%d -> %s" % (k, PLANTED[k]["bl"]))


if __name__ == "__main__":
    main()
