//! Synthetic directories of any size for load tests and benchmarks: realistic HSDS
//! services spread over UK-like towns, streamed one record at a time.
//!
//! Everything is derived from the seed, so the same seed always yields the same records
//! and ids. Phone numbers come from Ofcom's drama ranges and web addresses use
//! `example.org`, so no generated record points at a real service.

use std::{
    collections::HashSet,
    fs::File,
    io::{BufWriter, Write},
    path::Path,
    time::Instant,
};

use anyhow::Context;
use rand::{seq::IndexedRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::{
    hsds::{
        Accessibility, Address, Attribute, CostOption, Language, Location, Organization, Phone, Schedule, Service,
        ServiceArea, ServiceAtLocation, TaxonomyTerm, AUDIENCE_TAXONOMY, DELIVERY_TAXONOMY, NEEDS_TAXONOMY,
    },
    reference::{taxonomy::Term, Taxonomy},
};

/// Text put in every generated record's `alert`, so synthetic data is never mistaken
/// for a real service.
pub const SYNTHETIC_ALERT: &str = "Synthetic record generated for testing.";

const LAT_RANGE: (f64, f64) = (50.0, 55.5);
const LON_RANGE: (f64, f64) = (-5.5, 1.5);
const KM_PER_DEGREE_LAT: f64 = 111.2;
const MAX_TOWNS: usize = 300;
const RURAL_SHARE: f64 = 0.06;
const REMOTE_SHARE: f64 = 0.03;
/// Assured dates fall in the two years before this day, so output does not depend on
/// the day it is generated.
const ASSURED_ANCHOR: (i32, u32, u32) = (2026, 11, 1);
const ASSURED_WINDOW_DAYS: i64 = 730;

/// Big centres the largest towns sit on, so the map looks like Great Britain's.
const ANCHORS: [(f64, f64); 24] = [
    (51.507, -0.128),
    (52.486, -1.890),
    (53.480, -2.242),
    (53.801, -1.549),
    (52.637, -1.135),
    (51.455, -2.588),
    (54.978, -1.618),
    (52.954, -1.158),
    (53.381, -1.470),
    (53.408, -2.991),
    (51.481, -3.179),
    (50.376, -4.143),
    (52.630, 1.297),
    (50.910, -1.404),
    (53.745, -0.336),
    (52.205, 0.122),
    (50.726, -3.527),
    (54.892, -2.932),
    (53.960, -1.082),
    (51.752, -1.258),
    (52.407, -1.510),
    (51.621, -3.943),
    (50.822, -0.137),
    (53.043, -2.992),
];

const TOWN_PREFIXES: [&str; 36] = [
    "Ash", "Brook", "Stan", "Kings", "Nor", "Wes", "Long", "Holm", "Chester", "Ald", "Bram", "Cal", "Dun", "Elm",
    "Fair", "Glen", "Hart", "Lang", "Mill", "Oak", "Pen", "Red", "Sand", "Thorn", "Whit", "Bar", "Cran", "Ellis",
    "Fox", "Hazel", "Kirk", "Marl", "Ravens", "Stow", "Wood", "Lyd",
];
const TOWN_SUFFIXES: [&str; 20] = [
    "ford", "bury", "ton", "ham", "wick", "by", "field", "ley", "borough", "worth", "stead", "well", "bridge",
    "thorpe", "minster", "combe", "hurst", "dale", "port", "gate",
];
const TOWN_QUALIFIERS: [&str; 6] = ["Upper", "Lower", "North", "South", "East", "West"];
const STREETS: [&str; 12] = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Lane",
    "Victoria Road",
    "Park Road",
    "London Road",
    "Queen Street",
    "The Green",
    "Market Place",
    "New Street",
    "Chapel Street",
];
const VENUES: [&str; 12] = [
    "Community Centre",
    "Library",
    "Methodist Church Hall",
    "Family Hub",
    "Health Centre",
    "Youth Centre",
    "Village Hall",
    "Baptist Church",
    "Leisure Centre",
    "Resource Centre",
    "Neighbourhood Centre",
    "Scout Hut",
];
const ORG_KINDS: [&str; 10] = [
    "Community Trust",
    "Voluntary Action",
    "Neighbourhood Network",
    "Wellbeing Partnership",
    "Advice Centre",
    "Community Association",
    "Foundation",
    "Together CIC",
    "Support Services",
    "Care Collective",
];
const GENERIC_SENTENCES: [&str; 10] = [
    "No referral is needed: you can just drop in.",
    "You can refer yourself, or ask your GP, social prescriber or link worker to refer you.",
    "Sessions are run by trained staff and volunteers.",
    "Everything you tell us is confidential.",
    "Interpreters are available on request.",
    "The building has step-free access and an accessible toilet.",
    "Please call before your first visit so someone is free to see you.",
    "We also run sessions online for people who cannot get out.",
    "Tea, coffee and a friendly welcome are always on offer.",
    "Carers and family members are welcome to come along too.",
];
const LANGUAGES: [(&str, &str); 6] =
    [("Polish", "pl"), ("Punjabi", "pa"), ("Gujarati", "gu"), ("Urdu", "ur"), ("Arabic", "ar"), ("Romanian", "ro")];

/// A generated town: a cluster of services around a centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// Made-up town name.
    pub name: String,
    /// Latitude of the centre.
    pub lat: f64,
    /// Longitude of the centre.
    pub lon: f64,
    /// Standard deviation of the cluster, in kilometres (bigger towns spread further).
    pub spread_km: f64,
    /// Services placed in the town itself.
    pub services: usize,
    /// Services scattered in the countryside 8–35 km around it.
    pub rural: usize,
}

/// Returns the towns of a directory of `services` records for `seed`, in output order.
/// Together they hold every service except the ~3% remote ones.
pub fn towns(services: usize, seed: u64) -> Vec<Town> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let count = (services / 5).clamp(1, MAX_TOWNS);
    let remote = remote_count(services);
    let rural = share(services, RURAL_SHARE).min(services - remote);
    let clustered = services - remote - rural;

    // Zipf sizes: the town of rank k gets a share proportional to 1/k.
    let weights: Vec<f64> = (1..=count).map(|rank| 1.0 / rank as f64).collect();
    let clustered_counts = apportion(clustered, &weights);
    let rural_counts = apportion(rural, &vec![1.0; count]);

    let mut names = HashSet::new();
    let mut towns: Vec<Town> = (0..count)
        .map(|rank| {
            let (lat, lon) = town_centre(&mut rng, rank);
            Town {
                name: town_name(&mut rng, &mut names),
                lat,
                lon,
                spread_km: 1.5 + 7.0 * weights[rank].sqrt(),
                services: clustered_counts[rank],
                rural: rural_counts[rank],
            }
        })
        .collect();
    // Output in coarse location order (half-degree bands, west to east) so neighbours
    // are written, and indexed, close together.
    towns.sort_by(|a, b| {
        let band = |town: &Town| (town.lat * 2.0).floor() as i64;
        band(a).cmp(&band(b)).then(a.lon.total_cmp(&b.lon))
    });
    towns
}

/// Returns how many of `services` are remote (phone or online only, no location).
fn remote_count(services: usize) -> usize {
    share(services, REMOTE_SHARE)
}

fn share(total: usize, fraction: f64) -> usize {
    (total as f64 * fraction).round() as usize
}

/// Splits `total` in proportion to `weights`; the parts always add up to `total`.
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let mut cumulative = 0.0;
    let mut given = 0;
    weights
        .iter()
        .enumerate()
        .map(|(index, weight)| {
            cumulative += weight;
            let upto = if index + 1 == weights.len() {
                total
            } else {
                (((cumulative / sum) * total as f64).round() as usize).min(total)
            };
            let part = upto.saturating_sub(given);
            given += part;
            part
        })
        .collect()
}

/// Places the largest towns on real conurbations and the rest up to 90 km from one.
fn town_centre(rng: &mut ChaCha8Rng, rank: usize) -> (f64, f64) {
    if let Some(anchor) = ANCHORS.get(rank) {
        return *anchor;
    }
    let anchor = ANCHORS[rng.random_range(0..ANCHORS.len())];
    let distance_km = rng.random_range(10.0..90.0);
    offset_point(rng, anchor, distance_km)
}

fn town_name(rng: &mut ChaCha8Rng, taken: &mut HashSet<String>) -> String {
    let base = format!(
        "{}{}",
        TOWN_PREFIXES[rng.random_range(0..TOWN_PREFIXES.len())],
        TOWN_SUFFIXES[rng.random_range(0..TOWN_SUFFIXES.len())]
    );
    let mut name = base.clone();
    let mut attempt = 0;
    while taken.contains(&name) {
        let qualifier = TOWN_QUALIFIERS[attempt % TOWN_QUALIFIERS.len()];
        name = if attempt < TOWN_QUALIFIERS.len() {
            format!("{qualifier} {base}")
        } else {
            format!("{qualifier} {base} {attempt}")
        };
        attempt += 1;
    }
    taken.insert(name.clone());
    name
}

/// Returns a point `distance_km` from `origin` in a random direction, kept in range.
fn offset_point(rng: &mut ChaCha8Rng, origin: (f64, f64), distance_km: f64) -> (f64, f64) {
    let angle = rng.random_range(0.0..std::f64::consts::TAU);
    displace(origin, distance_km * angle.sin(), distance_km * angle.cos())
}

/// Returns `origin` moved by north/east kilometres, clamped to the generator's box.
fn displace(origin: (f64, f64), north_km: f64, east_km: f64) -> (f64, f64) {
    let lat = origin.0 + north_km / KM_PER_DEGREE_LAT;
    let lon = origin.1 + east_km / (KM_PER_DEGREE_LAT * origin.0.to_radians().cos());
    (lat.clamp(LAT_RANGE.0, LAT_RANGE.1), lon.clamp(LON_RANGE.0, LON_RANGE.1))
}

/// Returns a standard normal sample (Box–Muller).
fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Returns a lazily generated directory of `services` records, town by town (roughly
/// in location order) and then the remote services. Memory use does not grow with
/// `services`.
pub fn generate(services: usize, seed: u64, taxonomy: &Taxonomy) -> impl Iterator<Item = Service> {
    Generator::new(services, seed, taxonomy)
}

/// Where the next service goes.
#[derive(Clone, Copy)]
enum Placement {
    Town(usize),
    Rural(usize),
    Remote,
}

/// One need a service can be filed under: the area and the sub-need.
struct NeedChoice {
    area: Term,
    sub: Term,
}

struct Generator {
    seed: u64,
    namespace: Uuid,
    rng: ChaCha8Rng,
    needs: Vec<NeedChoice>,
    delivery: Vec<Term>,
    audiences: Vec<Term>,
    towns: Vec<Town>,
    town_index: usize,
    within_town: usize,
    index: usize,
    total: usize,
}

impl Generator {
    fn new(services: usize, seed: u64, taxonomy: &Taxonomy) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // A separate stream from the town plan's, so `towns()` stays cheap and stable.
        rng.set_stream(1);
        let needs = taxonomy
            .needs
            .iter()
            .flat_map(|area| area.children.iter().map(|sub| NeedChoice { area: area.clone(), sub: sub.clone() }))
            .collect();
        Self {
            seed,
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://signpost.example.org/synthetic"),
            rng,
            needs,
            delivery: taxonomy.delivery.clone(),
            audiences: taxonomy.audiences.clone(),
            towns: towns(services, seed),
            town_index: 0,
            within_town: 0,
            index: 0,
            total: services,
        }
    }

    fn next_placement(&mut self) -> Placement {
        while let Some(town) = self.towns.get(self.town_index) {
            if self.within_town < town.services {
                self.within_town += 1;
                return Placement::Town(self.town_index);
            }
            if self.within_town < town.services + town.rural {
                self.within_town += 1;
                return Placement::Rural(self.town_index);
            }
            self.town_index += 1;
            self.within_town = 0;
        }
        Placement::Remote
    }
}

impl Iterator for Generator {
    type Item = Service;

    fn next(&mut self) -> Option<Service> {
        if self.index >= self.total {
            return None;
        }
        let placement = self.next_placement();
        let id = Uuid::new_v5(&self.namespace, format!("{}/service/{}", self.seed, self.index).as_bytes());
        self.index += 1;
        Some(self.service(id, placement))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.total - self.index;
        (left, Some(left))
    }
}

/// The pieces of one service chosen before its text is written.
struct Draft<'a> {
    id: Uuid,
    need: &'a NeedChoice,
    extra_need: Option<&'a NeedChoice>,
    place_name: String,
    town_index: Option<usize>,
    point: Option<(f64, f64)>,
    age: AgeBand,
}

#[derive(Clone, Copy, PartialEq)]
enum AgeBand {
    Anyone,
    Young,
    Adults,
    Older,
}

impl Generator {
    fn service(&mut self, id: Uuid, placement: Placement) -> Service {
        let (point, place_name, town_index) = self.place(placement);
        let Some(need) = self.needs.choose(&mut self.rng) else {
            return bare_service(id);
        };
        let extra_need = if self.rng.random_bool(0.2) { self.needs.choose(&mut self.rng) } else { None };
        let age = pick_age(&mut self.rng);
        let draft = Draft { id, need, extra_need, place_name, town_index, point, age };
        let rng = &mut self.rng;
        build_service(rng, &draft, self.seed, &self.towns, &self.delivery, &self.audiences)
    }

    fn place(&mut self, placement: Placement) -> (Option<(f64, f64)>, String, Option<usize>) {
        match placement {
            Placement::Town(index) => {
                let town = &self.towns[index];
                let north = gaussian(&mut self.rng) * town.spread_km;
                let east = gaussian(&mut self.rng) * town.spread_km;
                (Some(displace((town.lat, town.lon), north, east)), town.name.clone(), Some(index))
            }
            Placement::Rural(index) => {
                let town = &self.towns[index];
                let distance = self.rng.random_range(8.0..35.0);
                let point = offset_point(&mut self.rng, (town.lat, town.lon), distance);
                let village = village_name(&mut self.rng);
                (Some(point), format!("{village} near {}", town.name), Some(index))
            }
            Placement::Remote => (None, String::new(), None),
        }
    }
}

fn village_name(rng: &mut ChaCha8Rng) -> String {
    let prefix = TOWN_PREFIXES.choose(rng).copied().unwrap_or("Ash");
    let suffix = ["ton", "by", "thorpe", "ley", "cote", "field"].choose(rng).copied().unwrap_or("by");
    format!("{prefix}{suffix}")
}

fn pick_age(rng: &mut ChaCha8Rng) -> AgeBand {
    match rng.random_range(0..100) {
        0..15 => AgeBand::Young,
        15..25 => AgeBand::Adults,
        25..35 => AgeBand::Older,
        _ => AgeBand::Anyone,
    }
}

/// A record with only the required fields (an empty taxonomy has nothing to file under).
fn bare_service(id: Uuid) -> Service {
    Service { alert: Some(SYNTHETIC_ALERT.to_owned()), ..Service::new(id, "Synthetic service") }
}

fn child_id(parent: Uuid, kind: &str, n: usize) -> Uuid {
    Uuid::new_v5(&parent, format!("{kind}/{n}").as_bytes())
}

fn build_service(
    rng: &mut ChaCha8Rng,
    draft: &Draft<'_>,
    seed: u64,
    towns: &[Town],
    delivery_terms: &[Term],
    audiences: &[Term],
) -> Service {
    let vocabulary = vocabulary(&draft.need.sub.slug);
    let kind = vocabulary.kinds.choose(rng).copied().unwrap_or("Support Service");
    let organization = organization(rng, draft, seed, towns);
    let name = service_name(rng, kind, draft, &organization.name);
    let description = description(rng, draft, vocabulary, &organization.name);
    let remote = draft.point.is_none();
    let delivery = delivery_modes(rng, remote);
    let (minimum_age, maximum_age) = age_limits(rng, draft.age);
    let paid = rng.random_bool(0.15);
    let service_slug = slugify(&name);
    let org_site = organization.website.clone().unwrap_or_default();

    let mut attributes = need_attributes(draft);
    attributes.extend(term_attributes(draft.id, &delivery, delivery_terms, DELIVERY_TAXONOMY));
    if let Some(audience) = audience_slug(draft.age) {
        attributes.extend(term_attributes(draft.id, &[audience], audiences, AUDIENCE_TAXONOMY));
    }

    Service {
        id: draft.id,
        alternate_name: None,
        description: Some(description),
        url: Some(format!("{org_site}{service_slug}")),
        email: rng.random_bool(0.3).then(|| format!("{service_slug}@{}", domain_of(&organization.name))),
        status: "active".to_owned(),
        interpretation_services: rng.random_bool(0.2).then(|| "Interpreters can be booked on request.".to_owned()),
        application_process: Some(application_process(rng, remote).to_owned()),
        fees_description: paid.then(|| "A small charge applies; ask about concessions.".to_owned()),
        wait_time: None,
        accreditations: None,
        eligibility_description: eligibility(draft.age).map(str::to_owned),
        minimum_age,
        maximum_age,
        assured_date: Some(assured_date(rng)),
        assurer_email: Some("directory-team@example.org".to_owned()),
        alert: Some(SYNTHETIC_ALERT.to_owned()),
        last_modified: None,
        organization: Some(organization),
        phones: phones(rng, draft.id, remote),
        schedules: schedules(rng, draft.id),
        service_areas: service_areas(rng, draft.id, remote),
        service_at_locations: locations(rng, draft, &delivery),
        languages: languages(rng, draft.id),
        cost_options: cost_options(rng, draft.id, paid),
        attributes,
        name,
    }
}

fn organization(rng: &mut ChaCha8Rng, draft: &Draft<'_>, seed: u64, towns: &[Town]) -> Organization {
    let kind_index = rng.random_range(0..ORG_KINDS.len());
    let (base, key) = match draft.town_index {
        Some(index) => (towns[index].name.clone(), format!("{seed}/org/{index}/{kind_index}")),
        None => {
            let national = ["National", "Britain", "UK", "Together"].choose(rng).copied().unwrap_or("National");
            (national.to_owned(), format!("{seed}/org/national/{national}/{kind_index}"))
        }
    };
    let name = format!("{base} {}", ORG_KINDS[kind_index]);
    let domain = domain_of(&name);
    Organization {
        id: Uuid::new_v5(&Uuid::NAMESPACE_OID, key.as_bytes()),
        description: format!("{name} is a voluntary organisation supporting local people. (Synthetic.)"),
        email: Some(format!("info@{domain}")),
        website: Some(format!("https://{domain}/")),
        name,
    }
}

fn domain_of(organisation: &str) -> String {
    format!("{}.example.org", slugify(organisation))
}

/// Returns a lowercase, hyphenated form of a name for urls.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

fn service_name(rng: &mut ChaCha8Rng, kind: &str, draft: &Draft<'_>, organisation: &str) -> String {
    let place = draft.place_name.split(" near ").next().unwrap_or_default();
    if place.is_empty() {
        return match rng.random_range(0..3) {
            0 => format!("{kind} Helpline"),
            1 => format!("{kind} Online"),
            _ => format!("{organisation} {kind}"),
        };
    }
    match rng.random_range(0..6) {
        0 | 1 => format!("{place} {kind}"),
        2 => format!("{kind} at {place} {}", VENUES.choose(rng).copied().unwrap_or("Library")),
        3 => format!("{organisation}: {kind}"),
        4 => format!("{kind} ({place})"),
        _ => format!(
            "{} {kind}",
            ["Open Door", "Fresh Start", "Better Days", "Hand in Hand", "New Leaf", "Bridges"]
                .choose(rng)
                .copied()
                .unwrap_or("Open Door")
        ),
    }
}

fn description(rng: &mut ChaCha8Rng, draft: &Draft<'_>, vocabulary: &Vocabulary, organisation: &str) -> String {
    let offer = vocabulary.offers.choose(rng).copied().unwrap_or("support");
    let audience = audience_words(rng, draft.age);
    let place = if draft.place_name.is_empty() {
        ["across the UK", "anywhere in England", "wherever you live"]
            .choose(rng)
            .copied()
            .unwrap_or("across the UK")
            .to_owned()
    } else {
        format!("in {} and nearby", draft.place_name)
    };
    let mut sentences = vec![match rng.random_range(0..4) {
        0 => format!("We offer {offer} for {audience} {place}."),
        1 => format!("Run by {organisation}, we provide {offer} for {audience}."),
        2 => format!("{} for {audience} {place}.", capitalise(offer)),
        _ => format!("A friendly service offering {offer} to {audience} {place}."),
    }];
    let others: Vec<&str> = vocabulary.offers.iter().copied().filter(|other| *other != offer).collect();
    let second = others.choose(rng).copied().unwrap_or(offer);
    let extra = draft.extra_need.map(|need| vocabulary_offer(rng, need));
    sentences.push(match (extra, rng.random_range(0..3)) {
        (Some(extra), _) => format!("We can also help with {extra}."),
        (None, 0) => format!("You can also get {second}."),
        (None, 1) => format!("Our team also provides {second}."),
        (None, _) => format!("Ask us about {second}."),
    });
    if rng.random_bool(0.7) {
        if let Some(keywords) = keyword_pair(rng, &draft.need.sub) {
            sentences.push(format!("People come to us about {keywords}."));
        }
    }
    if rng.random_bool(0.5) {
        sentences.push(GENERIC_SENTENCES.choose(rng).copied().unwrap_or(GENERIC_SENTENCES[0]).to_owned());
    }
    sentences.join(" ")
}

fn vocabulary_offer(rng: &mut ChaCha8Rng, need: &NeedChoice) -> String {
    vocabulary(&need.sub.slug)
        .offers
        .choose(rng)
        .map_or_else(|| need.sub.label.to_lowercase(), |offer| (*offer).to_owned())
}

fn keyword_pair(rng: &mut ChaCha8Rng, term: &Term) -> Option<String> {
    let chosen: Vec<&String> = term.keywords.choose_multiple(rng, 2).collect();
    match chosen.as_slice() {
        [one, two] => Some(format!("{one} and {two}")),
        [one] => Some((*one).clone()),
        _ => None,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn audience_words(rng: &mut ChaCha8Rng, age: AgeBand) -> &'static str {
    let options: &[&str] = match age {
        AgeBand::Young => &["children and young people", "young people", "families with children", "teenagers"],
        AgeBand::Adults => &["adults", "adults on a low income", "working-age adults"],
        AgeBand::Older => &["older people", "people over 60", "pensioners"],
        AgeBand::Anyone => &["anyone", "local people", "people of all ages", "residents", "carers and families"],
    };
    options.choose(rng).copied().unwrap_or("anyone")
}

fn age_limits(rng: &mut ChaCha8Rng, age: AgeBand) -> (Option<i64>, Option<i64>) {
    match age {
        AgeBand::Young => (Some(rng.random_range(0..12)), Some(*[18, 19, 25].choose(rng).unwrap_or(&18))),
        AgeBand::Adults => (Some(18), None),
        AgeBand::Older => (Some(*[55, 60, 65].choose(rng).unwrap_or(&60)), None),
        AgeBand::Anyone => (None, None),
    }
}

fn eligibility(age: AgeBand) -> Option<&'static str> {
    match age {
        AgeBand::Young => Some("Children and young people, and their families."),
        AgeBand::Adults => Some("Adults aged 18 and over."),
        AgeBand::Older => Some("Older people."),
        AgeBand::Anyone => None,
    }
}

fn audience_slug(age: AgeBand) -> Option<&'static str> {
    match age {
        AgeBand::Young => Some("children-and-young-people"),
        AgeBand::Adults => Some("adults"),
        AgeBand::Older => Some("older-people"),
        AgeBand::Anyone => None,
    }
}

fn application_process(rng: &mut ChaCha8Rng, remote: bool) -> &'static str {
    let options: &[&str] = if remote {
        &["Call the helpline or start a web chat.", "Fill in the form on our website and we will call you back."]
    } else {
        &[
            "Just drop in during opening hours.",
            "Phone to book an appointment.",
            "Refer yourself by phone or email, or ask a professional to refer you.",
        ]
    };
    options.choose(rng).copied().unwrap_or("Phone us.")
}

/// Returns the delivery slugs: in person for placed services (sometimes phone and
/// online too), phone and/or online for remote ones.
fn delivery_modes(rng: &mut ChaCha8Rng, remote: bool) -> Vec<&'static str> {
    let mut modes = Vec::new();
    if remote {
        match rng.random_range(0..3) {
            0 => modes.push("phone"),
            1 => modes.push("online"),
            _ => modes.extend(["phone", "online"]),
        }
        return modes;
    }
    modes.push("in_person");
    if rng.random_bool(0.35) {
        modes.push("phone");
    }
    if rng.random_bool(0.2) {
        modes.push("online");
    }
    modes
}

/// Returns the need attributes exactly as the sample directory writes them: the area
/// and the sub-need (and a second sub-need for some services).
fn need_attributes(draft: &Draft<'_>) -> Vec<Attribute> {
    let mut terms: Vec<&Term> = vec![&draft.need.area, &draft.need.sub];
    if let Some(extra) = draft.extra_need {
        for term in [&extra.area, &extra.sub] {
            if !terms.iter().any(|existing| existing.slug == term.slug) {
                terms.push(term);
            }
        }
    }
    terms.into_iter().map(|term| attribute(draft.id, term, NEEDS_TAXONOMY)).collect()
}

fn term_attributes(service: Uuid, slugs: &[&str], terms: &[Term], taxonomy: &str) -> Vec<Attribute> {
    slugs
        .iter()
        .filter_map(|slug| terms.iter().find(|term| term.slug == *slug))
        .map(|term| attribute(service, term, taxonomy))
        .collect()
}

fn attribute(service: Uuid, term: &Term, taxonomy: &str) -> Attribute {
    Attribute {
        id: Uuid::new_v5(&service, format!("attribute/{}", term.slug).as_bytes()),
        taxonomy_term_id: Some(term.id),
        link_type: Some("service".to_owned()),
        link_entity: Some("service".to_owned()),
        value: Some(term.slug.clone()),
        taxonomy_term: Some(TaxonomyTerm {
            id: term.id,
            code: Some(term.slug.clone()),
            name: term.label.clone(),
            description: term.description.clone(),
            parent_id: None,
            taxonomy: Some(taxonomy.to_owned()),
        }),
    }
}

/// Returns numbers from Ofcom's drama ranges only: 01632 960xxx, 0808 157 0xxx and
/// 07700 900xxx.
fn phones(rng: &mut ChaCha8Rng, service: Uuid, remote: bool) -> Vec<Phone> {
    let mut phones = Vec::new();
    let number = if remote || rng.random_bool(0.1) {
        format!("0808 157 0{:03}", rng.random_range(0..1000))
    } else {
        format!("01632 960{:03}", rng.random_range(0..1000))
    };
    phones.push(Phone {
        id: child_id(service, "phone", 0),
        number,
        extension: None,
        phone_type: Some("voice".to_owned()),
        description: remote.then(|| "Free to call from mobiles and landlines.".to_owned()),
    });
    if rng.random_bool(0.15) {
        phones.push(Phone {
            id: child_id(service, "phone", 1),
            number: format!("07700 900{:03}", rng.random_range(0..1000)),
            extension: None,
            phone_type: Some("text".to_owned()),
            description: Some("Text us and we will call you back.".to_owned()),
        });
    }
    phones
}

/// Returns weekly schedules: office hours, part weeks, evenings, weekends, overnight,
/// 24/7 or (for one in ten) none at all.
fn schedules(rng: &mut ChaCha8Rng, service: Uuid) -> Vec<Schedule> {
    let rules: Vec<(&str, &str, &str)> = match rng.random_range(0..100) {
        0..35 => vec![("MO,TU,WE,TH,FR", "09:00", "17:00")],
        35..45 => vec![("MO,TU,WE,TH", "09:30", "16:30"), ("FR", "09:30", "13:00")],
        45..58 => vec![(["MO", "TU", "WE", "TH", "FR"].choose(rng).copied().unwrap_or("WE"), "10:00", "12:00")],
        58..66 => vec![("TU,TH", "18:00", "21:00")],
        66..74 => vec![("SA,SU", "10:00", "16:00")],
        74..82 => vec![("MO,WE,FR", "10:00", "14:00"), ("SA", "10:00", "12:30")],
        82..86 => vec![("MO,TU,WE,TH,FR,SA,SU", "20:00", "08:00")],
        86..90 => vec![("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")],
        _ => Vec::new(),
    };
    rules
        .iter()
        .enumerate()
        .map(|(n, (byday, opens, closes))| Schedule {
            id: child_id(service, "schedule", n),
            freq: Some("WEEKLY".to_owned()),
            byday: Some((*byday).to_owned()),
            opens_at: Some((*opens).to_owned()),
            closes_at: Some((*closes).to_owned()),
            valid_from: None,
            valid_to: None,
            description: None,
        })
        .collect()
}

fn service_areas(rng: &mut ChaCha8Rng, service: Uuid, remote: bool) -> Vec<ServiceArea> {
    if !remote {
        return Vec::new();
    }
    let (extent, name) = if rng.random_bool(0.5) { ("K02000001", "United Kingdom") } else { ("E92000001", "England") };
    vec![ServiceArea {
        id: child_id(service, "area", 0),
        name: Some(name.to_owned()),
        description: None,
        extent: Some(extent.to_owned()),
        extent_type: Some("text".to_owned()),
    }]
}

fn locations(rng: &mut ChaCha8Rng, draft: &Draft<'_>, delivery: &[&str]) -> Vec<ServiceAtLocation> {
    let mut result = Vec::new();
    if let Some((lat, lon)) = draft.point {
        let town = draft.place_name.clone();
        let venue = format!(
            "{} {}",
            town.split(" near ").next().unwrap_or_default(),
            VENUES.choose(rng).copied().unwrap_or("Library")
        );
        let location_id = child_id(draft.id, "location", 0);
        result.push(ServiceAtLocation {
            id: child_id(draft.id, "service_at_location", 0),
            description: None,
            location: Location {
                id: location_id,
                location_type: "physical".to_owned(),
                name: Some(venue),
                description: None,
                url: None,
                latitude: Some((lat * 1e5).round() / 1e5),
                longitude: Some((lon * 1e5).round() / 1e5),
                addresses: vec![address(rng, location_id, &town)],
                accessibility: accessibility(rng, location_id),
            },
        });
    }
    if delivery.contains(&"online") {
        let location_id = child_id(draft.id, "location", 1);
        result.push(ServiceAtLocation {
            id: child_id(draft.id, "service_at_location", 1),
            description: None,
            location: Location {
                id: location_id,
                location_type: "virtual".to_owned(),
                name: Some("Online".to_owned()),
                description: Some("Video calls and web chat.".to_owned()),
                url: Some(format!("https://chat.example.org/{}", draft.id.simple())),
                latitude: None,
                longitude: None,
                addresses: Vec::new(),
                accessibility: Vec::new(),
            },
        });
    }
    result
}

fn address(rng: &mut ChaCha8Rng, location: Uuid, place: &str) -> Address {
    let street = STREETS.choose(rng).copied().unwrap_or("High Street");
    // "ZZ" is not a real postcode area, so these never resolve to a real place.
    let postcode = format!(
        "ZZ{} {}{}{}",
        rng.random_range(1..30),
        rng.random_range(1..10),
        char::from(b'A' + rng.random_range(0..26)),
        char::from(b'A' + rng.random_range(0..26))
    );
    Address {
        id: child_id(location, "address", 0),
        attention: None,
        address_1: format!("{} {street}", rng.random_range(1..200)),
        address_2: None,
        city: place.split(" near ").next().unwrap_or_default().to_owned(),
        region: None,
        state_province: "England".to_owned(),
        postal_code: postcode,
        country: "GB".to_owned(),
        address_type: "physical".to_owned(),
    }
}

fn accessibility(rng: &mut ChaCha8Rng, location: Uuid) -> Vec<Accessibility> {
    if !rng.random_bool(0.4) {
        return Vec::new();
    }
    let details = ["Step-free access", "Hearing loop", "Accessible toilet", "Free parking"].choose(rng).copied();
    vec![Accessibility {
        id: child_id(location, "accessibility", 0),
        description: details.map(str::to_owned),
        details: None,
        url: None,
    }]
}

fn languages(rng: &mut ChaCha8Rng, service: Uuid) -> Vec<Language> {
    let mut result = vec![Language {
        id: child_id(service, "language", 0),
        name: Some("English".to_owned()),
        code: Some("en".to_owned()),
        note: None,
    }];
    if rng.random_bool(0.1) {
        if let Some((name, code)) = LANGUAGES.choose(rng) {
            result.push(Language {
                id: child_id(service, "language", 1),
                name: Some((*name).to_owned()),
                code: Some((*code).to_owned()),
                note: Some("Some staff speak this language.".to_owned()),
            });
        }
    }
    result
}

fn cost_options(rng: &mut ChaCha8Rng, service: Uuid, paid: bool) -> Vec<CostOption> {
    if !paid {
        return if rng.random_bool(0.3) {
            vec![CostOption {
                id: child_id(service, "cost", 0),
                option: Some("Free".to_owned()),
                currency: Some("GBP".to_owned()),
                amount: Some(0.0),
                amount_description: Some("Free of charge".to_owned()),
            }]
        } else {
            Vec::new()
        };
    }
    let amount = f64::from(rng.random_range(1_u32..=30)) * 0.5;
    vec![CostOption {
        id: child_id(service, "cost", 0),
        option: Some(
            ["Per session", "Per week", "Per course"].choose(rng).copied().unwrap_or("Per session").to_owned(),
        ),
        currency: Some("GBP".to_owned()),
        amount: Some(amount),
        amount_description: Some(format!("£{amount:.2}")),
    }]
}

fn assured_date(rng: &mut ChaCha8Rng) -> String {
    let (year, month, day) = ASSURED_ANCHOR;
    let anchor = chrono::NaiveDate::from_ymd_opt(year, month, day).expect("BUG: the anchor date is valid");
    let date = anchor - chrono::Duration::days(rng.random_range(0..ASSURED_WINDOW_DAYS));
    date.format("%Y-%m-%d").to_string()
}

/// Words for a sub-need: kinds of service (for names) and what it offers (for
/// descriptions).
struct Vocabulary {
    kinds: &'static [&'static str],
    offers: &'static [&'static str],
}

const FALLBACK: Vocabulary = Vocabulary {
    kinds: &["Support Service", "Advice Service", "Drop-in", "Community Project"],
    offers: &["friendly support and advice", "practical help", "information and signposting"],
};

/// Returns the vocabulary for a sub-need slug (a general one for unknown slugs).
fn vocabulary(slug: &str) -> &'static Vocabulary {
    VOCABULARY.iter().find(|(key, _)| *key == slug).map_or(&FALLBACK, |(_, vocabulary)| vocabulary)
}

const VOCABULARY: [(&str, Vocabulary); 30] = [
    (
        "benefits",
        Vocabulary {
            kinds: &[
                "Benefits Advice",
                "Welfare Rights Service",
                "Benefit Check Clinic",
                "Universal Credit Help Point",
            ],
            offers: &[
                "help to claim Universal Credit, PIP and Pension Credit",
                "free benefit checks to make sure you get everything you are entitled to",
                "support with benefit forms, appeals and mandatory reconsiderations",
                "help if your benefits have been sanctioned or stopped",
            ],
        },
    ),
    (
        "debt",
        Vocabulary {
            kinds: &["Debt Advice Service", "Money Advice Clinic", "Debt Help Drop-in", "Money Matters Advice"],
            offers: &[
                "free, confidential debt advice",
                "help dealing with bailiffs, arrears and credit card debt",
                "advice on debt relief orders, IVAs and bankruptcy",
                "help talking to the people you owe money to",
            ],
        },
    ),
    (
        "budgeting",
        Vocabulary {
            kinds: &["Budgeting Support", "Money Coaching", "Energy Advice Service", "Bills Help Desk"],
            offers: &[
                "help making a budget that works",
                "advice on lowering energy bills and fuel poverty grants",
                "one-to-one money coaching",
                "help with water, gas and electric bills",
            ],
        },
    ),
    (
        "food-and-essentials",
        Vocabulary {
            kinds: &["Foodbank", "Community Pantry", "Food Parcel Service", "Warm Space and Pantry", "Baby Bank"],
            offers: &[
                "emergency food parcels",
                "a community pantry with low-cost groceries",
                "toiletries, nappies and baby items",
                "a warm space with hot drinks and a meal",
            ],
        },
    ),
    (
        "work-and-skills",
        Vocabulary {
            kinds: &["Job Club", "Employment Support", "CV and Interview Help", "Skills for Work Programme"],
            offers: &[
                "help writing a CV and applying for jobs",
                "interview practice and confidence building",
                "support into training and apprenticeships",
                "a weekly job club with computers and internet",
            ],
        },
    ),
    (
        "homelessness",
        Vocabulary {
            kinds: &["Homeless Outreach", "Night Shelter", "Rough Sleeper Team", "Homeless Drop-in Centre"],
            offers: &[
                "outreach for people sleeping rough",
                "emergency beds and a hot meal",
                "showers, laundry and a safe place during the day",
                "help finding somewhere to stay if you are homeless or sofa surfing",
            ],
        },
    ),
    (
        "housing-advice",
        Vocabulary {
            kinds: &["Housing Advice Service", "Tenants Advice Line", "Housing Rights Clinic"],
            offers: &[
                "advice if you are facing eviction or a section 21 notice",
                "help with repairs, damp and mould",
                "advice on joining the housing register",
                "help dealing with your landlord or letting agent",
            ],
        },
    ),
    (
        "tenancy-support",
        Vocabulary {
            kinds: &["Tenancy Support Service", "Tenancy Sustainment Team", "Setting Up Home Project"],
            offers: &[
                "support to keep your tenancy",
                "help with rent arrears",
                "help moving in and setting up your home",
                "practical support with bills and paperwork",
            ],
        },
    ),
    (
        "supported-housing",
        Vocabulary {
            kinds: &["Supported Accommodation", "Hostel", "Sheltered Housing Scheme", "Extra Care Housing"],
            offers: &[
                "supported accommodation with staff on site",
                "hostel rooms with key worker support",
                "sheltered housing for older people",
                "a safe place to live while you get back on your feet",
            ],
        },
    ),
    (
        "befriending",
        Vocabulary {
            kinds: &["Befriending Service", "Telephone Befriending", "Good Neighbours Scheme", "Friendly Call Service"],
            offers: &[
                "a weekly friendly call from a trained volunteer",
                "home visits from a befriender",
                "a befriender to chat with and go out with",
                "telephone befriending for people who feel lonely",
            ],
        },
    ),
    (
        "social-groups",
        Vocabulary {
            kinds: &["Lunch Club", "Coffee Morning", "Men's Shed", "Friendship Group", "Social Club"],
            offers: &[
                "a friendly lunch club",
                "a weekly coffee morning",
                "a men's shed for making, mending and chatting",
                "a chance to meet people and make friends",
            ],
        },
    ),
    (
        "peer-support",
        Vocabulary {
            kinds: &["Peer Support Group", "Support Circle", "Lived Experience Network"],
            offers: &[
                "a peer support group run by people with lived experience",
                "a safe space to share and listen",
                "mutual aid and support",
            ],
        },
    ),
    (
        "carers-support",
        Vocabulary {
            kinds: &["Carers Support Service", "Carers Centre", "Young Carers Project", "Carers Break Service"],
            offers: &[
                "support and advice for unpaid carers",
                "respite and carers breaks",
                "help with a carers assessment",
                "groups for young carers",
            ],
        },
    ),
    (
        "alcohol",
        Vocabulary {
            kinds: &["Alcohol Recovery Service", "Alcohol Support Group", "Drink Less Service"],
            offers: &[
                "support to cut down or stop drinking",
                "recovery groups and one-to-one support",
                "help planning a safe detox",
            ],
        },
    ),
    (
        "drugs",
        Vocabulary {
            kinds: &["Drug Recovery Service", "Substance Misuse Service", "Needle Exchange", "Recovery Hub"],
            offers: &[
                "confidential support with drug use",
                "needle exchange and harm reduction",
                "recovery groups and key work",
                "support with cannabis, cocaine, heroin or spice",
            ],
        },
    ),
    (
        "gambling",
        Vocabulary {
            kinds: &["Gambling Support Service", "Gambling Harm Clinic", "Betting Recovery Group"],
            offers: &[
                "support for people harmed by gambling",
                "help to stop betting, slots and online casino use",
                "support for families affected by gambling",
            ],
        },
    ),
    (
        "smoking",
        Vocabulary {
            kinds: &["Stop Smoking Service", "Quit Smoking Clinic", "Smokefree Support"],
            offers: &[
                "free stop smoking support",
                "nicotine replacement and advice on vaping",
                "weekly support to quit smoking",
            ],
        },
    ),
    (
        "domestic-abuse",
        Vocabulary {
            kinds: &["Domestic Abuse Service", "Domestic Abuse Helpline", "Refuge", "Domestic Violence Advisers"],
            offers: &[
                "confidential support if you are experiencing domestic abuse",
                "safety planning and advice",
                "refuge accommodation for women and children",
                "support with coercive control and abusive partners",
            ],
        },
    ),
    (
        "family-support",
        Vocabulary {
            kinds: &["Family Hub", "Parenting Support", "Toddler Group", "Single Parents Group"],
            offers: &[
                "parenting courses and family support",
                "a toddler group for parents and carers",
                "support for single parents",
                "help for families with young children",
            ],
        },
    ),
    (
        "bereavement",
        Vocabulary {
            kinds: &["Bereavement Support", "Grief Café", "Bereavement Counselling"],
            offers: &[
                "support after the death of someone close",
                "a grief café to talk with others who are bereaved",
                "bereavement counselling",
                "help with practical things after a death, including funerals",
            ],
        },
    ),
    (
        "relationship-support",
        Vocabulary {
            kinds: &["Relationship Counselling", "Family Mediation Service", "Couples Support"],
            offers: &[
                "couples counselling",
                "family mediation after separation or divorce",
                "support when arguments are affecting your family",
            ],
        },
    ),
    (
        "physical-activity",
        Vocabulary {
            kinds: &[
                "Walking Group",
                "Chair Exercise Class",
                "Community Football",
                "Active Lives Programme",
                "Yoga Class",
            ],
            offers: &[
                "a friendly walking group",
                "gentle chair exercise",
                "free community football sessions",
                "swimming and gym sessions at a reduced price",
                "beginners yoga",
            ],
        },
    ),
    (
        "healthy-eating",
        Vocabulary {
            kinds: &["Cook and Eat Club", "Healthy Eating Course", "Community Kitchen"],
            offers: &["cook and eat sessions", "simple recipes on a budget", "advice on nutrition and healthy eating"],
        },
    ),
    (
        "weight-management",
        Vocabulary {
            kinds: &["Weight Management Programme", "Healthy Weight Group", "Slimming Support"],
            offers: &[
                "a 12-week weight management programme",
                "support to lose weight and keep it off",
                "advice on diet and getting active",
            ],
        },
    ),
    (
        "wellbeing",
        Vocabulary {
            kinds: &[
                "Wellbeing Service",
                "Talking Therapies",
                "Counselling Service",
                "Mindfulness Group",
                "Wellbeing Café",
            ],
            offers: &[
                "free talking therapies for stress, anxiety and low mood",
                "low-cost counselling",
                "mindfulness sessions",
                "a wellbeing café to talk about how you feel",
            ],
        },
    ),
    (
        "volunteering",
        Vocabulary {
            kinds: &["Volunteer Centre", "Volunteering Hub", "Community Action Volunteers"],
            offers: &[
                "help finding volunteering that suits you",
                "volunteering opportunities in your area",
                "a chance to give back and learn new skills",
            ],
        },
    ),
    (
        "arts-and-creativity",
        Vocabulary {
            kinds: &["Community Choir", "Art Group", "Knit and Natter", "Drama Group", "Craft Club"],
            offers: &[
                "a community choir, no experience needed",
                "art and painting sessions",
                "a knitting and crafts group",
                "music and drama for all abilities",
            ],
        },
    ),
    (
        "learning",
        Vocabulary {
            kinds: &["Adult Learning Centre", "ESOL Classes", "Digital Skills Drop-in", "Library Learning"],
            offers: &[
                "English classes (ESOL)",
                "digital skills help with computers and phones",
                "free adult learning courses",
                "classes at your local library",
            ],
        },
    ),
    (
        "gardening-and-outdoors",
        Vocabulary {
            kinds: &["Community Garden", "Allotment Project", "Conservation Volunteers", "Green Gym"],
            offers: &[
                "a community garden open to everyone",
                "allotment plots and gardening sessions",
                "conservation and nature volunteering",
                "green space activities",
            ],
        },
    ),
    (
        "faith-and-culture",
        Vocabulary {
            kinds: &["Community Centre", "Cultural Association", "Heritage Group", "Faith Community Hub"],
            offers: &[
                "a community centre with activities for all ages",
                "cultural events and heritage activities",
                "support from local churches, mosques, temples and gurdwaras",
            ],
        },
    ),
];

/// Writes `services` generated records to `out`: NDJSON when the name ends in
/// `.ndjson`, otherwise one JSON array. Streams, so any size fits in memory.
pub fn gen_command(services: usize, seed: u64, out: &Path, taxonomy: &Taxonomy) -> anyhow::Result<()> {
    let started = Instant::now();
    let file = File::create(out).with_context(|| format!("could not create {}", out.display()))?;
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    let ndjson = out.extension().is_some_and(|ext| ext == "ndjson");
    let written = write_services(&mut writer, generate(services, seed, taxonomy), ndjson)
        .with_context(|| format!("could not write {}", out.display()))?;
    writer.flush().with_context(|| format!("could not write {}", out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "generated {written} synthetic services (seed {seed}) into {} in {seconds:.1} s ({:.0} services/s)",
        out.display(),
        written as f64 / seconds.max(1e-9)
    );
    Ok(())
}

/// Writes services as NDJSON lines or as a JSON array; returns how many were written.
fn write_services(
    writer: &mut impl Write,
    services: impl Iterator<Item = Service>,
    ndjson: bool,
) -> anyhow::Result<usize> {
    let mut count = 0;
    if !ndjson {
        writer.write_all(b"[\n")?;
    }
    for service in services {
        if !ndjson && count > 0 {
            writer.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *writer, &service)?;
        if ndjson {
            writer.write_all(b"\n")?;
        }
        count += 1;
    }
    if !ndjson {
        writer.write_all(b"\n]\n")?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::documents::service_doc;

    fn taxonomy() -> Taxonomy {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data/taxonomy.json");
        Taxonomy::load(&path).expect("seed taxonomy loads")
    }

    #[test]
    fn the_same_seed_gives_the_same_directory() {
        let taxonomy = taxonomy();
        let first: Vec<Service> = generate(500, 7, &taxonomy).collect();
        let second: Vec<Service> = generate(500, 7, &taxonomy).collect();
        let other: Vec<Service> = generate(500, 8, &taxonomy).collect();
        assert_eq!(first, second);
        assert_ne!(first[0].id, other[0].id);
    }

    #[test]
    fn exactly_the_requested_number_of_services_is_generated() {
        let taxonomy = taxonomy();
        for count in [0, 1, 7, 1_234] {
            assert_eq!(generate(count, 1, &taxonomy).count(), count, "count {count}");
        }
    }

    #[test]
    fn ids_are_unique() {
        let taxonomy = taxonomy();
        let ids: HashSet<Uuid> = generate(3_000, 3, &taxonomy).map(|service| service.id).collect();
        assert_eq!(ids.len(), 3_000);
    }

    #[test]
    fn every_service_has_a_known_need() {
        let taxonomy = taxonomy();
        for service in generate(2_000, 11, &taxonomy) {
            let needs: Vec<&str> = service.term_codes(NEEDS_TAXONOMY).collect();
            assert!(!needs.is_empty(), "{} has no need", service.name);
            assert!(needs.iter().all(|slug| taxonomy.need(slug).is_some()), "{needs:?}");
            assert!(!service_doc(&service, &taxonomy).needs.is_empty());
        }
    }

    #[test]
    fn coordinates_stay_in_the_uk_box_and_remote_services_have_coverage() {
        let taxonomy = taxonomy();
        let mut remote = 0;
        for service in generate(5_000, 5, &taxonomy) {
            let physical: Vec<&Location> = service
                .service_at_locations
                .iter()
                .map(|sal| &sal.location)
                .filter(|location| location.location_type == "physical")
                .collect();
            for location in &physical {
                let lat = location.latitude.expect("physical locations have a latitude");
                let lon = location.longitude.expect("physical locations have a longitude");
                assert!((LAT_RANGE.0..=LAT_RANGE.1).contains(&lat), "latitude {lat}");
                assert!((LON_RANGE.0..=LON_RANGE.1).contains(&lon), "longitude {lon}");
            }
            if physical.is_empty() {
                remote += 1;
                let extent = service.service_areas.first().and_then(|area| area.extent.as_deref());
                assert!(matches!(extent, Some("K02000001" | "E92000001")), "{extent:?}");
            }
        }
        assert_eq!(remote, 150, "3% of services are remote");
    }

    #[test]
    fn phones_are_in_ofcom_drama_ranges() {
        let taxonomy = taxonomy();
        for service in generate(1_000, 2, &taxonomy) {
            for phone in &service.phones {
                let number = phone.number.as_str();
                assert!(
                    number.starts_with("01632 960")
                        || number.starts_with("0808 157 0")
                        || number.starts_with("07700 900"),
                    "{number}"
                );
            }
        }
    }

    #[test]
    fn town_sizes_add_up_and_the_largest_is_much_bigger_than_the_smallest() {
        let plan = towns(100_000, 42);
        let placed: usize = plan.iter().map(|town| town.services + town.rural).sum();
        assert_eq!(placed + remote_count(100_000), 100_000);
        let largest = plan.iter().map(|town| town.services).max().unwrap_or_default();
        let smallest = plan.iter().map(|town| town.services).min().unwrap_or_default();
        assert!(largest > 50 * smallest, "{largest} vs {smallest}");
    }

    #[test]
    fn output_is_ndjson_or_a_json_array() {
        let taxonomy = taxonomy();
        let dir = tempfile::tempdir().expect("temp dir");
        let ndjson = dir.path().join("services.ndjson");
        let array = dir.path().join("services.json");
        gen_command(20, 9, &ndjson, &taxonomy).expect("ndjson written");
        gen_command(20, 9, &array, &taxonomy).expect("array written");
        let lines = std::fs::read_to_string(&ndjson).expect("readable");
        let from_lines: Vec<Service> =
            lines.lines().map(|line| serde_json::from_str(line).expect("one service per line")).collect();
        let text = std::fs::read_to_string(&array).expect("readable");
        let from_array: Vec<Service> = serde_json::from_str(&text).expect("a JSON array");
        assert_eq!(from_lines.len(), 20);
        assert_eq!(from_lines, from_array);
    }
}
