//! Search benchmark: indexes a synthetic directory on disk, runs a realistic mixed
//! query set against it and reports build time, index size, latency percentiles and
//! peak memory.

use std::{
    collections::BTreeMap,
    fmt,
    path::Path,
    time::{Duration, Instant},
};

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use rand::{seq::IndexedRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use signpost_index::{Delivery, GeoPoint, Near, SearchIndex, SearchQuery, Synonyms};

use crate::{
    documents::service_doc,
    generate::{generate, towns, Town},
    reference::{ReferenceData, Taxonomy},
};

const MIB: f64 = 1024.0 * 1024.0;
const MAX_WRITER_HEAP: usize = 1024 * 1024 * 1024;
const MIN_WRITER_HEAP: usize = 128 * 1024 * 1024;
/// Heap per service while indexing; about 100,000 services or more get the full 1 GiB.
const WRITER_HEAP_PER_SERVICE: usize = 10 * 1024;
const COMMIT_EVERY: usize = 200_000;
const WARM_UP_QUERIES: usize = 100;
const PAGE_SIZE: usize = 20;
const KM_PER_DEGREE_LAT: f64 = 111.2;
/// Regions every generated point lies in, so national services can match.
const NATIONAL_REGIONS: [&str; 2] = ["E92000001", "K02000001"];

/// Everyday searches people type.
const PHRASES: [&str; 32] = [
    "befriending",
    "debt advice",
    "universal credit",
    "counselling",
    "food parcels",
    "food bank",
    "walking group",
    "recovery",
    "carers",
    "bereavement",
    "housing",
    "homeless",
    "gambling",
    "volunteering",
    "mental health",
    "stop smoking",
    "job club",
    "lunch club",
    "domestic abuse",
    "parenting",
    "english classes",
    "benefits advice",
    "energy bills",
    "weight loss",
    "men's shed",
    "alcohol support",
    "young carers",
    "eviction",
    "art group",
    "community garden",
    "anxiety",
    "coffee morning",
];

/// Words of six letters or more to misspell.
const TYPO_SOURCES: [&str; 16] = [
    "befriending",
    "counselling",
    "bereavement",
    "volunteering",
    "gambling",
    "homeless",
    "universal credit",
    "debt advice",
    "parenting",
    "alcohol recovery",
    "domestic abuse",
    "foodbank",
    "walking group",
    "smoking",
    "benefits",
    "loneliness",
];

/// Colloquial phrases the synonym rules expand.
const SYNONYM_PHRASES: [&str; 14] = [
    "skint",
    "food parcel",
    "lonely",
    "hard up",
    "cost of living",
    "sleeping rough",
    "behind on rent",
    "no money",
    "nobody to talk to",
    "can't pay bills",
    "bailiffs",
    "sofa surfing",
    "hungry",
    "evicted",
];

/// The shape of a benchmark query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum QueryKind {
    TextNearFiltered,
    TextOnly,
    BrowseNearby,
    TypoNear,
    SynonymNear,
}

impl QueryKind {
    const ALL: [QueryKind; 5] =
        [Self::TextNearFiltered, Self::TextOnly, Self::BrowseNearby, Self::TypoNear, Self::SynonymNear];

    fn label(self) -> &'static str {
        match self {
            Self::TextNearFiltered => "text+near+filters",
            Self::TextOnly => "text only",
            Self::BrowseNearby => "browse nearby",
            Self::TypoNear => "typo+near",
            Self::SynonymNear => "synonym+near",
        }
    }

    /// Picks a kind with the mix 35/20/20/15/10.
    fn pick(rng: &mut ChaCha8Rng) -> Self {
        match rng.random_range(0..100) {
            0..35 => Self::TextNearFiltered,
            35..55 => Self::TextOnly,
            55..75 => Self::BrowseNearby,
            75..90 => Self::TypoNear,
            _ => Self::SynonymNear,
        }
    }
}

/// Runs the benchmark on `services` synthetic records and prints the report.
pub fn bench_command(services: usize, seed: u64, queries: usize, reference: &ReferenceData) -> anyhow::Result<()> {
    let report = run(services, seed, queries, reference)?;
    println!("{report}");
    Ok(())
}

/// Everything the benchmark measured.
struct Report {
    services: usize,
    seed: u64,
    build: BuildStats,
    index_bytes: u64,
    warm_up: usize,
    latencies: Vec<Sample>,
    peak_memory_kib: Option<u64>,
}

struct BuildStats {
    indexed: usize,
    elapsed: Duration,
    final_commit: Duration,
    heap_bytes: usize,
}

struct Sample {
    kind: QueryKind,
    elapsed: Duration,
    total: usize,
    returned: usize,
}

fn run(services: usize, seed: u64, queries: usize, reference: &ReferenceData) -> anyhow::Result<Report> {
    let dir = tempfile::TempDir::new().context("could not create a temporary index directory")?;
    let (index, build) = build_index(dir.path(), services, seed, reference)?;
    let index_bytes = dir_size(dir.path()).context("could not measure the index on disk")?;

    let plan = towns(services, seed);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5157_0a5c_beac_0000);
    let today = today_day();
    let warm_up: Vec<(QueryKind, SearchQuery)> =
        (0..WARM_UP_QUERIES).map(|_| random_query(&mut rng, &plan, &reference.taxonomy, today)).collect();
    let measured: Vec<(QueryKind, SearchQuery)> =
        (0..queries).map(|_| random_query(&mut rng, &plan, &reference.taxonomy, today)).collect();

    for (_, query) in &warm_up {
        index.search(query).context("warm-up search failed")?;
    }
    let mut latencies = Vec::with_capacity(measured.len());
    for (kind, query) in &measured {
        let started = Instant::now();
        let results = index.search(query).context("benchmark search failed")?;
        let elapsed = started.elapsed();
        latencies.push(Sample { kind: *kind, elapsed, total: results.total, returned: results.hits.len() });
    }

    Ok(Report {
        services,
        seed,
        build,
        index_bytes,
        warm_up: warm_up.len(),
        latencies,
        peak_memory_kib: peak_memory_kib(),
    })
}

/// Returns the writer heap for `services` documents: 10 KiB each, between 128 MiB and 1 GiB.
fn writer_heap_bytes(services: usize) -> usize {
    services.saturating_mul(WRITER_HEAP_PER_SERVICE).clamp(MIN_WRITER_HEAP, MAX_WRITER_HEAP)
}

/// Indexes the generated directory into `dir`, streaming one service at a time.
fn build_index(
    dir: &Path,
    services: usize,
    seed: u64,
    reference: &ReferenceData,
) -> anyhow::Result<(SearchIndex, BuildStats)> {
    let synonyms = Synonyms::parse(&reference.synonyms_text).context("could not parse synonyms")?;
    let (index, _created) = SearchIndex::open_or_create(dir, synonyms).context("could not create the index")?;
    let heap_bytes = writer_heap_bytes(services);
    let started = Instant::now();
    let (indexed, final_commit) = index_services(&index, heap_bytes, services, seed, &reference.taxonomy)?;
    let elapsed = started.elapsed();
    Ok((index, BuildStats { indexed, elapsed, final_commit, heap_bytes }))
}

/// Writes the generated services, committing every 200,000 and at the end; returns how
/// many were indexed and how long the final commit took. The writer is released on
/// return, so searches see everything.
fn index_services(
    index: &SearchIndex,
    heap_bytes: usize,
    services: usize,
    seed: u64,
    taxonomy: &Taxonomy,
) -> anyhow::Result<(usize, Duration)> {
    let mut updater = index.writer(heap_bytes).context("could not open the index writer")?;
    let mut indexed = 0_usize;
    let mut since_commit = 0_usize;
    for service in generate(services, seed, taxonomy) {
        updater.upsert(&service_doc(&service, taxonomy)).context("could not index a service")?;
        indexed += 1;
        since_commit += 1;
        if since_commit == COMMIT_EVERY {
            updater.commit(sequence(indexed)).context("could not commit the index")?;
            since_commit = 0;
        }
    }
    let commit_started = Instant::now();
    updater.commit(sequence(indexed)).context("could not commit the index")?;
    Ok((indexed, commit_started.elapsed()))
}

fn sequence(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Returns the total size of the files under `dir`.
fn dir_size(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let metadata = entry.metadata()?;
        total += if metadata.is_dir() { dir_size(&entry.path())? } else { metadata.len() };
    }
    Ok(total)
}

fn today_day() -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("BUG: the epoch is a valid date");
    i32::try_from((Utc::now().date_naive() - epoch).num_days()).unwrap_or(i32::MAX)
}

/// Returns the process's peak resident memory in KiB (VmHWM), or None off Linux.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Returns one query of a random kind, in the benchmark's mix.
fn random_query(rng: &mut ChaCha8Rng, plan: &[Town], taxonomy: &Taxonomy, today: i32) -> (QueryKind, SearchQuery) {
    let kind = QueryKind::pick(rng);
    let mut query = SearchQuery {
        now: rng.random_range(0..7 * 24 * 60),
        today_day: today,
        offset: if rng.random_bool(0.1) { PAGE_SIZE } else { 0 },
        limit: PAGE_SIZE,
        ..SearchQuery::default()
    };
    match kind {
        QueryKind::TextNearFiltered => {
            query.text = pick(rng, &PHRASES).to_owned();
            let radius = pick_radius(rng, &[2.0, 5.0, 10.0, 25.0, 50.0]);
            query.near = Some(near(rng, plan, radius));
            add_filters(rng, &mut query, taxonomy);
        }
        QueryKind::TextOnly => query.text = pick(rng, &PHRASES).to_owned(),
        QueryKind::BrowseNearby => {
            let radius = rng.random_range(5.0..=50.0);
            query.near = Some(near(rng, plan, radius));
        }
        QueryKind::TypoNear => {
            let source = pick(rng, &TYPO_SOURCES);
            query.text = misspell(rng, source);
            let radius = pick_radius(rng, &[5.0, 10.0, 25.0]);
            query.near = Some(near(rng, plan, radius));
        }
        QueryKind::SynonymNear => {
            query.text = pick(rng, &SYNONYM_PHRASES).to_owned();
            let radius = pick_radius(rng, &[5.0, 10.0, 25.0]);
            query.near = Some(near(rng, plan, radius));
        }
    }
    (kind, query)
}

fn pick(rng: &mut ChaCha8Rng, options: &[&'static str]) -> &'static str {
    options.choose(rng).copied().unwrap_or("help")
}

fn pick_radius(rng: &mut ChaCha8Rng, options: &[f64]) -> f64 {
    options.choose(rng).copied().unwrap_or(10.0)
}

/// Adds one or two filters: need, free, open now, age or delivery.
fn add_filters(rng: &mut ChaCha8Rng, query: &mut SearchQuery, taxonomy: &Taxonomy) {
    let filters = rng.random_range(1..=2);
    for _ in 0..filters {
        match rng.random_range(0..5) {
            0 => {
                let slugs = taxonomy.need_slugs();
                if let Some(slug) = slugs.choose(rng) {
                    query.needs = vec![(*slug).to_owned()];
                }
            }
            1 => query.free_only = true,
            2 => query.open_now_only = true,
            3 => query.age = Some(rng.random_range(8..=85)),
            _ => query.delivery = [Delivery::InPerson, Delivery::Phone, Delivery::Online].choose(rng).copied(),
        }
    }
}

/// Returns a search centre near a town (chosen in proportion to its size, as people
/// live where services are), jittered within the town's spread.
fn near(rng: &mut ChaCha8Rng, plan: &[Town], radius_km: f64) -> Near {
    let town = plan.choose_weighted(rng, |town| town.services + town.rural + 1).ok();
    let (lat, lon) = town.map_or((52.63, -1.13), |town| {
        let north = rng.random_range(-1.0..=1.0) * town.spread_km;
        let east = rng.random_range(-1.0..=1.0) * town.spread_km;
        let lat = town.lat + north / KM_PER_DEGREE_LAT;
        let lon = town.lon + east / (KM_PER_DEGREE_LAT * town.lat.to_radians().cos());
        (lat, lon)
    });
    Near {
        point: GeoPoint { lat, lon },
        radius_km,
        regions: NATIONAL_REGIONS.iter().map(|code| (*code).to_owned()).collect(),
    }
}

/// Swaps two neighbouring letters of, or drops a letter from, each word of six
/// letters or more.
fn misspell(rng: &mut ChaCha8Rng, phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split(' ')
        .map(|word| {
            let mut letters: Vec<char> = word.chars().collect();
            if letters.len() < 6 {
                return word.to_owned();
            }
            // Keep the first letter: people rarely get that wrong.
            let at = rng.random_range(1..letters.len() - 1);
            // Swapping a double letter would change nothing, so drop one instead.
            if rng.random_bool(0.5) && letters[at] != letters[at + 1] {
                letters.swap(at, at + 1);
            } else {
                letters.remove(at);
            }
            letters.into_iter().collect()
        })
        .collect();
    words.join(" ")
}

/// Latency figures for one group of samples, in milliseconds.
struct Summary {
    count: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    mean_total: f64,
    mean_returned: f64,
}

impl Summary {
    fn of<'a>(samples: impl Iterator<Item = &'a Sample>) -> Option<Self> {
        let samples: Vec<&Sample> = samples.collect();
        if samples.is_empty() {
            return None;
        }
        let mut millis: Vec<f64> = samples.iter().map(|sample| sample.elapsed.as_secs_f64() * 1000.0).collect();
        millis.sort_by(f64::total_cmp);
        let count = samples.len();
        let mean = |value: fn(&Sample) -> usize| {
            samples.iter().map(|sample| value(sample)).sum::<usize>() as f64 / count as f64
        };
        Some(Self {
            count,
            p50: percentile(&millis, 50.0),
            p95: percentile(&millis, 95.0),
            p99: percentile(&millis, 99.0),
            max: millis.last().copied().unwrap_or_default(),
            mean_total: mean(|sample| sample.total),
            mean_returned: mean(|sample| sample.returned),
        })
    }
}

/// Returns the nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], percent: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let build_seconds = self.build.elapsed.as_secs_f64();
        writeln!(f, "Signpost search benchmark (synthetic directory, seed {})", self.seed)?;
        writeln!(f, "  services indexed     {} of {}", self.build.indexed, self.services)?;
        writeln!(
            f,
            "  build time           {build_seconds:.2} s ({:.0} docs/s; final commit {:.2} s; writer heap {:.0} MiB)",
            self.build.indexed as f64 / build_seconds.max(1e-9),
            self.build.final_commit.as_secs_f64(),
            self.build.heap_bytes as f64 / MIB
        )?;
        writeln!(f, "  index size on disk   {:.1} MiB", self.index_bytes as f64 / MIB)?;
        match self.peak_memory_kib {
            Some(kib) => writeln!(f, "  peak memory (VmHWM)  {:.1} MiB", kib as f64 / 1024.0)?,
            None => writeln!(f, "  peak memory (VmHWM)  unavailable")?,
        }
        writeln!(f, "  queries              {} measured after {} warm-up", self.latencies.len(), self.warm_up)?;
        writeln!(f)?;
        writeln!(
            f,
            "  {:<18} {:>6} {:>9} {:>9} {:>9} {:>9} {:>11} {:>9}",
            "latency (ms)", "count", "p50", "p95", "p99", "max", "mean total", "mean hits"
        )?;
        let mut rows: BTreeMap<QueryKind, Summary> = BTreeMap::new();
        for kind in QueryKind::ALL {
            if let Some(summary) = Summary::of(self.latencies.iter().filter(|sample| sample.kind == kind)) {
                rows.insert(kind, summary);
            }
        }
        if let Some(all) = Summary::of(self.latencies.iter()) {
            write_row(f, "all", &all)?;
        }
        for (kind, summary) in &rows {
            write_row(f, kind.label(), summary)?;
        }
        Ok(())
    }
}

fn write_row(f: &mut fmt::Formatter<'_>, label: &str, summary: &Summary) -> fmt::Result {
    writeln!(
        f,
        "  {label:<18} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>11.1} {:>9.1}",
        summary.count, summary.p50, summary.p95, summary.p99, summary.max, summary.mean_total, summary.mean_returned
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn reference() -> ReferenceData {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data");
        ReferenceData::load(&dir).expect("seed data loads")
    }

    #[test]
    fn bench_runs_on_a_small_directory() {
        let reference = reference();
        bench_command(2_000, 42, 50, &reference).expect("benchmark runs");
    }

    #[test]
    fn the_report_covers_every_query() {
        // Arrange
        let reference = reference();

        // Act
        let report = run(1_000, 3, 40, &reference).expect("benchmark runs");

        // Assert
        assert_eq!(report.build.indexed, 1_000);
        assert_eq!(report.latencies.len(), 40);
        assert!(report.index_bytes > 0);
        assert!(report.latencies.iter().any(|sample| sample.total > 0), "some queries find services");
        let text = report.to_string();
        assert!(text.contains("p95") && text.contains("browse nearby"), "{text}");
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&values, 100.0), 100.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn misspelling_changes_only_long_words() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let typo = misspell(&mut rng, "debt counselling");
        assert!(typo.starts_with("debt "), "{typo}");
        assert_ne!(typo, "debt counselling");
    }

    /// Run in release: `cargo test --release -p signpost-server bench -- --ignored --nocapture`.
    #[test]
    #[ignore = "takes minutes; run in release for the benchmark figures"]
    fn bench_one_hundred_thousand_services() {
        let reference = reference();
        bench_command(100_000, 42, 2_000, &reference).expect("benchmark runs");
    }
}
