//! Rough build and query timings on synthetic services: `cargo run --release -p signpost-index --example bench -- 50000`.

use std::time::Instant;

use signpost_index::{Delivery, GeoPoint, Near, SearchIndex, SearchQuery, ServiceDoc, Synonyms, WeeklyInterval};

const WORDS: &[&str] = &[
    "debt",
    "advice",
    "money",
    "benefits",
    "housing",
    "homeless",
    "food",
    "bank",
    "befriending",
    "lonely",
    "counselling",
    "mental",
    "health",
    "carers",
    "support",
    "group",
    "walking",
    "exercise",
    "alcohol",
    "drugs",
    "recovery",
    "family",
    "children",
    "young",
    "people",
    "older",
    "dementia",
    "café",
    "community",
    "library",
    "employment",
    "skills",
    "training",
    "volunteering",
    "garden",
    "art",
    "music",
    "bereavement",
    "domestic",
    "abuse",
    "refugee",
    "asylum",
    "language",
    "english",
    "digital",
    "computer",
    "energy",
    "fuel",
    "warm",
    "hub",
];
const NEEDS: &[&str] = &[
    "money",
    "debt",
    "benefits",
    "housing",
    "homelessness",
    "loneliness",
    "befriending",
    "addiction",
    "alcohol",
    "relationships",
    "healthy_lifestyles",
    "exercise",
    "community_activity",
    "food",
    "carers",
    "mental_health",
];

/// Builds a query for a centre and an iteration number.
type MakeQuery<'a> = Box<dyn Fn(GeoPoint, usize) -> SearchQuery + 'a>;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| WORDS[self.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
    }
    /// Filler words from a 3,000-word made-up vocabulary, roughly Zipf-distributed.
    fn filler(&mut self, n: usize) -> String {
        (0..n).map(|_| format!("w{}x", (3000.0f64.powf(self.unit())) as u32)).collect::<Vec<_>>().join(" ")
    }
}

fn point(rng: &mut Rng) -> GeoPoint {
    if rng.below(2) == 0 {
        GeoPoint { lat: 52.6344 + (rng.unit() - 0.5) * 0.1, lon: -1.1319 + (rng.unit() - 0.5) * 0.16 }
    } else {
        GeoPoint { lat: 52.39 + rng.unit() * 0.59, lon: -1.6 + rng.unit() * 1.18 }
    }
}

fn make(i: usize, rng: &mut Rng) -> ServiceDoc {
    let located = rng.below(5) != 0;
    let name_len = 2;
    let desc_len = 20 + rng.below(20);
    let kw_len = 2;
    ServiceDoc {
        id: format!("00000000-0000-4000-8000-{i:012}"),
        name: rng.words(name_len),
        organisation: format!("{} trust", rng.words(1)),
        summary: format!("{} {}", rng.words(3), rng.filler(5)),
        description: format!("{} {}", rng.words(5), rng.filler(desc_len)),
        keywords: vec![rng.words(kw_len)],
        needs: (0..1 + rng.below(2)).map(|_| NEEDS[rng.below(NEEDS.len())].to_string()).collect(),
        locations: if located { (0..1 + rng.below(2)).map(|_| point(rng)).collect() } else { vec![] },
        coverage: if located { vec![] } else { vec!["E54000015".into()] },
        delivery: if located { vec![Delivery::InPerson] } else { vec![Delivery::Phone, Delivery::Online] },
        min_age: if rng.below(4) == 0 { Some(18) } else { None },
        max_age: if rng.below(6) == 0 { Some(25) } else { None },
        free: rng.below(3) != 0,
        opening: if rng.below(10) < 7 {
            Some((0..5).map(|d| WeeklyInterval { start: d * 1440 + 540, end: d * 1440 + 1020 }).collect())
        } else {
            None
        },
        assured_date: None,
        assured_day: if rng.below(5) == 0 { None } else { Some(20000 - rng.below(900) as i32) },
        audiences: Vec::new(),
    }
}

fn pct(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    format!("p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms", at(0.5), at(0.95), at(0.99))
}

fn main() -> signpost_index::Result<()> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let heap: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1_000_000_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut docs: Vec<ServiceDoc> = (0..n).map(|i| make(i, &mut rng)).collect();
    // Location order, as the server does before a rebuild.
    let key =
        |d: &ServiceDoc| d.locations.first().map_or((i64::MAX, 0), |p| (((p.lat * 16.0) as i64), (p.lon * 1e4) as i64));
    docs.sort_by_key(key);

    let synonyms = Synonyms::parse("skint, broke => debt, money\nlonely => befriending\ndrink => alcohol\n")?;
    let dir = tempfile_dir();
    let (index, _) = SearchIndex::open_or_create(&dir, synonyms)?;
    let t = Instant::now();
    let mut w = index.writer(heap)?;
    for d in &docs {
        w.upsert(d)?;
    }
    w.commit(1)?;
    println!("built {n} docs in {:.1} s ({} segments)", t.elapsed().as_secs_f64(), index.num_segments());
    drop(w);

    let centres: Vec<GeoPoint> = (0..50).map(|_| point(&mut rng)).collect();
    let regions = vec!["E06000016".to_string(), "E54000015".to_string()];
    let near = |c: GeoPoint, r: f64| Some(Near { point: c, radius_km: r, regions: regions.clone() });
    let kinds: Vec<(&str, MakeQuery<'_>)> = vec![
        (
            "text+near10+filters",
            Box::new(|c, i| SearchQuery {
                text: ["debt advice", "food bank", "counselling", "walking group"][i % 4].into(),
                near: near(c, 10.0),
                free_only: i % 2 == 0,
                age: Some(30),
                limit: 20,
                today_day: 20000,
                ..Default::default()
            }),
        ),
        (
            "typo+near10",
            Box::new(|c, i| SearchQuery {
                text: ["councelling", "benifits", "befrending", "skint"][i % 4].into(),
                near: near(c, 10.0),
                limit: 20,
                today_day: 20000,
                ..Default::default()
            }),
        ),
        (
            "text only",
            Box::new(|_, i| SearchQuery {
                text: ["debt", "lonely", "mental health support", "alcohol"][i % 4].into(),
                limit: 20,
                today_day: 20000,
                ..Default::default()
            }),
        ),
        (
            "browse near 3km",
            Box::new(|c, _| SearchQuery { near: near(c, 3.0), limit: 20, today_day: 20000, ..Default::default() }),
        ),
        (
            "browse near 25km+needs",
            Box::new(|c, _| SearchQuery {
                near: near(c, 25.0),
                needs: vec!["debt".into()],
                limit: 20,
                today_day: 20000,
                ..Default::default()
            }),
        ),
        (
            "browse near 50km",
            Box::new(|c, _| SearchQuery { near: near(c, 50.0), limit: 20, today_day: 20000, ..Default::default() }),
        ),
        (
            "open now near 10km",
            Box::new(|c, _| SearchQuery {
                near: near(c, 10.0),
                open_now_only: true,
                now: 600,
                limit: 20,
                today_day: 20000,
                ..Default::default()
            }),
        ),
    ];
    for (name, make_q) in &kinds {
        let mut times = Vec::new();
        let mut total = 0;
        for (i, c) in centres.iter().enumerate() {
            let q = make_q(*c, i);
            let t = Instant::now();
            let r = index.search(&q)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total += r.total;
        }
        println!("{name:<24} {}  (avg total {})", pct(times), total / centres.len());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("signpost-bench-{}", std::process::id()))
}
