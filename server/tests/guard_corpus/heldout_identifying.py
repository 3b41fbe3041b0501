"""Writes heldout_identifying.txt: an independent held-out corpus for the patient-data guard,
written without reading guard.rs. NHS numbers carry valid modulus-11 check digits; postcodes
come from seed-data/geo/postcodes.csv; emails use example.org/com; phones use Ofcom drama ranges.
heldout_clean.txt (the clean notes) is hand-written, not generated."""
import csv, random
from pathlib import Path
HERE = Path(__file__).resolve().parent
rng = random.Random(20261123)
def nhs():
    while True:
        d = [rng.randrange(10) for _ in range(9)]
        if d[0] == 0: continue
        s = sum(x*(10-i) for i, x in enumerate(d))
        c = 11 - s % 11
        if c == 11: c = 0
        if c == 10: continue
        return ''.join(map(str, d)) + str(c)
def fmt_nhs(n):
    k = rng.randrange(4)
    if k == 0: return f"{n[:3]} {n[3:6]} {n[6:]}"
    if k == 1: return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    if k == 2: return n
    return f"{n[:3]}  {n[3:6]}  {n[6:]}"
pcs = [r['postcode'] for r in csv.DictReader(open(HERE.parents[2] / 'seed-data/geo/postcodes.csv'))]
def pc():
    p = rng.choice(pcs)
    k = rng.randrange(5)
    if k == 0: return p
    if k == 1: return p.lower()
    if k == 2: return p.replace(' ', '')
    if k == 3: return p.replace(' ', '').lower()
    return p.split()[0] + '  ' + p.split()[1]
out = []
nhs_t = ["NHS no: {}", "pt NHS number {} confirmed", "nhs # {} for the referral", "Caller gave {} as her NHS number",
         "ref {} (NHS)", "NHS No.{} - needs LD review", "number on letter is {}, passed to CMHT",
         "f/u re {}", "{} is the NHS no on the form", "NHS:{}", "pt nhs no {}, c/o debt", "Hospital letter quoted {}"]
for t in nhs_t:
    for _ in range(3):
        out.append(t.format(fmt_nhs(nhs())))
pc_t = ["lives at {} , wants lunch club", "address postcode {}", "pt moved to {} last month", "foodbank delivery to {}",
        "postcode {} - out of area?", "SU in {} wants befriender", "c/o damp flat, {}", "send leaflet to {} pls",
        "her postcode is {}", "rough sleeping near {}", "{} - carer needs respite", "PC: {}"]
for t in pc_t:
    for _ in range(3):
        out.append(t.format(pc()))
months = ["January","Feb","March","Apr","May","June","July","Aug","Sept","October","Nov","December"]
def dob():
    d, m, y = rng.randint(1,28), rng.randint(1,12), rng.randint(1930, 2012)
    k = rng.randrange(6)
    if k == 0: return f"{d:02d}/{m:02d}/{y}"
    if k == 1: return f"{d}/{m}/{y % 100:02d}"
    if k == 2: return f"{d} {months[m-1]} {y}"
    if k == 3:
        suf = "th" if 4 <= d <= 20 else {1:"st",2:"nd",3:"rd"}.get(d % 10, "th")
        return f"{d}{suf} {months[m-1]} {y % 100:02d}"
    if k == 4: return f"{d:02d}.{m:02d}.{y}"
    return f"{d}-{m}-{y}"
dob_t = ["DOB {}", "pt dob: {}", "d.o.b {} , lives alone", "date of birth {}", "born {}", "Born on {}, LD",
         "D.O.B. {} - CAMHS", "birthday {} , turning 18 soon", "b. {}", "SU date of birth is {}",
         "caller's son born {} needs help", "DoB={}"]
for t in dob_t:
    for _ in range(3):
        out.append(t.format(dob()))
users = ["jo.bloggs", "carer123", "m.patel", "sam_w", "tracey.h", "lee-anne", "dave.k2", "pt.contact", "helpme", "a.begum"]
def email():
    return f"{rng.choice(users)}@{rng.choice(['example.org','example.com','mail.example.com','EXAMPLE.ORG'])}"
em_t = ["email {}", "pt wants info sent to {}", "contact: {}", "her email is {} , send easy read", "{} for the leaflet",
        "reply to {} re foodbank", "carer email {}", "e-mail {} (daughter)"]
for t in em_t:
    for _ in range(3):
        out.append(t.format(email()))
def phone():
    n = rng.randint(0, 999)
    k = rng.randrange(10)
    if k == 0: return f"07700 900{n:03d}"
    if k == 1: return f"07700900{n:03d}"
    if k == 2: return f"+44 7700 900{n:03d}"
    if k == 3: return f"+447700900{n:03d}"
    if k == 4: return f"0113 496 0{n:03d}"
    if k == 5: return f"0113-496-0{n:03d}"
    if k == 6: return f"020 7946 0{n:03d}"
    if k == 7: return f"(020) 7946 0{n:03d}"
    if k == 8: return f"07700-900-{n:03d}"
    return f"0116 496 0{n:03d}"
ph_t = ["call back on {}", "mob {}", "pt's number {}", "tel: {}", "ring her on {} after 5", "daughter's phone {}",
        "{} - carer, call weds", "Contact no. {}", "left msg on {}", "text {} with group times"]
for t in ph_t:
    for _ in range(3):
        out.append(t.format(phone()))
names = ["Mr Okafor wants help with PIP", "spoke to Mrs. O'Neill about her rent", "Ms Smith-Jones asked for befriending",
         "pt Jane says she is lonely", "client called Tom, in his 50s, debt", "service user Aisha Begum needs food parcel",
         "Mrs Patel rang re carers assessment", "Mr. Kowalski, housing issue", "patient Gary Hughes discharged last week",
         "client Sarah wants CAMHS info", "Miss Chen asked about counselling", "Dr Anand's patient Mr Lewis needs LD support",
         "pt named Kevin, alcohol", "caller: Mrs Wright, carer for husband", "Mr McDonald lives alone, 80s",
         "service user Priya wants walking group", "spoke with Ms Adeyemi re UC sanction", "Client: Jordan Fraser",
         "patient called Ellie, aged 15", "Mrs Harrison-Clarke needs a food bank", "Mr O'Brien asked about AA meetings",
         "pt Mohammed Iqbal, gambling", "client is Mrs D. Thompson", "her son, client Liam, has ASD",
         "Mx Taylor wants LGBT+ group", "Master Oliver Green, CAMHS referral", "service user named Bogdan, housing",
         "Mrs ffrench rang again", "patient: Zainab Hussain", "Ms. Nwosu, debt £2k", "Mr de Souza wants Men's Shed",
         "client Harriet has LD", "pt Rhys called about rent", "Mrs Mahmood, carer", "Mr Singh (Gurpreet) rang",
         "patient Daniel asked about swimming", "client - Jessica Moore - housing", "Sir, Mr Ahmed, lonely",
         "Mrs Van der Berg asked for respite", "service user Chloe wants art group"]
out += names
# combos
for _ in range(12):
    out.append(f"{rng.choice(['Mr Evans', 'Mrs Kaur', 'Ms Byrne', 'pt Ade', 'client Rosa'])}, DOB {dob()}, postcode {pc()}")
    out.append(f"call {phone()} or email {email()}")
rng.shuffle(out)
open(HERE / 'heldout_identifying.txt', 'w').write('\n'.join(out) + '\n')
print(len(out))
