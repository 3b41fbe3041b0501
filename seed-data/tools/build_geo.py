#!/usr/bin/env python3
"""Build seed-data/geo/* from /work/shared/data (read-only source files).

Deterministic: same inputs -> byte-identical outputs.
Usage: python3 seed-data/tools/build_geo.py [SOURCE_DIR]
"""
import csv
import collections
import os
import re
import shutil
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "geo")

DISTRICTS = [
    ("E06000016", "Leicester"),
    ("E06000017", "Rutland"),
    ("E07000129", "Blaby"),
    ("E07000130", "Charnwood"),
    ("E07000131", "Harborough"),
    ("E07000132", "Hinckley and Bosworth"),
    ("E07000133", "Melton"),
    ("E07000134", "North West Leicestershire"),
    ("E07000135", "Oadby and Wigston"),
]
NAME_TO_CODE = {n: c for c, n in DISTRICTS}
LEICESTER = "E06000016"

TOWNS = {
    "leicester", "loughborough", "hinckley", "melton mowbray", "market harborough",
    "oakham", "coalville", "lutterworth", "wigston", "oadby", "ashby-de-la-zouch",
    "ashby de la zouch", "uppingham", "shepshed", "syston", "birstall", "blaby",
    "braunstone town", "enderby", "narborough", "whetstone", "countesthorpe",
    "earl shilton", "burbage", "barwell", "market bosworth", "ibstock",
    "castle donington", "kegworth", "measham", "quorn", "anstey", "thurmaston",
    "sileby", "rothley", "mountsorrel", "broughton astley", "glenfield",
    "kirby muxloe", "south wigston", "great glen", "fleckney", "kibworth",
    "kibworth beauchamp", "groby", "ratby", "desford", "whitwick", "bottesford",
    "asfordby", "ketton", "cottesmore", "leicester forest east", "wigston magna",
    "markfield", "thringstone", "hugglescote", "stoney stanton", "sapcote",
}
# Historic-county list contains rivers, canals and reservoirs: skip them.
WATER_WORDS = re.compile(r"\b(canal|brook|reservoir|water|river)\b", re.I)
WATER_NAMES = {"soar", "sence", "mease", "trent", "wreake", "gwash", "swift", "eye",
               "devon", "chater", "welland", "avon", "anker", "eyebrook", "eye brook"}
SKIP_NAMES = {"city of leicester"}
# Well-known Leicester suburbs whose gazetteer point may fall just outside the city.
SUBURBS = {
    "evington", "braunstone", "belgrave", "humberstone", "hamilton", "aylestone",
    "knighton", "stoneygate", "new parks", "beaumont leys", "eyres monsell", "saffron",
    "thurnby lodge", "netherhall", "nether hall", "rowley fields", "westcotes",
    "clarendon park", "spinney hills", "highfields", "north evington", "rushey mead",
    "west end", "south knighton", "knighton fields", "aylestone park", "mowmacre hill",
    "crown hills", "western park", "dane hills", "abbey", "fosse", "braunstone park",
    "newfoundpool", "humberstone garden",
}


def f5(x):
    return "%.5f" % float(x)


def write_csv(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print("wrote", path, len(rows), "rows")


def read(path):
    with open(os.path.join(SRC, path), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main():
    os.makedirs(OUT, exist_ok=True)

    # 1. postcodes
    pcs = read("postcodes/llr_postcodes.csv")
    rows = []
    sums = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for r in pcs:
        if not r["lat"] or not r["lon"]:
            continue
        pc = re.sub(r"\s+", "", r["postcode"].upper())
        pc = pc[:-3] + " " + pc[-3:]
        rows.append((pc, f5(r["lat"]), f5(r["lon"]), r["in_llr"], r["ltla24_code"],
                     r["ward24_code"], r["ward24_name"]))
        if r["in_llr"] == "1" and r["ltla24_code"]:
            s = sums[r["ltla24_code"]]
            s[0] += float(r["lat"]); s[1] += float(r["lon"]); s[2] += 1
    rows.sort(key=lambda x: x[0])
    write_csv("postcodes.csv",
              ["postcode", "lat", "lon", "in_llr", "district_code", "ward_code", "ward_name"], rows)

    # 2. outcodes
    oc = read("postcodes/llr_outcode_centroids.csv")
    rows = [(r["outcode"], f5(r["lat"]), f5(r["lon"]), NAME_TO_CODE[r["main_ltla24_name"]])
            for r in oc]
    write_csv("outcodes.csv", ["outcode", "lat", "lon", "district_code"], rows)

    # 3. districts
    rows = []
    for code, name in DISTRICTS:
        s = sums[code]
        rows.append((code, name, f5(s[0] / s[2]), f5(s[1] / s[2])))
    write_csv("districts.csv", ["code", "name", "lat", "lon"], rows)
    shutil.copyfile(os.path.join(SRC, "boundaries/llr_lad24_buc.geojson"),
                    os.path.join(OUT, "districts.geojson"))
    print("copied districts.geojson")

    # 4. places
    places = collections.OrderedDict()  # lower name -> [name, lat, lon, district, kind]

    def kind_for(name, district):
        low = name.lower()
        if low in TOWNS or low == "oadby and wigston":
            return "town"
        if low in SUBURBS:
            return "suburb"
        if district == LEICESTER:
            return "suburb"
        return "village"

    gn = [r for r in read("places/llr_places_geonames_postal.csv") if r["in_llr"] == "1"]
    groups = collections.OrderedDict()
    for r in gn:
        groups.setdefault(r["place_name"].strip().lower(), []).append(r)
    for low, grp in groups.items():
        if low in SKIP_NAMES:
            continue
        acc4 = [r for r in grp if r["accuracy"] == "4"]
        use = acc4 or grp
        lat = sum(float(r["lat"]) for r in use) / len(use)
        lon = sum(float(r["lon"]) for r in use) / len(use)
        dist = collections.Counter(r["ltla24_code"] for r in use).most_common(1)[0][0]
        name = use[0]["place_name"].strip()
        places[low] = [name, f5(lat), f5(lon), dist, kind_for(name, dist)]

    wk = [r for r in read("places/llr_places_wikipedia_via_webtrees.csv") if r["in_llr"] == "1"]
    for r in wk:
        name = re.sub(r"\s*\(.*?\)\s*", " ", r["place_name"]).strip()
        low = name.lower()
        if not name or low in places or low in SKIP_NAMES:
            continue
        if WATER_WORDS.search(name) or low in WATER_NAMES:
            continue
        places[low] = [name, f5(r["lat"]), f5(r["lon"]), r["ltla24_code"],
                       kind_for(name, r["ltla24_code"])]

    for r in read("places/llr_ward22_centroids.csv"):
        name = r["ward22_name"].strip()
        low = name.lower()
        if low in places:
            # A ward of the same name: its representative point is more precise than the
            # coarse GeoNames/Wikipedia point (e.g. "Evington"), so use it; keep the kind.
            places[low][1:4] = [f5(r["lat"]), f5(r["lon"]), r["ltla24_code"]]
            continue
        places[low] = [name, f5(r["lat"]), f5(r["lon"]), r["ltla24_code"], "ward"]

    # GeoNames' "Leicester" point is coarse: use the mean of the LE1 (city centre) postcodes.
    le1 = [r for r in pcs if r["outcode"] == "LE1" and r["lat"]]
    places["leicester"][1] = f5(sum(float(r["lat"]) for r in le1) / len(le1))
    places["leicester"][2] = f5(sum(float(r["lon"]) for r in le1) / len(le1))
    rows = sorted(places.values(), key=lambda x: (x[0].lower(), x[0]))
    write_csv("places.csv", ["name", "lat", "lon", "district_code", "kind"], rows)

    # 5. practices and PCNs
    gp = [r for r in read("health/llr_gp_practices_epraccur_2025.csv")
          if r["status"] == "A" and r["prescribing_setting"] == "4"]
    gp.sort(key=lambda r: r["org_code"])
    prac_district = {}
    rows = []
    for r in gp:
        prac_district[r["org_code"]] = r["ltla24_code"]
        name = r["name"].strip()
        rows.append((r["org_code"], name, r["postcode"], f5(r["lat"]), f5(r["lon"]),
                     r["pcn_code_2022"], r["ltla24_code"]))
    write_csv("practices.csv",
              ["org_code", "name", "postcode", "lat", "lon", "pcn_code", "district_code"], rows)

    pcn = read("health/llr_pcn_membership_2022.csv")
    rows = []
    for r in sorted(pcn, key=lambda r: r["pcn_code"]):
        codes = [c for c in r["practice_codes"].split(";") if c]
        c = collections.Counter(prac_district[p] for p in codes if prac_district.get(p))
        if not c:  # fall back to any practice row (even closed) in the full file
            c = collections.Counter()
        best = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if c else ""
        rows.append((r["pcn_code"], r["pcn_name"].strip(), best, ";".join(codes)))
    write_csv("pcns.csv", ["pcn_code", "pcn_name", "district_code", "practice_codes"], rows)


if __name__ == "__main__":
    main()
