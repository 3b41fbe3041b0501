#!/usr/bin/env python3
"""Builds seed-data/eval/relevance.json, the judged relevance set for `signpost eval`.

Each query is graded per service id (2 = what was asked for, 1 = partly or a reasonable
next step, 0 = not relevant; unlisted ids are 0) over the sample directory and the two
real council feeds in seed-data/eval/feeds/. The grading rules below were written after
reading the services: the sample directory is built from a few dozen templates repeated
across places, so a rule names the templates (by need and name) that answer a query; the
real feeds are graded by what their names and descriptions say. The output lists every
graded id explicitly, so the Rust side never sees these rules.

`part` is "development" (tuned on) or "second" (written after tuning; never tuned on).
Run: python3 seed-data/tools/build_eval.py [--show]
"""

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "directory" / "llr_sample_directory.json"
FEEDS = [
    ("B", ROOT / "eval" / "feeds" / "bristol_services_sample.json"),
    ("N", ROOT / "eval" / "feeds" / "north_lincolnshire_services_sample.json"),
]
OUT = ROOT / "eval" / "relevance.json"


def strip(text):
    text = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    return " ".join(text.split())


def load():
    records = []
    for s in json.load(open(SAMPLE)):
        codes = {a["taxonomy_term"]["code"] for a in s.get("attributes", [])}
        area = s["service_areas"][0]["name"] if s.get("service_areas") else ""
        records.append({
            "src": "S", "id": s["id"], "name": s["name"], "codes": codes, "area": area,
            "text": (s["name"] + " " + (s.get("description") or "")).lower(),
        })
    for src, path in FEEDS:
        for s in json.load(open(path)):
            org = (s.get("organization") or {}).get("name", "")
            aud = " ".join(a.get("audienceType", "") for a in s.get("pc_targetAudience", []))
            records.append({
                "src": src, "id": s["id"], "name": s["name"], "codes": set(), "area": "",
                "text": " ".join([s["name"], org, strip(s.get("description")), aud]).lower(),
                "lead": " ".join([s["name"], org, strip(s.get("description"))[:200]]).lower(),
            })
    return records


# ---- predicates ---------------------------------------------------------------------

def S(*needs, name=None, area=None, notname=None):
    """A sample service with all of `needs`, whose name matches `name` (regex), in `area`."""
    def pred(r):
        if r["src"] != "S" or not set(needs) <= r["codes"]:
            return False
        if name and not re.search(name, r["name"], re.I):
            return False
        if notname and re.search(notname, r["name"], re.I):
            return False
        if area and not re.search(area, r["area"] + " " + r["name"], re.I):
            return False
        return True
    return pred


def F(pattern, src="BN", field="text", notpat=None):
    """A feed service whose name (or text) matches `pattern`. A match only deep in a long
    description or in the audience list is "weak": such a service gets at most grade 1."""
    def pred(r):
        if r["src"] not in src:
            return False
        hay = r["name"].lower() if field == "name" else r["text"]
        if not re.search(pattern, hay, re.I) or (notpat and re.search(notpat, hay, re.I)):
            return False
        if field == "name" or re.search(pattern, r["lead"], re.I):
            return "strong"
        return "weak"
    return pred


def ids(*prefixes):
    """Named services, by id prefix (for services a rule cannot describe)."""
    def pred(r):
        return any(r["id"].startswith(p) for p in prefixes)
    return pred


# ---- topics: the services that answer a need, reused by many wordings ----------------

DEBT_NAMES = r"debt|money advice|stepchange|debtline|moneyhelper|money matters|citizens advice"
T = {
    "debt": [(2, S("debt", name=DEBT_NAMES)), (1, S("debt")), (1, S("budgeting")),
             (2, F(r"debt advice", field="name")), (1, F(r"\bdebts?\b", notpat=r"debt advice foundation"))],
    "benefits": [(2, S("benefits")), (1, S("money", name=r"money advice line|adviceline|turn2us")),
                 (1, F(r"welfare benefit|benefits advice|universal credit|benefit check"))],
    "budgeting": [(2, S("budgeting")), (1, S("debt")), (1, F(r"budget"))],
    "energy": [(2, S("budgeting", name=r"energy|warm homes")), (1, S("budgeting")),
               (1, F(r"energy bill|utility bill|fuel"))],
    "food": [(2, S("food-and-essentials", name=r"food bank|pantry|larder|fridge|food referral")),
             (1, S("food-and-essentials")),
             (2, F(r"food bank|foodbank|food club|food pantry|community fridge|food provision", field="name")),
             (1, F(r"food ?bank|food parcel|community fridge|food club|pantry|free food"))],
    "warm": [(2, S("food-and-essentials", name=r"warm space")), (1, S("budgeting", name=r"warm|energy")),
             (2, F(r"warm space|warm welcome|welcom\w* space|community warm", field="name")),
             (1, F(r"warm space"))],
    "work": [(2, S("work-and-skills", name=r"work|job|cv|career")), (1, S("work-and-skills")),
             (2, F(r"employment|job|work club|into work", field="name")),
             (1, F(r"unemployed|find(ing)? work|employment support|job search"))],
    "homeless": [(2, S("homelessness")), (1, S("housing", name=r"settle in|starter|housing options|housing advice")),
                 (1, S("housing", name=r"shelter")),
                 (2, F(r"homeless")), (1, F(r"rough sleep|hostel"))],
    "housing_advice": [(2, S("housing-advice")), (1, S("tenancy-support")), (1, S("homelessness", name=r"shelter emergency")),
                       (1, F(r"housing advice|tenancy|landlord"))],
    "eviction": [(2, S("housing-advice", name=r"housing|renters|shelter")), (1, S("tenancy-support")),
                 (1, S("housing-advice")), (1, F(r"evict"))],
    "supported_housing": [(2, S("supported-housing")), (1, S("tenancy-support")),
                          (2, F(r"supported (housing|living|accommodation)"))],
    "befriending": [(2, S("befriending")), (1, S("social-groups")), (1, S("loneliness", name=r"silver line")),
                    (2, F(r"befriend")), (1, F(r"lonel|isolat|friendship"))],
    "lonely": [(2, S("befriending")), (2, S("social-groups")), (1, S("peer-support")),
               (1, S("loneliness")),
               (2, F(r"lonel|isolat|befriend")), (1, F(r"friendship|coffee morning|social group|lunch club"))],
    "carers": [(2, S("carers-support")), (2, F(r"\bcarers?\b", field="name")),
               (2, F(r"carer peer support|carers' support|support for (unpaid )?carers|for carers")),
               (1, F(r"\bcarers\b"))],
    "young_carers": [(2, S("carers-support", name=r"young carers")), (1, S("carers-support")),
                     (2, F(r"young carer"))],
    "peer": [(2, S("peer-support")), (1, F(r"peer support"))],
    "alcohol": [(2, S("alcohol")), (1, S("drugs", name=r"harm reduction|substance|recovery|narcotics|frank")),
                (2, F(r"alcohol|drinking|\baa\b")), (1, F(r"recovery from|substance|addiction"))],
    "drugs": [(2, S("drugs")), (1, S("alcohol", name=r"recovery cafe")),
              (2, F(r"\bdrugs?\b|substance misuse|addiction"))],
    "gambling": [(2, S("gambling")), (2, F(r"gambl"))],
    "smoking": [(2, S("smoking"))],
    "domestic_abuse": [(2, S("domestic-abuse")), (2, F(r"domestic (abuse|violence)"))],
    "bereavement": [(2, S("bereavement")), (2, F(r"bereave|grief|griev"))],
    "parenting": [(2, S("family-support", name=r"parent|dads|teen talk|stay and play|family hub|parent talk|gingerbread")),
                  (1, S("family-support")),
                  (2, F(r"parenting|for parents|parents group|dads", field="name")), (1, F(r"parenting"))],
    "relationship": [(2, S("relationship-support")), (1, S("family-support", name=r"mediation")),
                     (1, F(r"relationship"))],
    "wellbeing": [(2, S("wellbeing")), (1, S("peer-support")),
                  (2, F(r"mental health|wellbeing")), (1, F(r"anxiety|depress|low mood|stress"))],
    "counselling": [(2, S("wellbeing", name=r"counselling")), (2, S("relationship-support", name=r"counselling|relate")),
                    (1, S("relationship-support")), (1, S("wellbeing", name=r"talking space|wellbeing cafe|mind infoline|samaritans|calm")),
                    (2, F(r"counsell")), (1, F(r"therap"))],
    "walking": [(2, S("physical-activity", name=r"walk")), (1, S("physical-activity")),
                (2, F(r"walk(ing)? (group|for health)|health walk|wellbeing walk|walk and talk", field="name")),
                (1, F(r"\bwalks?\b|walking football|walking netball|walking cricket|walking basketball", field="name"))],
    "exercise": [(2, S("physical-activity")), (1, S("weight-management")),
                 (2, F(r"exercise|fitness|circuits|pilates|yoga|tai chi|strength and balance|gym", field="name")),
                 (1, F(r"exercise|fitness|physical activity"))],
    "weight": [(2, S("weight-management")), (1, S("healthy-eating")), (2, F(r"weight loss|lose weight|weight management"))],
    "cooking": [(2, S("healthy-eating")), (1, S("food-and-essentials", name=r"kitchen")),
                (2, F(r"cooking|cook and eat|healthy eating", field="name")), (1, F(r"cooking|healthy eating"))],
    "volunteering": [(2, S("volunteering")), (2, F(r"volunteer(ing)? (opportunit|centre|with us)|become a (volunteer|litter)|volunteering", field="text", notpat=r"^$")),],
    "learning": [(2, S("learning")), (2, F(r"adult (education|learning)|courses for adults|learning courses")),
                 (1, F(r"esol|digital"))],
    "english": [(2, S("learning", name=r"english|conversation")), (1, S("learning", name=r"adult learning|learn online")),
                (2, F(r"\besol\b|english for speakers|learning (to speak )?english"))],
    "digital": [(2, S("learning", name=r"digital")), (1, S("learning", name=r"learn online|adult learning")),
                (2, F(r"digital|computer|laptop|tablet|smartphone", field="name")), (1, F(r"computer|digital skills|getting online"))],
    "art": [(2, S("arts-and-creativity", name=r"art|craft|knit")), (1, S("arts-and-creativity")),
            (2, F(r"\bart\b|arts and crafts|craft|painting", field="name")), (1, F(r"art group|art club|painting|craft"))],
    "singing": [(2, S("arts-and-creativity", name=r"choir|singing")), (1, S("arts-and-creativity", name=r"drama")),
                (2, F(r"choir|singing|sing ", field="name")), (1, F(r"\bchoir\b|singing"))],
    "gardening": [(2, S("gardening-and-outdoors")), (1, S("volunteering", name=r"nature|conservation")),
                  (2, F(r"garden|allotment|growing", field="name")), (1, F(r"gardening|allotment|green gym"))],
    "faith": [(2, S("faith-and-culture")), (1, F(r"church|mosque|gurdwara|masjid|faith", field="name"))],
    "mens_shed": [(2, S("social-groups", name=r"men's shed")), (1, S("social-groups")), (1, F(r"\bmen'?s\b|andy'?s ?man", field="name"))],
    "dementia": [(2, S("arts-and-creativity", name=r"singing memories")), (2, F(r"dementia|alzheimer")),
                 (1, S("carers-support"))],
    "autism": [(2, F(r"autis|asd\b|asperger|neuro-?divergent")), (1, S("learning-disabilities", name=r"learning disability"))],
    "learning_disability": [(2, S("learning-disabilities")), (2, F(r"learning disab")), (1, F(r"autis|special educational"))],
    "older": [(2, S("older-people")), (2, F(r"older people|over 50|over 55|over 60|later life|elderly|active ageing|age uk|50\+|pensioner"))],
    "young_people": [(2, S("children-and-young-people")), (2, F(r"young people|teenage|youth|aged 1[1-9]|16 to 25|16-25"))],
    "cancer": [(2, F(r"cancer|macmillan"))],
    "brain_injury": [(2, F(r"brain injur|headway|stroke"))],
    "veterans": [(2, F(r"veteran|armed forces|ex-service"))],
    "refugees": [(2, F(r"refugee|asylum|migrant")), (1, F(r"\besol\b")), (1, S("learning", name=r"english conversation"))],
    "breastfeeding": [(2, F(r"breastfeed|baby feeding|infant feeding")), (1, F(r"antenatal"))],
    "baby": [(2, S("family-support", name=r"stay and play|family hub")), (2, S("food-and-essentials", name=r"baby bank")),
             (2, F(r"\bbab(y|ies)\b|toddler|antenatal", field="name")), (1, F(r"\bbab(y|ies)\b|toddler"))],
    "crisis_line": [(2, ids("9c45bb6a", "64d444b8", "ab38790f", "92476b18", "f2c65932")),
                    (1, ids("81784259", "b3035e2a")), (1, S("wellbeing", name=r"talking space|wellbeing cafe"))],
    "mental_health": [(2, S("wellbeing")), (2, S("peer-support", name=r"mental health|peer support forum")),
                      (1, S("peer-support")),
                      (2, F(r"mental health")), (1, F(r"anxiety|depress|wellbeing"))],
    "anxiety": [(2, S("wellbeing", name=r"talking space|counselling|mindfulness|wellbeing cafe|peer group|youth wellbeing|mind")),
                (1, S("wellbeing")), (1, S("peer-support")),
                (2, F(r"anxi")), (1, F(r"mental health|stress|low mood"))],
    "transport": [(2, S("volunteering", name=r"volunteer drivers")), (1, S("befriending", name=r"good neighbours")),
                  (2, F(r"transport|dial-a-ride|community bus"))],
    "mobility": [(2, F(r"mobility aid|wheelchair|homecare aids|access able|accessible transport"))],
    "homecare": [(2, F(r"home ?care|domiciliary|care at home|personal care")), (1, F(r"care directory|supported living"))],
    "eating_disorder": [(2, F(r"eating disorder|anorexi|bulimi"))],
}


def topic(*names, boost_area=None, only_area=None):
    """The rules of one or more topics; with `boost_area`, the topic's grade-2 services in
    that place stay 2 and the rest drop to 1 (someone named a place)."""
    rules = []
    for n in names:
        rules.extend(T[n])
    if boost_area:
        local = []
        for g, p in rules:
            local.append((g, (lambda p: lambda r: p(r) if re.search(boost_area, r["area"] + " " + r["name"] + " " + r["text"], re.I) else False)(p)))
            local.append((min(g, 1), p))
        rules = local
    return rules


Q = []


def q(kind, text, rules, part="development", location=None, note=None):
    Q.append({"kind": kind, "text": text, "rules": rules, "part": part, "location": location, "note": note})


NONE = []

# ---- development part -----------------------------------------------------------------
# need words
q("need-words", "debt advice", topic("debt"))
q("need-words", "help with debt", topic("debt"))
q("need-words", "benefits advice", topic("benefits"))
q("need-words", "universal credit", topic("benefits"))
q("need-words", "food bank", topic("food"))
q("need-words", "homeless", topic("homeless"))
q("need-words", "housing advice", topic("housing_advice"))
q("need-words", "befriending", topic("befriending"))
q("need-words", "loneliness", topic("lonely"))
q("need-words", "alcohol support", topic("alcohol"))
q("need-words", "gambling", topic("gambling"))
q("need-words", "stop smoking", topic("smoking"))
q("need-words", "domestic abuse", topic("domestic_abuse"))
q("need-words", "bereavement support", topic("bereavement"))
q("need-words", "parenting support", topic("parenting"))
q("need-words", "counselling", topic("counselling"))
q("need-words", "walking group", topic("walking"))
q("need-words", "weight loss", topic("weight"))
q("need-words", "volunteering", topic("volunteering"))
q("need-words", "community garden", topic("gardening"))
q("need-words", "budgeting help", topic("budgeting"))
q("need-words", "job club", topic("work"))
q("need-words", "mental health support", topic("mental_health"))
q("need-words", "drug addiction help", topic("drugs"))
q("need-words", "supported housing", topic("supported_housing"))
q("need-words", "energy bills", topic("energy"))
q("need-words", "healthy eating", topic("cooking"))
q("need-words", "art group", topic("art"))
# sentences
q("sentence", "I can't pay my bills and I'm worried about money", topic("debt", "budgeting", "benefits"))
q("sentence", "I need help with my universal credit claim", topic("benefits"))
q("sentence", "where can I get a food parcel", topic("food"))
q("sentence", "I have been told I will be evicted from my flat", topic("eviction"))
q("sentence", "my landlord wants me out", topic("eviction"))
q("sentence", "I have nowhere to sleep tonight", topic("homeless"))
q("sentence", "I feel lonely and have nobody to talk to", topic("lonely"))
q("sentence", "my husband drinks too much and I need support", [(2, S("alcohol", name=r"family support")), (2, F(r"al-anon|affected by someone else'?s drinking"))] + topic("alcohol"))
q("sentence", "I want to stop gambling", topic("gambling"))
q("sentence", "I want to give up smoking", topic("smoking"))
q("sentence", "my partner hits me", topic("domestic_abuse"))
q("sentence", "my mum died and I am struggling to cope", topic("bereavement"))
q("sentence", "I look after my dad who has dementia", topic("carers", "dementia"))
q("sentence", "I want to meet new people", topic("lonely"))
q("sentence", "I need to find a job", topic("work"))
q("sentence", "I want to lose weight and get fitter", topic("weight", "exercise"))
q("sentence", "how do I get help with my energy bill", topic("energy"))
q("sentence", "I'm struggling with my teenager's behaviour", [(2, S("family-support", name=r"teen talk|parent talk|parenting"))] + topic("parenting"))
q("sentence", "we keep arguing and might split up", topic("relationship"))
q("sentence", "I want to learn to speak English", topic("english"))
q("sentence", "can someone help me use a computer", topic("digital"))
q("sentence", "I would like to do some volunteering", topic("volunteering"))
q("sentence", "I feel anxious all the time", topic("anxiety"))
q("sentence", "someone to visit my elderly mum at home", [(2, S("befriending", name=r"befriending|good neighbours"))] + topic("befriending"))
q("sentence", "I am worried about my son taking drugs", [(2, S("drugs", name=r"young people"))] + topic("drugs"))
# typos
q("typo", "councelling", topic("counselling"))
q("typo", "benifits advise", topic("benefits"))
q("typo", "befrending", topic("befriending"))
q("typo", "bereavment", topic("bereavement"))
q("typo", "gamblng help", topic("gambling"))
q("typo", "homless", topic("homeless"))
q("typo", "alchohol", topic("alcohol"))
q("typo", "foodbank", topic("food"))
q("typo", "volunterring", topic("volunteering"))
q("typo", "domestic abuce", topic("domestic_abuse"))
q("typo", "universel credit", topic("benefits"))
q("typo", "loneliness and isolaton", topic("lonely"))
q("typo", "dementa support", topic("dementia"))
q("typo", "parenting cource", topic("parenting"))
# slang
q("slang", "skint", topic("debt", "benefits", "budgeting"))
q("slang", "broke and hungry", topic("food", "debt"))
q("slang", "on the booze too much", topic("alcohol"))
q("slang", "sofa surfing", topic("homeless"))
q("slang", "sleeping rough", topic("homeless"))
q("slang", "bailiffs at the door", topic("debt"))
q("slang", "fags", topic("smoking"))
q("slang", "on the bet too much", topic("gambling"))
q("slang", "cost of living", topic("debt", "benefits", "budgeting", "food", "warm"))
q("slang", "down in the dumps", topic("wellbeing"))
q("slang", "kicked out", topic("homeless", "eviction"))
q("slang", "vaping", topic("smoking"))
# places
q("place", "food bank coalville", topic("food", boost_area=r"coalville|north west leicestershire"))
q("place", "debt advice loughborough", topic("debt", boost_area=r"loughborough|charnwood"))
q("place", "walking group hinckley", topic("walking", boost_area=r"hinckley"))
q("place", "homeless help in leicester", topic("homeless", boost_area=r"leicester city|^leicester"))
q("place", "mens shed melton", topic("mens_shed", boost_area=r"melton"))
q("place", "carers group oadby", topic("carers", boost_area=r"oadby"))
q("place", "bereavement cafe wigston", topic("bereavement", boost_area=r"wigston"))
q("place", "dementia cafe brigg", [(2, F(r"dementia cafe - brigg", field="name"))] + [(1, p) for _, p in topic("dementia")])
q("place", "breastfeeding group barton", [(2, F(r"barton breastfeeding", field="name"))] + [(1, p) for _, p in topic("breastfeeding")])
q("place", "warm space yate", topic("warm", boost_area=r"yate"))
q("place", "help with debt", topic("debt"), location="Belgrave")
q("place", "food bank", topic("food"), location="Oakham")
q("place", "counselling", topic("counselling"), location="Coalville")
# audience and condition words
q("audience", "support for carers", topic("carers"))
q("audience", "young carers", topic("young_carers"))
q("audience", "activities for older people", [(2, p) for _, p in topic("older")] + [(1, S("social-groups"))])
q("audience", "learning disability", topic("learning_disability"))
q("audience", "youth mental health", [(2, S("wellbeing", "children-and-young-people")), (2, ids("81784259", "c5d59cf7", "d42a0604")),
                                     (1, S("wellbeing")), (2, F(r"young people.*mental health|mental health.*young people"))])
q("audience", "help for young people who are homeless", [(2, S("supported-housing", name=r"young people")), (2, F(r"young people.*homeless|homeless.*young people"))] + [(1, p) for _, p in topic("homeless")])
q("audience", "carers break", [(2, S("carers-support", name=r"break"))] + [(1, p) for _, p in topic("carers")])
q("audience", "older people lonely", [(2, S("befriending", "older-people")), (2, S("social-groups", "older-people")), (2, ids("1db3d2f7"))] + [(1, p) for _, p in topic("lonely")])
q("audience", "dads group", [(2, S("family-support", name=r"dads")), (2, F(r"\bdads?\b", field="name"))])
q("audience", "support for veterans", topic("veterans"))
q("audience", "refugees and asylum seekers", topic("refugees"))
q("audience", "autism support for adults", topic("autism"))
q("condition", "dementia", topic("dementia"))
q("condition", "living with cancer", topic("cancer"))
q("condition", "brain injury", topic("brain_injury"))
q("condition", "parkinsons", [(2, F(r"parkinson"))])
q("condition", "eating disorder", topic("eating_disorder"))
q("condition", "depression", topic("mental_health"))
q("condition", "anxiety group", topic("anxiety"))
q("condition", "fibromyalgia", [(2, F(r"fibromyalgia")), (1, F(r"chronic pain|long term health"))])
# service names
q("service-name", "samaritans", [(2, ids("9c45bb6a"))])
q("service-name", "stepchange", [(2, ids("c0dd88b3"))])
q("service-name", "alcoholics anonymous", [(2, ids("009063d6")), (2, F(r"alcoholics anonymous|\baa meeting", field="name"))])
q("service-name", "age uk", [(2, ids("17d92065", "1db3d2f7")), (2, F(r"age uk", field="name")), (1, F(r"age uk"))])
q("service-name", "citizens advice", [(2, ids("07e18cb1")), (2, F(r"citizens advice"))])
q("service-name", "mens shed", topic("mens_shed"))
q("service-name", "andys man club", [(2, F(r"andy'?s ?man ?club"))])
q("service-name", "talk to frank", [(2, ids("d50a74e1"))])
q("service-name", "childline", [(2, ids("c5d59cf7"))])
q("service-name", "the silver line", [(2, ids("1db3d2f7"))])
q("service-name", "mencap", [(2, ids("8c294ccc"))])
q("service-name", "parkrun", [(2, F(r"parkrun"))])
# nothing about these in any corpus: the right answer is no results
q("no-match", "passport renewal", NONE)
q("no-match", "help with my car insurance", NONE)
q("no-match", "dog grooming", NONE)
q("no-match", "I need a solicitor for my divorce", NONE)
q("no-match", "plumber", NONE)
q("no-match", "wedding venue", NONE)
q("no-match", "cheap flights", NONE)
q("no-match", "I need a mortgage", NONE)
q("no-match", "tattoo removal", NONE)
q("no-match", "fix my iphone screen", NONE)
q("no-match", "driving lessons", NONE)
q("no-match", "can someone help me with my tax return", NONE)

# ---- second part (written after tuning; never tuned on) ---------------------------------
q("need-words", "money advice", topic("debt", "budgeting"), part="second")
q("need-words", "carers support", topic("carers"), part="second")
q("need-words", "drug support", topic("drugs"), part="second")
q("need-words", "peer support group", topic("peer"), part="second")
q("sentence", "I owe money on my credit cards and cannot keep up", topic("debt"), part="second")
q("sentence", "we have no food in the house", topic("food"), part="second")
q("sentence", "I care for my wife and need a break", [(2, S("carers-support", name=r"break"))] + topic("carers"), part="second")
q("sentence", "I would like to join a choir", topic("singing"), part="second")
q("sentence", "my benefits have been stopped", topic("benefits"), part="second")
q("sentence", "help me find somewhere to live", topic("homeless", "housing_advice"), part="second")
q("typo", "counseling", topic("counselling"), part="second")
q("typo", "bereavemnt group", topic("bereavement"), part="second")
q("typo", "alcohal help", topic("alcohol"), part="second")
q("typo", "voluntering", topic("volunteering"), part="second")
q("slang", "hard up", topic("debt", "benefits", "budgeting"), part="second")
q("slang", "drinking problem", topic("alcohol"), part="second")
q("slang", "no money for food", topic("food", "debt"), part="second")
q("place", "food bank scunthorpe", [(2, F(r"foodbank|food bank", src="N"))] + [(1, p) for _, p in topic("food")], part="second")
q("place", "gambling support wigston", topic("gambling", boost_area=r"wigston"), part="second")
q("place", "debt advice", topic("debt"), location="Hinckley", part="second")
q("audience", "older people befriending", [(2, S("befriending", "older-people")), (2, ids("1db3d2f7"))] + [(1, p) for _, p in topic("befriending")], part="second")
q("audience", "young people drugs", [(2, S("drugs", name=r"young people")), (2, F(r"young people.*drug|drug.*young people"))] + [(1, p) for _, p in topic("drugs")], part="second")
q("audience", "learning disabilities day centre", [(2, F(r"day (centre|service).*learning disab|learning disab.*day (centre|service)"))] + [(1, p) for _, p in topic("learning_disability")], part="second")
q("condition", "alzheimers", topic("dementia"), part="second")
q("condition", "autism", topic("autism"), part="second")
q("service-name", "national debtline", [(2, ids("9bb2c24d")), (1, ids("c0dd88b3"))], part="second")
q("service-name", "gamblers anonymous", [(2, ids("bb14f901")), (1, S("gambling"))], part="second")
q("no-match", "buy a second hand sofa", NONE, part="second")
q("no-match", "pet insurance", NONE, part="second")
q("no-match", "need a taxi to the airport", NONE, part="second")
q("no-match", "my boiler is broken", NONE, part="second")


def main():
    records = load()
    show = "--show" in sys.argv
    out = []
    for n, query in enumerate(Q, start=1):
        grades = {}
        for g, pred in query["rules"]:
            for r in records:
                found = pred(r)
                if found:
                    g_here = min(g, 1) if found == "weak" else g
                    grades[r["id"]] = max(grades.get(r["id"], 0), g_here)
        grades = {k: v for k, v in sorted(grades.items()) if v > 0}
        if query["kind"] != "no-match" and not grades:
            raise SystemExit(f"query {query['text']!r} has nothing relevant: fix its rules")
        entry = {"id": f"q{n:03d}", "part": query["part"], "kind": query["kind"], "text": query["text"]}
        if query["location"]:
            entry["location"] = query["location"]
        entry["grades"] = grades
        out.append(entry)
        if show:
            by_id = {r["id"]: r for r in records}
            twos = sorted(by_id[i]["src"] + ":" + by_id[i]["name"] for i, g in grades.items() if g == 2)
            ones = len([g for g in grades.values() if g == 1])
            print(f"{entry['id']} [{query['kind']}] {query['text']!r}: {len(twos)} x2, {ones} x1")
            for name in twos[:40]:
                print("     ", name)
    doc = {
        "about": "Judged relevance set for `signpost eval` (see seed-data/tools/build_eval.py). "
                 "Grades: 2 what was asked for, 1 partly relevant, unlisted 0. Corpora: the sample "
                 "directory and the two real council feeds in seed-data/eval/feeds/.",
        "feeds": [str(p.relative_to(ROOT)) for _, p in FEEDS],
        "queries": out,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n")
    print(f"wrote {len(out)} queries to {OUT.relative_to(ROOT.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
