#!/usr/bin/env python3
"""Build seed-data/directory/llr_sample_directory.json: an array of HSDS 3.0 service objects.

Contents:
  * the 12 real LLR food banks (Give Food, Unlicense) with need attributes added;
  * real national helplines / websites (approved list only, see directory_content.NATIONAL);
  * invented SAMPLE services (LLR-wide phone/online, and local in-person in all 9 districts).
    Invented services use example.org web/email, Ofcom drama phone numbers
    (0116 496 0000-0999, 07700 900000-900999) and real postcodes/coordinates for venues.

Needs: seed-data/taxonomy.json and seed-data/geo/postcodes.csv (run build_taxonomy.py and
build_geo.py first). Deterministic (seeded random.Random, uuid5 ids, fixed dates).
Usage: python3 seed-data/tools/build_directory.py [SOURCE_DIR]
"""
import csv
import datetime as dt
import json
import os
import random
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import directory_content as C  # noqa: E402

SEED = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
OUT = os.path.join(SEED, "directory", "llr_sample_directory.json")

ALERT = "Sample record: this service is invented for testing and demonstration. Do not contact."
ASSURER = "cko@example.org"
END_DATE = dt.date(2026, 11, 1)  # assured dates fall in the 20 months before this
LLR_CODE, LLR_NAME = "E54000015", "Leicester, Leicestershire and Rutland"
AREA_NAMES = {"E92000001": "England", "K02000001": "United Kingdom", LLR_CODE: LLR_NAME}

# District -> list of (place label, postal town, [ward names], weight)
PLACES = {
    "E06000016": [
        ("Braunstone", "Leicester", ["Braunstone Park & Rowley Fields"], 3),
        ("Beaumont Leys", "Leicester", ["Beaumont Leys"], 3), ("Belgrave", "Leicester", ["Belgrave"], 3),
        ("Highfields", "Leicester", ["Spinney Hills"], 3), ("Evington", "Leicester", ["Evington"], 2),
        ("Saffron", "Leicester", ["Saffron"], 2), ("Eyres Monsell", "Leicester", ["Eyres Monsell"], 2),
        ("New Parks", "Leicester", ["Western"], 2), ("Aylestone", "Leicester", ["Aylestone"], 2),
        ("Humberstone", "Leicester", ["Humberstone & Hamilton"], 2), ("Rushey Mead", "Leicester", ["Rushey Mead"], 2),
        ("Netherhall", "Leicester", ["Thurncourt"], 1), ("Westcotes", "Leicester", ["Westcotes"], 2),
        ("Stoneygate", "Leicester", ["Stoneygate"], 2), ("Leicester City Centre", "Leicester", ["Castle"], 4),
        ("North Evington", "Leicester", ["North Evington"], 2), ("Mowmacre", "Leicester", ["Abbey"], 1),
        ("Knighton", "Leicester", ["Knighton"], 1), ("Fosse", "Leicester", ["Fosse"], 1),
    ],
    "E06000017": [
        ("Oakham", "Oakham", ["Oakham North East", "Oakham North West", "Oakham South"], 6),
        ("Uppingham", "Uppingham", ["Uppingham"], 3), ("Ketton", "Stamford", ["Ketton"], 1),
        ("Cottesmore", "Oakham", ["Cottesmore"], 1), ("Ryhall", "Stamford", ["Ryhall & Casterton"], 1),
        ("Barleythorpe", "Oakham", ["Barleythorpe"], 1),
    ],
    "E07000129": [
        ("Blaby", "Leicester", ["Blaby"], 2), ("Enderby", "Leicester", ["Enderby"], 2),
        ("Narborough", "Leicester", ["Narborough & Littlethorpe"], 2),
        ("Glenfield", "Leicester", ["Glenfield Ellis", "Glenfield Faire"], 2),
        ("Countesthorpe", "Leicester", ["Countesthorpe"], 2), ("Whetstone", "Leicester", ["North Whetstone"], 1),
        ("Braunstone Town", "Leicester", ["Braunstone Millfield", "Braunstone Ravenhurst"], 2),
        ("Kirby Muxloe", "Leicester", ["Kirby Muxloe"], 1), ("Glen Parva", "Leicester", ["Glen Parva"], 1),
        ("Thorpe Astley", "Leicester", ["Thorpe Astley & St Mary's"], 1),
    ],
    "E07000130": [
        ("Loughborough", "Loughborough", ["Loughborough East", "Loughborough Storer", "Loughborough Ashby",
                                          "Loughborough Southfields", "Loughborough Outwoods & Shelthorpe"], 8),
        ("Shepshed", "Loughborough", ["Shepshed East", "Shepshed West"], 2), ("Syston", "Leicester", ["Syston"], 2),
        ("Birstall", "Leicester", ["Birstall West", "Birstall East & Wanlip"], 2),
        ("Thurmaston", "Leicester", ["Thurmaston"], 1), ("Anstey", "Leicester", ["Anstey"], 1),
        ("Mountsorrel", "Loughborough", ["Mountsorrel"], 1), ("Quorn", "Loughborough", ["Quorn & Mountsorrel Castle"], 1),
        ("Sileby", "Loughborough", ["Sileby & Seagrave"], 1), ("Barrow upon Soar", "Loughborough", ["Barrow upon Soar"], 1),
    ],
    "E07000131": [
        ("Market Harborough", "Market Harborough", ["Market Harborough-Great Bowden & Arden", "Market Harborough-Little Bowden",
                                                    "Market Harborough-Logan", "Market Harborough-Welland"], 6),
        ("Lutterworth", "Lutterworth", ["Lutterworth East", "Lutterworth West"], 4),
        ("Broughton Astley", "Leicester", ["Broughton Astley South & Leire", "Broughton Astley-Primethorpe & Sutton"], 2),
        ("Fleckney", "Leicester", ["Fleckney"], 1), ("Kibworth", "Leicester", ["Kibworths"], 2),
        ("Great Glen", "Leicester", ["Glen"], 1), ("Thurnby", "Leicester", ["Thurnby & Houghton"], 1),
        ("Billesdon", "Leicester", ["Billesdon & Tilton"], 1),
    ],
    "E07000132": [
        ("Hinckley", "Hinckley", ["Hinckley Castle", "Hinckley Clarendon", "Hinckley De Montfort", "Hinckley Trinity"], 7),
        ("Earl Shilton", "Leicester", ["Earl Shilton"], 2), ("Barwell", "Leicester", ["Barwell"], 2),
        ("Burbage", "Hinckley", ["Burbage Sketchley and Stretton", "Burbage St Catherines and Lash Hill"], 2),
        ("Groby", "Leicester", ["Groby"], 1), ("Markfield", "Markfield", ["Markfield, Stanton and Fieldhead"], 1),
        ("Market Bosworth", "Nuneaton", ["Cadeby, Carlton and Market Bosworth with Shackerstone"], 1),
        ("Desford", "Leicester", ["Newbold Verdon with Desford and Peckleton"], 1),
        ("Ratby", "Leicester", ["Ratby, Bagworth and Thornton"], 1),
    ],
    "E07000133": [
        ("Melton Mowbray", "Melton Mowbray", ["Melton Craven", "Melton Dorian", "Melton Egerton", "Melton Newport",
                                              "Melton Sysonby", "Melton Warwick"], 10),
        ("Asfordby", "Melton Mowbray", ["Asfordby"], 1), ("Bottesford", "Nottingham", ["Bottesford"], 1),
        ("Long Clawson", "Melton Mowbray", ["Long Clawson and Stathern"], 1),
        ("Waltham on the Wolds", "Melton Mowbray", ["Waltham-on-the-Wolds"], 1),
        ("Somerby", "Melton Mowbray", ["Somerby"], 1),
    ],
    "E07000134": [
        ("Coalville", "Coalville", ["Coalville East", "Coalville West", "Greenhill", "Snibston North", "Snibston South",
                                    "Broom Leys", "Thornborough"], 7),
        ("Ashby-de-la-Zouch", "Ashby-de-la-Zouch", ["Ashby Castle", "Ashby Holywell", "Ashby Ivanhoe", "Ashby Money Hill"], 4),
        ("Castle Donington", "Derby", ["Castle Donington Castle", "Castle Donington Central"], 2),
        ("Ibstock", "Ibstock", ["Ibstock East"], 1), ("Measham", "Swadlincote", ["Measham North", "Measham South"], 1),
        ("Kegworth", "Derby", ["Kegworth"], 1), ("Thringstone", "Coalville", ["Thringstone"], 1),
        ("Hugglescote", "Coalville", ["Hugglescote St John's", "Hugglescote St Mary's"], 1),
    ],
    "E07000135": [
        ("Oadby", "Leicester", ["Oadby Brocks Hill", "Oadby Grange", "Oadby St Peter's", "Oadby Uplands", "Oadby Woodlands"], 4),
        ("Wigston", "Wigston", ["Wigston All Saints", "Wigston Fields", "Wigston Meadowcourt", "Wigston St Wolstan's"], 4),
        ("South Wigston", "Wigston", ["South Wigston"], 2),
    ],
}
# Number of invented local in-person services per district.
LOCAL_COUNTS = {"E06000016": 100, "E06000017": 34, "E07000129": 36, "E07000130": 44, "E07000131": 38,
                "E07000132": 38, "E07000133": 34, "E07000134": 40, "E07000135": 32}

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
             "SA": "Saturday", "SU": "Sunday"}


def uid(kind, key):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://signpost.example.org/sample/%s/%s" % (kind, key)))


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower().replace("'", "")).strip("-")


# ---------------------------------------------------------------- taxonomy helpers
TAX = json.load(open(os.path.join(SEED, "taxonomy.json"), encoding="utf-8"))
TERMS = {}  # (taxonomy, slug) -> term dict
PARENT = {}
for area in TAX["needs"]:
    TERMS[("signpost-needs", area["slug"])] = area
    for ch in area["children"]:
        TERMS[("signpost-needs", ch["slug"])] = ch
        PARENT[ch["slug"]] = area["slug"]
for a in TAX["audiences"]:
    TERMS[("signpost-audience", a["slug"])] = a
for d in TAX["delivery"]:
    TERMS[("signpost-delivery", d["slug"])] = d


def attribute(service_key, service_id, taxonomy, slug):
    t = TERMS[(taxonomy, slug)]
    return {
        "id": uid("attribute", "%s/%s/%s" % (service_key, taxonomy, slug)),
        "link_id": service_id,
        "taxonomy_term_id": t["id"],
        "link_type": "service",
        "link_entity": "service",
        "value": slug,
        "taxonomy_term": {"id": t["id"], "code": slug, "name": t["label"],
                          "description": t["description"], "taxonomy": taxonomy},
    }


def attributes(service_key, service_id, subneeds, delivery, audiences):
    out, seen = [], set()
    for s in subneeds:
        for slug in (PARENT[s], s):
            if slug not in seen:
                seen.add(slug)
                out.append(attribute(service_key, service_id, "signpost-needs", slug))
    for d in delivery:
        out.append(attribute(service_key, service_id, "signpost-delivery", d))
    for a in audiences:
        out.append(attribute(service_key, service_id, "signpost-audience", a))
    return out


# ---------------------------------------------------------------- geo helpers
POSTCODES = {}
BY_WARD = {}
DISTRICT_NAMES = {}
with open(os.path.join(SEED, "geo", "postcodes.csv"), encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        POSTCODES[r["postcode"]] = r
        if r["in_llr"] == "1":
            BY_WARD.setdefault((r["district_code"], r["ward_name"]), []).append(r)
with open(os.path.join(SEED, "geo", "districts.csv"), encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        DISTRICT_NAMES[r["code"]] = r["name"]


def area(code):
    name = DISTRICT_NAMES.get(code) or AREA_NAMES[code]
    return {"name": name, "extent": code, "extent_type": "text"}


def service_areas(service_key, codes):
    out = []
    for c in codes:
        a = area(c)
        a["id"] = uid("service_area", "%s/%s" % (service_key, c))
        out.append({"id": a["id"], "name": a["name"], "extent": a["extent"], "extent_type": "text"})
    return out


# ---------------------------------------------------------------- misc helpers
def assured(rng):
    days = rng.randint(1, 608)  # about 20 months
    d = END_DATE - dt.timedelta(days=days)
    mod = d + dt.timedelta(days=rng.randint(0, 20))
    if mod >= END_DATE:
        mod = END_DATE - dt.timedelta(days=1)
    return d.isoformat(), "%sT%02d:%02d:00Z" % (mod.isoformat(), rng.randint(8, 17), rng.choice([0, 15, 30, 45]))


def sched(key, byday, opens, closes, desc=None):
    s = {"id": uid("schedule", key), "freq": "WEEKLY", "interval": 1, "byday": byday,
         "opens_at": opens, "closes_at": closes}
    if desc:
        s["description"] = desc
    return s


def make_schedules(rng, key, style):
    """Return (schedules, sentence for the description)."""
    if style is None:
        return [], "Contact the service to check when it is open."
    if style == "247":
        return [sched(key + "/0", ",".join(DAYS), "00:00", "24:00", "Open 24 hours a day, 7 days a week.")], \
            "It is open 24 hours a day, every day."
    if style == "overnight":
        return [sched(key + "/0", ",".join(DAYS), "20:00", "08:00", "Open overnight, 8pm to 8am, every night.")], \
            "It runs overnight from 8pm to 8am, every night of the week."
    if style == "office":
        opt = rng.choice([("MO,TU,WE,TH,FR", "09:00", "17:00"), ("MO,TU,WE,TH,FR", "09:30", "16:30"),
                          ("MO,TU,WE,TH", "10:00", "16:00"), ("MO,WE,FR", "09:00", "13:00"),
                          ("TU,TH", "10:00", "15:00")])
        days = [DAY_NAMES[d] for d in opt[0].split(",")]
        txt = "It is open %s, %s to %s." % (
            "Monday to Friday" if opt[0] == "MO,TU,WE,TH,FR" else
            ("Monday to Thursday" if opt[0] == "MO,TU,WE,TH" else " and ".join([", ".join(days[:-1]), days[-1]])),
            opt[1], opt[2])
        return [sched(key + "/0", opt[0], opt[1], opt[2])], txt
    if style == "evening":
        d = rng.choice(["MO", "TU", "WE", "TH"])
        o = rng.choice(["18:00", "18:30", "19:00"])
        c = {"18:00": "20:00", "18:30": "20:30", "19:00": "21:00"}[o]
        return [sched(key + "/0", d, o, c)], "It runs on %s evenings, %s to %s." % (DAY_NAMES[d], o, c)
    if style == "weekend":
        d = rng.choice(["SA", "SU"])
        return [sched(key + "/0", d, "10:00", "13:00")], "Sessions run on %ss, 10:00 to 13:00." % DAY_NAMES[d]
    if style == "dropin":
        d1, d2 = sorted(rng.sample(DAYS[:5], 2), key=DAYS.index)
        o, c = rng.choice([("09:00", "12:00"), ("10:00", "14:00"), ("13:00", "16:00")])
        return [sched(key + "/0", "%s,%s" % (d1, d2), o, c)], \
            "Drop in on %ss and %ss, %s to %s. No appointment needed." % (DAY_NAMES[d1], DAY_NAMES[d2], o, c)
    # session: one weekly session, sometimes two
    d = rng.choice(DAYS[:6])
    o, c = rng.choice([("10:00", "12:00"), ("13:30", "15:30"), ("10:30", "12:30"), ("14:00", "16:00"), ("09:30", "11:30")])
    out = [sched(key + "/0", d, o, c)]
    txt = "Sessions run every %s, %s to %s." % (DAY_NAMES[d], o, c)
    if rng.random() < 0.2:
        d2 = rng.choice([x for x in DAYS[:5] if x != d])
        out.append(sched(key + "/1", d2, "18:00", "20:00"))
        txt = "Sessions run every %s, %s to %s, and on %s evenings, 18:00 to 20:00." % (DAY_NAMES[d], o, c, DAY_NAMES[d2])
    return out, txt


class Phones:
    def __init__(self):
        self.land = 0
        self.mob = 0

    def landline(self):
        self.land += 1
        assert self.land <= 999
        return "0116 496 %04d" % self.land

    def mobile(self):
        self.mob += 1
        assert self.mob <= 999
        return "07700 900%03d" % self.mob


def phone_obj(key, number, ptype="voice", desc=None, langs=None):
    p = {"id": uid("phone", key), "number": number, "type": ptype}
    if desc:
        p["description"] = desc
    if langs:
        p["languages"] = langs
    return p


def languages(service_key, names):
    out = []
    for n, code in names:
        out.append({"id": uid("language", "%s/%s" % (service_key, code)), "name": n, "code": code})
    return out


def cost(service_key, option, amount):
    return [{"id": uid("cost_option", service_key), "option": option, "amount": amount, "currency": "GBP",
             "amount_description": "£%.2f %s" % (amount, option.lower())}]


def order(s):
    """Stable key order for readability."""
    keys = ["id", "name", "alternate_name", "description", "url", "email", "status", "alert",
            "interpretation_services", "application_process", "fees_description", "wait_time",
            "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email",
            "last_modified", "organization", "phones", "schedules", "service_areas", "service_at_locations",
            "languages", "cost_options", "attributes"]
    out = {k: s[k] for k in keys if k in s}
    for k in s:
        if k not in out:
            out[k] = s[k]
    return out


# ---------------------------------------------------------------- builders
ORGS = {}


def org(key, name, description, website=None, email=None, extra=None):
    if key in ORGS:
        return ORGS[key]
    o = {"id": uid("organization", key), "name": name, "description": description}
    if website:
        o["website"] = website
    if email:
        o["email"] = email
    if extra:
        o.update(extra)
    ORGS[key] = o
    return o


def foodbanks(rng):
    src = json.load(open(os.path.join(SRC, "services", "llr_foodbanks_as_hsds3_services.json"), encoding="utf-8"))
    out = []
    for s in src:
        s = dict(s)
        s.pop("taxonomy_terms", None)
        key = "foodbank/" + s["id"]
        loc = s["service_at_locations"][0]["location"]
        pc = loc["addresses"][0]["postal_code"]
        district = POSTCODES[pc]["district_code"]
        d1, d2 = sorted(rng.sample(["MO", "TU", "WE", "TH", "FR"], 2), key=DAYS.index)
        o, c = rng.choice([("10:00", "12:00"), ("10:00", "13:00"), ("12:00", "14:00"), ("11:00", "13:30")])
        note = "Sample opening times only: check with the food bank before visiting."
        s["schedules"] = [sched(key + "/0", "%s,%s" % (d1, d2), o, c, note)]
        s["description"] = (s["description"] + " The food bank gives emergency food parcels to people in crisis, "
                            "and volunteers can signpost you to help with money, debt and benefits.")
        s["fees_description"] = "Free"
        s["cost_options"] = []
        s["eligibility_description"] = ("Anyone in crisis who cannot afford food. Most food banks ask for a referral "
                                        "(a voucher) from a local agency such as Citizens Advice, your GP or a support worker.")
        s["application_process"] = "Contact the food bank to check how to get a referral, then bring it to a session."
        s["assured_date"], s["last_modified"] = assured(rng)
        s["assurer_email"] = ASSURER
        s["service_areas"] = service_areas(key, [district])
        s["languages"] = languages(key, [("English", "en")])
        s["attributes"] = attributes(key, s["id"], ["food-and-essentials"], ["in_person"], [])
        out.append(order(s))
    return out


def national(rng):
    out = []
    for (k, name, orgname, subs, delivery, number, ptype, pdesc, url, code, is247, aud, desc) in C.NATIONAL:
        key = "national/" + k
        sid = uid("service", key)
        s = {"id": sid, "name": name, "description": desc, "status": "active"}
        if url:
            s["url"] = url
        s["organization"] = org("national/" + slugify(orgname), orgname, "National organisation: %s." % orgname,
                                website=url)
        s["phones"] = [phone_obj(key, number, ptype, pdesc)] if number else []
        s["schedules"] = ([sched(key + "/0", ",".join(DAYS), "00:00", "24:00", "Open 24 hours a day, 7 days a week.")]
                          if is247 else [])
        s["service_areas"] = service_areas(key, [code])
        s["service_at_locations"] = []
        if url:
            s["service_at_locations"] = [{
                "id": uid("service_at_location", key),
                "location": {"id": uid("location", key), "location_type": "virtual", "url": url, "name": name + " website"},
            }]
        s["fees_description"] = "Free"
        s["cost_options"] = []
        s["eligibility_description"] = "Available nationally." if aud is None else \
            "Available nationally. Mainly for %s." % TERMS[("signpost-audience", aud)]["label"].lower()
        s["application_process"] = ("Call the number to speak to someone." if ptype == "voice" else
                                    ("Send a text message." if ptype == "text" else "Visit the website."))
        s["languages"] = languages(key, [("English", "en")])
        s["assured_date"], s["last_modified"] = assured(rng)
        s["assurer_email"] = ASSURER
        s["attributes"] = attributes(key, sid, subs, delivery, [aud] if aud else [])
        out.append(order(s))
    return out


def llr_wide(rng, phones):
    out = []
    for (k, name, orgname, subs, delivery, style, mobile, desc, aud) in C.LLR_WIDE:
        key = "llr/" + k
        sid = uid("service", key)
        oslug = slugify(orgname)
        sslug = slugify(name)
        schedules, when = make_schedules(rng, key, style)
        s = {"id": sid, "name": name, "description": desc + " " + when, "status": "active",
             "url": "https://example.org/%s/%s" % (oslug, sslug), "email": "%s@example.org" % sslug[:40].strip("-"),
             "alert": ALERT}
        s["organization"] = org("llr/" + oslug, orgname,
                                "An invented LLR-wide partnership used as sample data.",
                                website="https://example.org/" + oslug, email="%s@example.org" % oslug[:40].strip("-"))
        s["phones"] = []
        if "phone" in delivery:
            num = phones.mobile() if mobile else phones.landline()
            s["phones"].append(phone_obj(key, num, "text" if mobile else "voice"))
        s["schedules"] = schedules
        s["service_areas"] = service_areas(key, [LLR_CODE])
        s["service_at_locations"] = []
        if "online" in delivery:
            s["service_at_locations"] = [{
                "id": uid("service_at_location", key),
                "location": {"id": uid("location", key), "location_type": "virtual", "url": s["url"],
                             "name": name + " (online)"},
            }]
        s["fees_description"] = "Free"
        s["cost_options"] = []
        if aud == "children-and-young-people":
            s["minimum_age"], s["maximum_age"] = (8, 18) if "carer" in k else (11, 25)
            s["eligibility_description"] = "Young people living in Leicester, Leicestershire or Rutland."
        elif aud == "older-people":
            s["minimum_age"] = 65
            s["eligibility_description"] = "People aged 65 and over living in Leicester, Leicestershire or Rutland."
        elif aud == "adults":
            s["minimum_age"] = 18
            s["eligibility_description"] = "Adults aged 18 and over living in Leicester, Leicestershire or Rutland."
        else:
            s["eligibility_description"] = "Anyone living in Leicester, Leicestershire or Rutland."
        s["application_process"] = "You can refer yourself. Professionals can also refer with your permission."
        langs = [("English", "en")]
        if rng.random() < 0.4:
            langs += rng.sample(C.LANGS, rng.randint(1, 2))
        s["languages"] = languages(key, langs)
        s["assured_date"], s["last_modified"] = assured(rng)
        s["assurer_email"] = ASSURER
        s["attributes"] = attributes(key, sid, subs, delivery, [aud] if aud else [])
        out.append(order(s))
    return out


def pick_weighted(rng, items):
    total = sum(i[3] for i in items)
    x = rng.uniform(0, total)
    for i in items:
        x -= i[3]
        if x <= 0:
            return i
    return items[-1]


SUB_ORDER = [ch["slug"] for area in TAX["needs"] for ch in area["children"]]


def local(rng, phones, used_names):
    out = []
    loc_cache = {}
    for di, (district, n) in enumerate(sorted(LOCAL_COUNTS.items())):
        places = PLACES[district]
        main = max(places, key=lambda p: p[3])
        # rotate the sub-need order per district, then repeat to length n
        order_ = SUB_ORDER[(di * 7) % len(SUB_ORDER):] + SUB_ORDER[:(di * 7) % len(SUB_ORDER)]
        seq = [order_[i % len(order_)] for i in range(n)]
        # per-place venue pools
        for idx, sub in enumerate(seq):
            T = C.SUBNEEDS[sub]
            place = main if T.get("main_town") else pick_weighted(rng, places)
            pname, town, wards, _ = place
            # name
            pats = list(T["names"])
            start = rng.randrange(len(pats))
            name = ov = None
            for j in range(len(pats)):
                pat = pats[(start + j) % len(pats)]
                pov = {}
                if isinstance(pat, tuple):
                    pat, pov = pat
                cand = pat.format(place=pname)
                if cand.lower() not in used_names:
                    name, ov, pidx = cand, pov, (start + j) % len(pats)
                    break
            if name is None:  # every pattern used in this place: qualify with the ward
                pat = pats[start]
                pov = {}
                if isinstance(pat, tuple):
                    pat, pov = pat
                ward = rng.choice(wards)
                name, ov, pidx = "%s (%s)" % (pat.format(place=pname), ward), pov, start
                if name.lower() in used_names:
                    name = "%s %d" % (name, idx)
            used_names.add(name.lower())
            key = "local/%s/%s" % (district, slugify(name))
            sid = uid("service", key)

            # organisation: some services share a local umbrella organisation
            r = rng.random()
            if r < 0.3:
                oname = rng.choice(["%s Community Action", "%s Community Trust", "%s Together",
                                    "Friends of %s"]) % pname
                oname = {"Friends of Leicester City Centre": "Leicester City Centre Together"}.get(oname, oname)
            else:
                oname = name
            oslug = slugify(oname)
            o = org("local/" + oslug, oname,
                    "An invented community organisation in %s, used as sample data." % pname,
                    website="https://example.org/" + oslug, email="hello.%s@example.org" % oslug[:34].strip("-"))

            # venue / location (venues are shared between services in the same place)
            vidx = rng.randrange(4)
            vkey = "%s/%s/%d" % (district, slugify(pname), vidx)
            if vkey not in loc_cache:
                vrng = random.Random(vkey)
                venue = vrng.choice(C.VENUES)
                pool = sorted((pc for w in wards for pc in BY_WARD[(district, w)]), key=lambda r_: r_["postcode"])
                pc = vrng.choice(pool)
                vname = "%s %s" % (pname, venue)
                acc = vrng.sample(C.ACCESSIBILITY, vrng.randint(0, 3))
                loc = {
                    "id": uid("location", vkey), "location_type": "physical", "name": vname,
                    "description": "Sample venue: invented name at a real postcode.",
                    "latitude": float(pc["lat"]), "longitude": float(pc["lon"]),
                    "addresses": [{
                        "id": uid("address", vkey), "address_1": "%s (sample venue)" % vname,
                        "city": town, "state_province": "Rutland" if district == "E06000017" else "Leicestershire",
                        "postal_code": pc["postcode"], "country": "GB", "address_type": "physical"}],
                    "accessibility": [{"id": uid("accessibility", "%s/%s" % (vkey, slugify(a[0]))),
                                       "description": a[0], "details": a[1]} for a in acc],
                }
                loc_cache[vkey] = loc
            loc = loc_cache[vkey]

            # audience
            aud_opts = T["aud"]
            if ov.get("aud"):
                aud_opts = ov["aud"]
            audience, amin, amax, elig, _w = rng.choices(aud_opts, weights=[a[4] for a in aud_opts])[0]
            # names that imply an audience
            lname = name.lower()
            if "young people" in lname or "young carers" in lname or "youth" in lname:
                audience, amin, amax, elig = C.A_YP[:4] if "young carers" not in lname else \
                    ("children-and-young-people", 8, 18, "Young carers aged 8 to 18.")
            elif "elders" in lname or "singing memories" in lname:
                audience, amin, amax, elig = C.A_OLD55[:4]
            elif "stay and play" in lname:
                audience, amin, amax, elig = (None, None, None, "Parents and carers with children under 5.")
            # delivery
            delivery = list(T["delivery"])
            style = ov.get("style", T["style"]) if "style" in ov else T["style"]
            if rng.random() < 0.1 and style not in ("overnight", "247"):
                style = None  # hours not known
            elif style in ("session", "dropin") and rng.random() < 0.1:
                style = "weekend"
            schedules, when = make_schedules(rng, key, style)

            dm = C.DMAP.get(sub)
            desc_t = T["desc"][rng.choice(dm[pidx])] if dm else rng.choice(T["desc"])
            extras = T.get("extra", [])
            desc = desc_t.format(place=pname, when=when)
            if rng.random() < 0.7 and extras:
                desc += " " + rng.choice(extras)
            if rng.random() < 0.35:
                desc += " " + rng.choice(C.GENERIC_EXTRA)
            desc = re.sub(r"\s+", " ", desc).strip()

            subs = [sub]
            if T.get("also") and rng.random() < 0.35:
                subs.append(rng.choice(T["also"]))

            sslug = slugify(name)
            s = {"id": sid, "name": name, "description": desc, "status": "active",
                 "url": "https://example.org/%s/%s" % (oslug, sslug) if oname != name else "https://example.org/" + sslug,
                 "email": "%s@example.org" % sslug[:40].strip("-"), "alert": ALERT}
            apply_ = T.get("apply", "self")
            s["application_process"] = {
                "self": "You can just turn up or contact us to refer yourself.",
                "referral": "You need a referral from a professional such as a GP, social prescriber, housing officer or support worker.",
                "both": "You can refer yourself, or a GP, social prescriber or support worker can refer you with your permission.",
            }[apply_]
            paid = T.get("paid")
            if paid and rng.random() < paid[0]:
                lo, hi = paid[2]
                amount = round(rng.uniform(lo, hi) * 2) / 2
                s["cost_options"] = cost(key, paid[1], amount)
                s["fees_description"] = "£%.2f %s." % (amount, paid[1].lower()) + \
                    (" Please ask if you cannot afford it." if rng.random() < 0.5 else "")
            else:
                s["cost_options"] = []
                s["fees_description"] = "Free"
            s["eligibility_description"] = elig + (" Living in or near %s." % pname if rng.random() < 0.5 else "")
            if amin is not None and rng.random() < 0.85:
                s["minimum_age"] = amin
            if amax is not None and "minimum_age" in s:
                s["maximum_age"] = amax
            s["assured_date"], s["last_modified"] = assured(rng)
            s["assurer_email"] = ASSURER
            s["organization"] = o
            ph = []
            if rng.random() < 0.93:
                num = phones.mobile() if rng.random() < 0.12 else phones.landline()
                ph.append(phone_obj(key, num, "voice"))
            s["phones"] = ph
            if ph and "phone" not in delivery and rng.random() < 0.15:
                delivery.append("phone")
            s["schedules"] = schedules
            s["service_areas"] = service_areas(key, [district])
            s["service_at_locations"] = [{"id": uid("service_at_location", key), "location": loc}]
            langs = [("English", "en")]
            if district == "E06000016" and rng.random() < 0.5:
                langs += rng.sample(C.LANGS[:6], rng.randint(1, 3))
            elif rng.random() < 0.15:
                langs += rng.sample(C.LANGS, 1)
            if "south asian" in lname:
                langs = [("English", "en"), ("Gujarati", "gu"), ("Punjabi", "pa"), ("Urdu", "ur")]
            elif "polish" in lname:
                langs = [("English", "en"), ("Polish", "pl")]
            elif "somali" in lname:
                langs = [("English", "en"), ("Somali", "so")]
            s["languages"] = languages(key, langs)
            if len(langs) > 1:
                s["interpretation_services"] = "Staff or volunteers speak %s." % ", ".join(l[0] for l in langs[1:])
            s["attributes"] = attributes(key, sid, subs, delivery, [audience] if audience else [])
            out.append(order(s))
    return out


# Audiences a record states in its own name or eligibility, added when its term is missing
# (nothing is guessed: "carers" in the name, "children under 5" in the eligibility).
STATED = [
    ("carers", lambda name, elig: "carer" in name),
    ("children-and-young-people", lambda name, elig: "children under" in elig),
]


def stated_audiences(services):
    for s in services:
        name, elig = s["name"].lower(), (s.get("eligibility_description") or "").lower()
        have = {a["taxonomy_term"]["code"] for a in s["attributes"]
                if a["taxonomy_term"].get("taxonomy") == "signpost-audience"}
        for slug, stated in STATED:
            if slug not in have and stated(name, elig):
                s["attributes"].append(attribute(s["id"], s["id"], "signpost-audience", slug))


def main():
    rng = random.Random(20261101)
    phones = Phones()
    services = []
    services += foodbanks(rng)
    services += national(rng)
    services += llr_wide(rng, phones)
    used = {s["name"].lower() for s in services}
    services += local(rng, phones, used)
    stated_audiences(services)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(services, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print("wrote", OUT, len(services), "services")


if __name__ == "__main__":
    main()
