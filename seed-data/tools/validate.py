#!/usr/bin/env python3
"""Validate seed-data/ outputs. Exit status 1 on any error. Prints counts.

Usage: python3 seed-data/tools/validate.py
"""
import collections
import csv
import json
import os
import re
import sys
import uuid

SEED = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ERR = []
ALERT = "Sample record: this service is invented for testing and demonstration. Do not contact."

# Real phone numbers allowed (approved national list + the 12 Give Food food banks, checked below).
NATIONAL_NUMBERS = {
    "116 123", "85258", "111", "0808 2000 247", "0808 801 0327", "0800 138 1111", "0808 808 4000",
    "0800 144 8848", "0808 800 4444", "0800 4 70 80 90", "0800 169 65 65", "0800 9177 650", "0300 123 6600",
    "0808 8020 133", "0808 808 7777", "0808 808 1677", "0300 123 3393", "0800 068 4141", "0800 1111",
    "0808 808 1111", "0800 138 7777", "0300 123 1044", "0808 802 0925", "0800 58 58 58", "0300 999 1212",
    "0300 123 1110",
}
REAL_URLS = {"https://www.turn2us.org.uk", "https://www.relate.org.uk", "https://www.nhs.uk/every-mind-matters/",
             "https://www.nhs.uk/better-health/", "https://do-it.org", "https://www.gamblersanonymous.org.uk"}
EXTENTS_EXTRA = {"E54000015", "E92000001", "K02000001"}
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def err(msg):
    ERR.append(msg)


def read_csv(name, header):
    path = os.path.join(SEED, "geo", name)
    with open(path, encoding="utf-8", newline="") as fh:
        r = csv.reader(fh)
        h = next(r)
        if h != header:
            err("%s header %r != %r" % (name, h, header))
        rows = [dict(zip(h, x)) for x in r]
    return rows


def drama(num):
    d = num.replace(" ", "")
    return (re.fullmatch(r"01164960\d{3}", d) is not None) or (re.fullmatch(r"07700900\d{3}", d) is not None)


def main():
    # ---- geo
    pcs = read_csv("postcodes.csv", ["postcode", "lat", "lon", "in_llr", "district_code", "ward_code", "ward_name"])
    PC = {r["postcode"]: r for r in pcs}
    if len(PC) != len(pcs):
        err("duplicate postcodes")
    for r in pcs:
        if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", r["postcode"]):
            err("bad postcode " + r["postcode"])
            break
    dists = read_csv("districts.csv", ["code", "name", "lat", "lon"])
    DIST = {r["code"]: r["name"] for r in dists}
    if len(DIST) != 9:
        err("expected 9 districts")
    outc = read_csv("outcodes.csv", ["outcode", "lat", "lon", "district_code"])
    places = read_csv("places.csv", ["name", "lat", "lon", "district_code", "kind"])
    if len({p["name"].lower() for p in places}) != len(places):
        err("places not unique by name")
    for p in places:
        if p["kind"] not in ("town", "village", "suburb", "ward") or p["district_code"] not in DIST:
            err("bad place row %r" % p)
    pcns = read_csv("pcns.csv", ["pcn_code", "pcn_name", "district_code", "practice_codes"])
    prac = read_csv("practices.csv", ["org_code", "name", "postcode", "lat", "lon", "pcn_code", "district_code"])
    for o in outc + pcns + prac:
        if o["district_code"] not in DIST:
            err("bad district in %r" % o)
    json.load(open(os.path.join(SEED, "geo", "districts.geojson"), encoding="utf-8"))

    # ---- taxonomy
    tax = json.load(open(os.path.join(SEED, "taxonomy.json"), encoding="utf-8"))
    subs = {}
    for a in tax["needs"]:
        for e in [a] + a["children"]:
            if e["id"] != str(uuid.uuid5(uuid.NAMESPACE_URL, "https://signpost.example.org/taxonomy/" + e["slug"])):
                err("taxonomy id mismatch " + e["slug"])
            if not e.get("label") or not e.get("description"):
                err("taxonomy entry missing label/description " + e["slug"])
        for c in a["children"]:
            subs[c["slug"]] = a["slug"]
    areas = [a["slug"] for a in tax["needs"]]

    # ---- synonyms
    n_rules = 0
    for i, line in enumerate(open(os.path.join(SEED, "synonyms.txt"), encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        n_rules += 1
        if line != line.lower():
            err("synonyms line %d not lowercase" % i)
        if line.count("=>") > 1:
            err("synonyms line %d has two =>" % i)
        for side in line.split("=>"):
            if any(not t.strip() for t in side.split(",")):
                err("synonyms line %d has an empty term" % i)

    # ---- directory
    path = os.path.join(SEED, "directory", "llr_sample_directory.json")
    data = json.load(open(path, encoding="utf-8"))
    ids = collections.defaultdict(dict)  # kind -> id -> serialised object

    def reg(kind, obj):
        i = obj.get("id")
        try:
            if str(uuid.UUID(i)) != i:
                raise ValueError
        except Exception:
            err("bad uuid %r (%s)" % (i, kind))
            return
        s = json.dumps(obj, sort_keys=True)
        if i in ids[kind] and ids[kind][i] != s:
            err("id %s reused for different %s objects" % (i, kind))
        ids[kind][i] = s

    per_area = collections.Counter()
    per_sub = collections.Counter()
    per_district_phys = collections.Counter()
    per_delivery = collections.Counter()
    per_aud = collections.Counter()
    n_paid = n_invented = n_real = n_llr_wide = n_national = 0
    n_sched_styles = collections.Counter()
    service_ids = set()
    for s in data:
        if s.get("status") != "active":
            err("status not active: " + s.get("name", "?"))
        if s["id"] in service_ids:
            err("duplicate service id " + s["id"])
        service_ids.add(s["id"])
        reg("service", {"id": s["id"]})
        invented = s.get("alert") == ALERT
        n_invented += invented
        n_real += not invented
        reg("organization", s["organization"])
        for k in ("name", "description"):
            if not s["organization"].get(k):
                err("organization missing " + k)
        if invented:
            for u in [s.get("url"), s["organization"].get("website")]:
                if u and not u.startswith("https://example.org/"):
                    err("invented url not example.org: " + u)
            for e in [s.get("email"), s["organization"].get("email")]:
                if e and not e.endswith("@example.org"):
                    err("invented email not example.org: " + e)
        else:
            if s.get("url") and s["url"] not in REAL_URLS and "foodbank" not in s["url"] and "givefood" not in s["url"] \
                    and not s["url"].startswith("https://"):
                err("unexpected real url " + s["url"])
        phones = list(s.get("phones", []))
        for sal in s.get("service_at_locations", []):
            phones += sal.get("phones", []) + sal["location"].get("phones", [])
        for p in phones:
            reg("phone", p)
            if invented and not drama(p["number"]):
                err("invented phone outside Ofcom drama range: %s (%s)" % (p["number"], s["name"]))
            if not invented and p["number"] not in NATIONAL_NUMBERS and not s["name"].endswith("food bank"):
                err("real phone not on approved list: %s (%s)" % (p["number"], s["name"]))
        if not s.get("assured_date") or not re.fullmatch(r"\d{4}-\d\d-\d\d", s["assured_date"]):
            err("bad assured_date " + s["name"])
        elif not ("2025-03-01" <= s["assured_date"] < "2026-11-01"):
            err("assured_date out of range " + s["name"])
        if s.get("assurer_email") != "cko@example.org":
            err("assurer_email " + s["name"])
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s.get("last_modified", "")):
            err("bad last_modified " + s["name"])
        # schedules
        for sc in s.get("schedules", []):
            reg("schedule", sc)
            if sc.get("freq") != "WEEKLY":
                err("schedule freq " + s["name"])
            if not set(sc.get("byday", "").split(",")) <= DAYS:
                err("bad byday %r" % sc.get("byday"))
            for k in ("opens_at", "closes_at"):
                if not TIME.match(sc.get(k, "")):
                    err("bad %s %r in %s" % (k, sc.get(k), s["name"]))
            if sc["opens_at"] == "00:00" and sc["closes_at"] == "24:00":
                n_sched_styles["24/7"] += 1
            elif sc["closes_at"] < sc["opens_at"]:
                n_sched_styles["overnight"] += 1
            elif set(sc["byday"].split(",")) & {"SA", "SU"}:
                n_sched_styles["weekend"] += 1
            elif sc["opens_at"] >= "17:00":
                n_sched_styles["evening"] += 1
            else:
                n_sched_styles["daytime"] += 1
        if not s.get("schedules"):
            n_sched_styles["no schedule"] += 1
        # cost
        if s.get("cost_options"):
            n_paid += 1
            for c in s["cost_options"]:
                reg("cost_option", c)
                if c.get("currency") != "GBP" or not isinstance(c.get("amount"), (int, float)):
                    err("bad cost option " + s["name"])
        elif s.get("fees_description") != "Free":
            err("free service without fees_description Free: " + s["name"])
        for l in s.get("languages", []):
            reg("language", l)
        # areas
        extents = []
        for a in s.get("service_areas", []):
            reg("service_area", a)
            if a.get("extent") not in DIST and a.get("extent") not in EXTENTS_EXTRA:
                err("bad extent %r" % a.get("extent"))
            if a.get("extent_type") != "text":
                err("extent_type")
            extents.append(a.get("extent"))
        if not extents:
            err("no service area: " + s["name"])
        # locations
        phys = False
        for sal in s.get("service_at_locations", []):
            reg("service_at_location", sal)
            loc = sal["location"]
            reg("location", loc)
            if loc["location_type"] == "physical":
                phys = True
                for a in loc.get("addresses", []):
                    reg("address", a)
                    for k in ("address_1", "city", "state_province", "postal_code", "country", "address_type"):
                        if k not in a:
                            err("address missing " + k)
                    pc = PC.get(a["postal_code"])
                    if not pc:
                        err("postcode not in postcodes.csv: " + a["postal_code"])
                        continue
                    if abs(float(pc["lat"]) - loc["latitude"]) > 0.01 or abs(float(pc["lon"]) - loc["longitude"]) > 0.01:
                        err("coords far from postcode %s (%s)" % (a["postal_code"], s["name"]))
                    if pc["district_code"] not in extents:
                        err("location district %s not in service areas (%s)" % (pc["district_code"], s["name"]))
                    per_district_phys[pc["district_code"]] += 1
                for ac in loc.get("accessibility", []):
                    reg("accessibility", ac)
            elif loc["location_type"] == "virtual" and not loc.get("url"):
                err("virtual location without url")
        if "E54000015" in extents and not phys:
            n_llr_wide += 1
        if ("E92000001" in extents or "K02000001" in extents):
            n_national += 1
        # attributes
        seen_sub = set()
        for a in s.get("attributes", []):
            reg("attribute", a)
            t = a["taxonomy_term"]
            if a["taxonomy_term_id"] != t["id"] or a["value"] != t["code"]:
                err("attribute mismatch " + s["name"])
            if t["taxonomy"] == "signpost-needs":
                if t["code"] in subs:
                    per_sub[t["code"]] += 1
                    seen_sub.add(t["code"])
                elif t["code"] in areas:
                    per_area[t["code"]] += 1
                else:
                    err("unknown need " + t["code"])
            elif t["taxonomy"] == "signpost-delivery":
                per_delivery[t["code"]] += 1
            elif t["taxonomy"] == "signpost-audience":
                per_aud[t["code"]] += 1
        if not seen_sub:
            err("service with no sub-need: " + s["name"])
        for sub in seen_sub:
            if not any(a["taxonomy_term"]["code"] == subs[sub] for a in s["attributes"]):
                err("sub-need without its area: " + s["name"])
        if "minimum_age" in s and "maximum_age" in s and s["minimum_age"] > s["maximum_age"]:
            err("age range " + s["name"])

    # ---- thresholds
    if len(data) < 420:
        err("fewer than 420 services")
    for a in areas:
        if per_area[a] == 0:
            err("no services for area " + a)
    for sub in subs:
        if per_sub[sub] < 5:
            err("sub-need %s has %d services" % (sub, per_sub[sub]))
    for d in DIST:
        if per_district_phys[d] < 25:
            err("district %s has %d physical services" % (d, per_district_phys[d]))
    if n_llr_wide < 25:
        err("only %d LLR-wide phone/online services" % n_llr_wide)
    if n_paid < 40:
        err("only %d paid services" % n_paid)

    # ---- report
    print("geo: postcodes=%d outcodes=%d districts=%d places=%d (%s) pcns=%d practices=%d" % (
        len(pcs), len(outc), len(dists), len(places),
        dict(collections.Counter(p["kind"] for p in places)), len(pcns), len(prac)))
    print("synonym rules:", n_rules)
    print("services: %d (invented %d, real %d: food banks + national); LLR-wide no-venue %d; national %d; paid %d" % (
        len(data), n_invented, n_real, n_llr_wide, n_national, n_paid))
    print("per need area:", dict(sorted(per_area.items())))
    print("per sub-need:", dict(sorted(per_sub.items())))
    print("physical-location services per district:",
          {DIST[k]: v for k, v in sorted(per_district_phys.items())})
    print("delivery:", dict(per_delivery), " audience:", dict(per_aud))
    print("schedules:", dict(n_sched_styles))
    print("distinct ids per kind:", {k: len(v) for k, v in sorted(ids.items())})
    if ERR:
        print("\n%d ERRORS" % len(ERR))
        for e in ERR[:50]:
            print("  -", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
