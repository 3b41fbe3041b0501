#!/usr/bin/env python3
"""Write seed-data/taxonomy.json (needs, audiences, delivery).

Slugs are a contract with the server and tests: do not rename them.
Every entry gets id = uuid5(NAMESPACE_URL, "https://signpost.example.org/taxonomy/<slug>").
Deterministic. Usage: python3 seed-data/tools/build_taxonomy.py
"""
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "taxonomy.json")


def tid(slug):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://signpost.example.org/taxonomy/" + slug))


# (slug, label, description, keywords, children)
NEEDS = [
    ("money", "Money, benefits and debt",
     "Help if you are worried about money, benefits, debt or paying for food and bills.",
     ["money worries", "skint", "broke", "cost of living", "hardship"],
     [
         ("benefits", "Benefits", "Help to check and claim benefits like Universal Credit, PIP or Pension Credit.",
          ["universal credit", "uc", "pip", "esa", "pension credit", "attendance allowance", "council tax reduction", "benefit check"]),
         ("debt", "Debt advice", "Free advice if you owe money or cannot keep up with payments.",
          ["debt", "arrears", "bailiffs", "loans", "credit cards", "owe money", "iva", "bankruptcy"]),
         ("budgeting", "Budgeting and bills", "Help to plan your money and deal with bills like energy, water and rent.",
          ["budget", "bills", "energy bills", "gas and electric", "fuel poverty", "money management"]),
         ("food-and-essentials", "Food banks and essentials", "Food parcels, community pantries and help with things you need every day.",
          ["food bank", "foodbank", "food parcel", "pantry", "toiletries", "baby items", "clothes", "warm space"]),
         ("work-and-skills", "Work and skills", "Help to find a job, write a CV or learn new skills for work.",
          ["job", "jobs", "employment", "cv", "job club", "training", "apprenticeship", "interview"]),
     ]),
    ("housing", "Housing and homelessness",
     "Help if you have nowhere safe to stay or have problems with your home.",
     ["home", "housing", "homeless", "landlord"],
     [
         ("homelessness", "Homelessness", "Help if you are homeless, sleeping rough or about to lose your home.",
          ["homeless", "rough sleeping", "sofa surfing", "night shelter", "no fixed abode", "street"]),
         ("housing-advice", "Housing advice", "Advice about renting, repairs, eviction and your rights at home.",
          ["eviction", "evicted", "section 21", "repairs", "damp", "mould", "landlord", "council housing", "housing register"]),
         ("tenancy-support", "Help to keep your home", "Support to settle in, pay rent and keep your tenancy going.",
          ["tenancy", "rent arrears", "tenancy sustainment", "moving in", "setting up home"]),
         ("supported-housing", "Supported housing", "Places to live where you also get support from staff.",
          ["hostel", "supported accommodation", "sheltered housing", "extra care", "refuge"]),
     ]),
    ("loneliness", "Loneliness and isolation",
     "Ways to meet people, make friends and feel less alone.",
     ["lonely", "alone", "isolated", "no friends", "isolation"],
     [
         ("befriending", "Befriending", "A friendly volunteer who visits or phones you for a chat.",
          ["befriender", "befriending", "phone friend", "friendly call", "home visit", "telephone befriending"]),
         ("social-groups", "Social groups and clubs", "Clubs, lunch clubs and groups where you can meet other people.",
          ["lunch club", "coffee morning", "social club", "mens shed", "men's shed", "friendship group", "meet people"]),
         ("peer-support", "Peer support", "Groups run by people who have been through the same things as you.",
          ["support group", "peer support", "mutual aid", "lived experience"]),
         ("carers-support", "Support for carers", "Help and a break for people who look after a family member or friend.",
          ["carer", "carers", "caring", "young carer", "respite", "carers break", "carers assessment"]),
     ]),
    ("addiction", "Alcohol, drugs and gambling",
     "Help to cut down or stop drinking, using drugs, gambling or smoking.",
     ["addiction", "recovery", "substance misuse", "dependency"],
     [
         ("alcohol", "Alcohol", "Support if you or someone you know is drinking too much.",
          ["drink", "drinking", "booze", "alcoholic", "alcohol recovery", "detox"]),
         ("drugs", "Drugs", "Support to cut down or stop using drugs, and to stay safe.",
          ["cannabis", "weed", "spice", "heroin", "cocaine", "crack", "ketamine", "substance", "needle exchange"]),
         ("gambling", "Gambling", "Help if gambling or betting is causing problems for you or your family.",
          ["betting", "bookies", "slots", "online casino", "scratch cards", "gambling harm"]),
         ("smoking", "Smoking and vaping", "Free help to stop smoking or vaping.",
          ["stop smoking", "quit smoking", "vaping", "vapes", "cigarettes", "nicotine", "tobacco"]),
     ]),
    ("relationships", "Relationships and family",
     "Help with family life, relationships, abuse and losing someone.",
     ["family", "relationship", "parenting"],
     [
         ("domestic-abuse", "Domestic abuse", "Safe, private help if someone close to you hurts, scares or controls you.",
          ["domestic violence", "dv", "abuse", "coercive control", "refuge", "abusive partner"]),
         ("family-support", "Family support", "Help for parents and families, from babies to teenagers.",
          ["parenting", "parents", "single parent", "toddler group", "family hub", "children"]),
         ("bereavement", "Bereavement", "Support when someone you love has died.",
          ["grief", "loss", "bereaved", "death", "widow", "widower", "funeral"]),
         ("relationship-support", "Relationship support", "Help when things are hard with a partner or family member.",
          ["couples counselling", "separation", "divorce", "arguments", "family mediation"]),
     ]),
    ("healthy-lifestyles", "Healthy lifestyles",
     "Ways to get more active, eat well and look after your mind and body.",
     ["health", "healthy", "lifestyle"],
     [
         ("physical-activity", "Getting active", "Walks, exercise classes and sport for all ages and abilities.",
          ["exercise", "fitness", "gym", "walking", "walking group", "football", "swimming", "chair exercise", "yoga"]),
         ("healthy-eating", "Healthy eating", "Learn to cook and eat well on a budget.",
          ["cooking", "cook and eat", "nutrition", "diet", "recipes"]),
         ("weight-management", "Weight management", "Friendly help to lose weight and keep it off.",
          ["weight", "weight loss", "slimming", "diet", "obesity", "overweight"]),
         ("wellbeing", "Mental wellbeing", "Support for your mood, stress and mental health.",
          ["mental health", "wellbeing", "stress", "anxiety", "depression", "low mood", "counselling", "talking therapy", "mindfulness"]),
     ]),
    ("community", "Community activity",
     "Things to do in your area, from volunteering to art, learning and faith groups.",
     ["community", "activities", "things to do", "local groups"],
     [
         ("volunteering", "Volunteering", "Give your time to help others and gain skills and confidence.",
          ["volunteer", "volunteers", "give back", "community action"]),
         ("arts-and-creativity", "Arts and creativity", "Art, music, crafts, singing and drama groups.",
          ["art", "arts", "craft", "crafts", "music", "singing", "choir", "drama", "knitting", "painting"]),
         ("learning", "Learning", "Classes to learn English, computers, reading, maths and more.",
          ["classes", "courses", "esol", "english classes", "digital skills", "computer", "adult learning", "library"]),
         ("gardening-and-outdoors", "Gardening and outdoors", "Community gardens, allotments and nature groups.",
          ["gardening", "allotment", "community garden", "nature", "green space", "conservation"]),
         ("faith-and-culture", "Faith and culture", "Groups linked to faith, culture and community heritage.",
          ["faith", "church", "mosque", "temple", "gurdwara", "cultural", "heritage", "community centre"]),
     ]),
]

AUDIENCES = [
    ("children-and-young-people", "Children and young people (CAMHS)",
     "Services for children, teenagers and young adults up to 25.",
     ["children", "young people", "kids", "teenagers", "youth", "camhs", "students"]),
    ("adults", "Adults", "Services for adults aged 18 and over.", ["adult", "grown ups", "18+"]),
    ("older-people", "Older people", "Services for older people, usually aged 55 or 65 and over.",
     ["elderly", "pensioners", "seniors", "over 60s", "over 65s", "later life"]),
    ("learning-disabilities", "People with a learning disability",
     "Services for people with a learning disability and their families.",
     ["learning disability", "learning disabilities", "ld", "autism", "special needs", "easy read"]),
    ("carers", "Carers",
     "Services for people who look after a family member or friend.",
     ["carer", "unpaid carer", "young carers", "caring for someone"]),
]

DELIVERY = [
    ("in_person", "In person", "You go to a place and meet people face to face.", ["face to face", "drop in", "visit"]),
    ("phone", "By phone", "You talk to someone on the phone or by text.", ["telephone", "call", "helpline", "text"]),
    ("online", "Online", "You use a website, app, email or video call.", ["website", "video call", "web chat", "zoom", "app"]),
]


def entry(slug, label, desc, kws):
    e = {"id": tid(slug), "slug": slug, "label": label, "description": desc}
    if kws:
        e["keywords"] = kws
    return e


def main():
    needs = []
    for slug, label, desc, kws, children in NEEDS:
        e = entry(slug, label, desc, kws)
        e["children"] = []
        for cs, cl, cd, ck in children:
            c = entry(cs, cl, cd, ck)
            e["children"].append(c)
        needs.append(e)
    doc = {
        "needs": needs,
        "audiences": [entry(*a) for a in AUDIENCES],
        "delivery": [entry(*d) for d in DELIVERY],
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
