#!/usr/bin/env python3
"""Generate the patient-data guard's test corpus (deterministic; seed fixed).

  identifying.txt  texts that each carry at least one identifier; all must be refused.
  clean.txt        realistic helpline notes with no identifier; at most 2% may be refused.

Every identifier is made up: NHS numbers have valid check digits but random digits,
postcodes come from seed-data/geo/postcodes.csv (real LLR formats, no person attached),
phone numbers are in Ofcom's drama ranges, emails use example.org, names are invented.

Run from the repository root: python3 server/tests/guard_corpus/generate.py
"""
import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
rng = random.Random(20261123)

POSTCODES = [row["postcode"] for row in csv.DictReader(open(ROOT / "seed-data/geo/postcodes.csv")) if row["in_llr"] == "1"]

FIRST = ["Amira", "Jordan", "Priya", "Tomasz", "Bernadette", "Kwame", "Siobhan", "Harpreet", "Dylan", "Yusuf",
         "Agnieszka", "Leon", "Fatima", "Callum", "Niamh", "Ravinder", "Olumide", "Chloe", "Bartek", "Ishaan",
         "Maureen", "Declan", "Shazia", "Connor", "Eilidh", "Gurpreet", "Hamza", "Lowenna", "Ceri", "Zofia"]
LAST = ["Okafor", "Patel", "Kowalczyk", "Brennan", "Mistry", "Adeyemi", "Fairbrother", "Chaudhry", "Lindqvist",
        "Hussain", "Threlfall", "Nowak", "Ogunleye", "Pemberton", "Varsani", "McAllister", "Dhillon", "Ashworth",
        "Quigley", "Sandhu", "Whitcombe", "Obi", "Marchetti", "Rahman", "Holloway"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def nhs_number():
    while True:
        digits = [rng.randint(4 if i == 0 else 0, 7 if i == 0 else 9) for i in range(9)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check == 10:
            continue
        s = "".join(map(str, digits)) + str(check)
        style = rng.randrange(4)
        if style == 0:
            return f"{s[:3]} {s[3:6]} {s[6:]}"
        if style == 1:
            return f"{s[:3]}-{s[3:6]}-{s[6:]}"
        if style == 2:
            return s
        return f"{s[:3]}  {s[3:6]} {s[6:]}".replace("  ", " ")


def postcode():
    pc = rng.choice(POSTCODES)
    style = rng.randrange(4)
    if style == 0:
        return pc
    if style == 1:
        return pc.lower()
    if style == 2:
        return pc.replace(" ", "")
    return f"({pc})"


def phone():
    kind = rng.randrange(7)
    n = rng.randint(0, 999)
    if kind == 0:
        return f"07700 900{n:03d}"
    if kind == 1:
        return f"07700900{n:03d}"
    if kind == 2:
        return f"+44 7700 900{n:03d}"
    if kind == 3:
        return f"0116 496 0{n:03d}"
    if kind == 4:
        return f"(0116) 4960{n:03d}"
    if kind == 5:
        return f"+44 (0)115 496 0{n:03d}"
    return rng.choice([f"020 7946 0{n:03d}", f"0121 496 0{n:03d}", f"0113 496 0{n:03d}", f"0191 498 0{n:03d}"])


def email():
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
    return rng.choice([f"{first}.{last}@example.org", f"{first}{rng.randint(1, 99)}@example.org",
                       f"{first[0]}{last}@mail.example.org", f"{last}_{first}@example.org"])


def birth_date():
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1930, 2015)
    date = rng.choice([
        f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year % 100:02d}", f"{day}.{month}.{year}",
        f"{day} {MONTHS[month - 1]} {year}", f"{day}{'th' if day > 3 else ['st','nd','rd'][day-1]} of {MONTHS[month - 1]} {year}",
        f"{MONTHS[month - 1]} {day}, {year}", f"{day} {SHORT_MONTHS[month - 1]} {year}", f"{day}-{month:02d}-{year}",
    ])
    return rng.choice([
        f"DOB {date}", f"dob: {date}", f"D.O.B. {date}", f"d.o.b {date}", f"born {date}", f"born on {date}",
        f"date of birth {date}", f"Date of birth: {date}", f"birthday is {date}", f"({date} DOB)",
    ])


def name():
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return rng.choice([
        f"Mr {last}", f"Mrs {last}", f"Ms {first} {last}", f"Miss {last}", f"Mx {last}", f"Dr {last}",
        f"Mr. {first[0]} {last}", f"patient {first}", f"client {first} {last}", f"service user {first}",
        f"a lady called {first}", f"a man named {first}", f"his name is {first}", f"her name is {first} {last}",
        f"their name is {first}", f"client's daughter {first}", f"son {first}", f"the caller, known as {first}",
        f"Patient {first} {last}", f"name: {last}",
    ])


IDENTIFIER_SENTENCES = {
    "nhs": (nhs_number, ["NHS number {x}.", "NHS no {x}, see GP record.", "Ref {x} on the system.",
                         "Gave their number {x} for the referral.", "nhs {x}"]),
    "postcode": (postcode, ["Lives at {x}.", "Address postcode {x}, top floor flat.", "Postcode given: {x}.",
                            "Staying with family near {x} for now.", "Home is {x}."]),
    "phone": (phone, ["Call back on {x}.", "Mobile {x} - happy for texts.", "Best number is {x} after 3pm.",
                      "Tel: {x}", "Daughter's number {x}."]),
    "email": (email, ["Email {x} with the list.", "Sent leaflets to {x}.", "Contact via {x} please.",
                      "Prefers email ({x})."]),
    "dob": (birth_date, ["{x}.", "Caller {x}, lives alone.", "Checked details, {x}.", "{x}, widowed last year."]),
    "name": (name, ["Spoke to {x} today.", "{x} asked about the food bank.", "Discussed options with {x}.",
                    "{x} is struggling with rent arrears.", "Referred {x} to the carers' centre."]),
}


NEEDS = [
    ("benefits", ["help with a PIP claim", "a Universal Credit sanction", "an ESA reassessment", "Attendance Allowance forms",
                  "a mandatory reconsideration for PIP", "Pension Credit eligibility", "a Council Tax Support application"]),
    ("housing", ["rent arrears and a section 21 notice", "damp and mould in a council flat", "being sofa surfing",
                 "a housing register application", "a disrepair complaint", "moving to sheltered housing"]),
    ("debt", ["priority debts and bailiffs", "energy bill arrears", "a debt relief order", "catalogue debts",
              "a payday loan", "council tax arrears", "water bill arrears"]),
    ("loneliness", ["feeling isolated since moving", "not leaving the house much", "losing touch with friends",
                    "wanting a befriending service", "feeling lonely at weekends"]),
    ("addiction", ["alcohol use", "cutting down on drinking", "gambling", "cannabis use", "prescription painkillers",
                   "staying off heroin after detox"]),
    ("carers", ["caring for a parent with dementia", "needing a carers assessment", "respite for a caring role",
                "a young carer at home", "caring for a partner after a stroke"]),
    ("food", ["a food bank voucher", "running out of food before payday", "free school meals", "Healthy Start vouchers",
              "a community pantry"]),
    ("employment", ["getting back into work", "volunteering to build confidence", "a CV and interview help",
                    "a sickness absence at work", "an employment tribunal"]),
    ("bereavement", ["a recent bereavement", "grief after losing a partner", "a bereavement support group",
                     "losing a child some years ago"]),
    ("physical activity", ["a walking group", "chair exercise classes", "swimming sessions", "a health walk",
                           "gardening projects"]),
]
WHO = ["Caller", "Client", "The person", "Service user", "Patient", "They", "She", "He", "Older man", "Young woman",
       "Parent", "Carer", "Gentleman", "Lady", "Student", "Man in his 40s", "Woman aged 70s", "Teenager",
       "Person with learning disabilities", "Veteran"]
AREAS = ["LE4 area", "LE2 area", "Loughborough", "Hinckley", "Melton Mowbray", "Oadby", "Wigston", "Coalville",
         "Market Harborough", "Oakham", "Rutland", "Blaby", "Braunstone", "Beaumont Leys", "Belgrave", "Highfields",
         "Syston", "Lutterworth", "Shepshed", "LE11", "LE65", "LE15 area", "north of the city", "Leicester city centre"]
ACTIONS = ["Suggested Citizens Advice and the Money Advice line.", "Signposted to Age UK Leicester Shire & Rutland.",
           "Gave details of the local food bank, open 9 to 5 weekdays.", "Advised to call 111 if symptoms get worse.",
           "Said to call 999 in an emergency.", "Suggested the Samaritans on 116 123 out of hours.",
           "Shared the Turning Point drop-in, Tuesdays 10:00-12:00.", "Passed on the carers' centre details.",
           "Found a walking group that meets at 10.30 on Thursdays.", "Looked on Signpost, two options within 5 miles.",
           "Nothing suitable on Signpost, passed to curator.", "Recommended StepChange for a free debt plan.",
           "Recommended Shelter's housing advice line.", "Booked a call back with the social prescribing link worker.",
           "Suggested the local area coordinator for the district.", "Gave the Talking Therapies self-referral link.",
           "Suggested the Patient Advice and Liaison Service about the complaint.", "Printed the list of 3 services.",
           "Talked through the Jobcentre Plus options.", "Suggested a befriending phone call once a week.",
           "Encouraged contact with the GP practice.", "Explained how to ask for a carers assessment from the council."]
DETAIL = ["Owes about £{amt}.", "Rent is £{amt} a month.", "Waiting {n} weeks for a decision.", "Has {n} children at home.",
          "Appointment on {d} {m} at 2pm.", "Review due {d}/{mo}/2025.", "Has been like this since {y}.",
          "Aged {age}s.", "Bus takes {n} minutes.", "Lost job in {m} {y}.", "Tribunal hearing on {d} {m}.",
          "Benefit stopped in {m}.", "Sanction of {n} weeks.", "Drinks about {n} units a day.", "Cares {n} hours a week.",
          "Been on the waiting list {n} months.", "Moved to the area in {y}.", "Group runs 6-8pm on Wednesdays.",
          "Centre is open 9am to 4.30pm.", "Asked about the 2nd floor lift access.", "Food bank is on the 1st floor.",
          "Rang at 11:45.", "Mentioned the 3rd attempt to get through.", "Costs £{amt} per session.",
          "Universal Credit paid on the {d}th.", "Energy bill is £{amt} in arrears.", "Scored {n} on the wellbeing scale.",
          "Carer for {n} years.", "Has a birthday coming up and dreads it alone.", "Was born abroad and English is a second language.",
          "Called the council twice.", "Client called Shelter yesterday.", "Patient said they feel more hopeful.",
          "Service user prefers face to face.", "Her son is supportive.", "His daughter lives in Leicester.",
          "Partner works nights.", "Neighbour helps with shopping.", "Wife has dementia.", "Mum is in a care home.",
          "Referral code LLR-{n}{n} noted on the form.", "Checked Signpost at 15:20.", "Prefers Mondays or Fridays.",
          "Needs Punjabi or Gujarati speaking support.", "Has a hearing impairment, text relay preferred.",
          "Dr at the practice suggested social prescribing.", "Client's GP is aware.", "Named contact at the charity is the duty worker.",
          "Mr and Mrs, a couple in their 80s, both need support.", "Over 65 and lives alone.", "Aged 16-17, at college."]
OPENERS = ["{who} in the {area} asking about {need}.", "{who} rang about {need}.", "{who} from {area}, worried about {need}.",
           "Query about {need} ({area}).", "{who} needs {level} with {need}.", "{who} looking for support with {need} near {area}.",
           "Follow-up call: {need}.", "{who} was referred by the practice for {need}.", "Web enquiry about {need}, {area}."]
LEVELS = ["advice and information", "some help", "more help", "practical help", "ongoing help"]


def detail():
    return rng.choice(DETAIL).format(amt=rng.choice([25, 60, 120, 250, 480, 750, 1200, 3400, "1,250", "2,000"]),
                                     n=rng.randint(2, 24), d=rng.randint(1, 28), m=rng.choice(MONTHS),
                                     mo=rng.randint(1, 12), y=rng.randint(2005, 2025), age=rng.choice([20, 30, 40, 50, 60, 70, 80]))


def clean_note():
    _, needs = rng.choice(NEEDS)
    parts = [rng.choice(OPENERS).format(who=rng.choice(WHO), area=rng.choice(AREAS), need=rng.choice(needs),
                                        level=rng.choice(LEVELS))]
    for _ in range(rng.randint(0, 2)):
        parts.append(detail())
    parts.append(rng.choice(ACTIONS))
    return " ".join(parts)


def identifying_text(kind):
    make, templates = IDENTIFIER_SENTENCES[kind]
    sentence = rng.choice(templates).format(x=make())
    note = clean_note().split(" ")
    # Put the identifier at the start, the end, or between sentences of a clean note.
    where = rng.randrange(3)
    if where == 0:
        return f"{sentence} {' '.join(note)}"
    if where == 1:
        return f"{' '.join(note)} {sentence}"
    first, _, rest = clean_note().partition(". ")
    return f"{first}. {sentence} {rest}".strip()


# Hand-written notes in staff's own style, to keep the templates honest.
HAND_CLEAN = [
    "Rang from a phone box, no credit, asked us to be quick. Needs food today - gave the Belgrave pantry, open 12-2.",
    "Was told by the DWP the PIP decision takes 12-16 weeks. Suggested Citizens Advice for the form.",
    "Lives in LE4, can't afford the bus, walks everywhere. Looked for a food club within 1 mile.",
    "Older gent, 80s, lost his wife in March. Interested in the Thursday lunch club at the church hall.",
    "Wants to stop gambling. GamCare helpline suggested, also the NHS Northern Gambling Service.",
    "Said she'd call 999 if things got worse tonight. Gave the crisis line and the Samaritans (116 123).",
    "Student at De Montfort, ran out of money. Uni hardship fund and the Students' Union advice centre.",
    "Carer for her mum for 6 years, exhausted. Wants a break. Explained carers assessment and respite.",
    "Man in his 30s, sleeping in his car in the Hinckley area. Housing options team at the district council.",
    "Asked about debt - about £4,500 on credit cards. StepChange online, or National Debtline.",
    "Referred by the GP practice in Oadby for social prescribing. Link worker to call back within 2 weeks.",
    "Parent worried about 14 year old's vaping. Suggested the school nurse and the Young People's drug service.",
    "Asked for a Polish-speaking counsellor. Nothing found nearby, passed to curator to check.",
    "Energy bill jumped to £300 a month. Suggested the Warm Homes scheme and the energy supplier's hardship fund.",
    "No suitable service for autistic adults over 25 in Rutland; logged as unmet need.",
    "Called back at 3.15pm as agreed. Had already been to the food bank on 2 Oct, needs another voucher.",
    "Rutland, 70s, hearing loss, feels cut off. Befriending by phone weekly, and the Rutland Lunch Club.",
    "Tenancy ends 31 Jan. Council homelessness prevention team - must contact 56 days before.",
    "Wants to volunteer, 2-3 days a week, to get out of the house. Voluntary Action LeicesterShire.",
    "Struggling since the birth of her baby in August; GP and health visitor aware. Suggested a mums' group.",
    "Client asked whether the 111 service can do repeat prescriptions. Explained options, and the pharmacy.",
    "Service user has a learning disability and wants a drama group. Found two in the LE2 area.",
    "Caller's neighbour is worried about him - he hasn't been out since Christmas. Suggested a welfare visit via the LAC.",
    "Asylum seeker, no recourse to public funds. Directed to the refugee support charity drop-in, Weds 10-1.",
    "Hoarding causing problems with the landlord. Suggested the hoarding support group, 2nd Tuesday monthly.",
    "Chair-based exercise at the leisure centre, £3.50 a session, 10am Fridays.",
    "Daughter rang on behalf of her dad (dementia, lives alone in Melton). Dementia support service and Admiral nurse.",
    "Ex-forces, 60s, drinking more since leaving. Op Courage, and the local veterans breakfast club.",
    "Wants help to read letters from the council. Suggested the library's digital and letter-reading sessions.",
    "Discussed the 2024 changes to Universal Credit migration. Sent to the Help to Claim service.",
]

HAND_IDENTIFYING = [
    "Spoke with Mrs Chaudhry again - still no heating.",
    "Pt Jordan rang: NHS no. 401 023 2137.",
    "Her DOB is 3rd of March 1957, lives alone.",
    "email her at amira.patel@example.org with the list",
    "Text 07700 900 461 when the group starts.",
    "Lives LE5 3RA, ground floor.",
    "He was born 14.02.1962 and has COPD.",
    "Client Siobhan asked about bus passes.",
    "Dr Adeyemi at the practice referred.",
    "Ring 0116 4960 734 (landline) after 6.",
]


def main():
    kinds = list(IDENTIFIER_SENTENCES)
    identifying = HAND_IDENTIFYING + [identifying_text(kinds[i % len(kinds)]) for i in range(600)]
    clean = list(HAND_CLEAN)
    seen = set(clean)
    while len(clean) < 630:
        note = clean_note()
        if note not in seen:
            seen.add(note)
            clean.append(note)
    (HERE / "identifying.txt").write_text("\n".join(identifying) + "\n")
    (HERE / "clean.txt").write_text("\n".join(clean) + "\n")


if __name__ == "__main__":
    main()
