//! `signpost eval`: measures search relevance on the judged set in `seed-data/eval/`.
//!
//! Builds a throwaway database and index from the sample directory and the real council
//! feeds through the real import and index paths, runs every judged query through the
//! same request parsing as the API, and scores the first ten results (nDCG@10, recall@10,
//! MRR) by kind of query, beside a plain BM25 ranker over the same index. Queries whose
//! right answer is "nothing" are scored apart: right when no service is returned.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    fmt,
    path::{Path, PathBuf},
    sync::Arc,
};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use signpost_index::SearchIndex;

use crate::{
    import::{import_files, ImportOptions},
    keeper::IndexKeeper,
    reference::ReferenceData,
    search::{SearchParams, SearchRequest},
    startup::open_index,
    storage::{self, RecordStatus},
};

/// Results scored per query.
pub const CUTOFF: usize = 10;
/// The kind of query whose right answer is no results.
pub const NO_MATCH: &str = "no-match";
/// The judged set, relative to the seed-data directory.
pub const DEFAULT_SET: &str = "eval/relevance.json";
/// Evaluation time: fixed so that freshness and opening hours score the same every run.
const EVAL_NOW: &str = "2026-12-01T12:00:00Z";
/// How many BM25 results to fetch before a location filter.
const BM25_POOL: usize = 2_000;

/// The judged set as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct JudgedSet {
    /// Feed files to import beside the sample directory, relative to the seed-data directory.
    pub feeds: Vec<PathBuf>,
    /// The queries.
    pub queries: Vec<JudgedQuery>,
}

/// One judged query.
#[derive(Debug, Clone, Deserialize)]
pub struct JudgedQuery {
    /// Stable id, e.g. "q001".
    pub id: String,
    /// "development" (tuned on) or "second" (written after tuning).
    pub part: String,
    /// Kind of query: need-words, sentence, typo, slang, place, audience, condition, service-name, no-match.
    pub kind: String,
    /// What the person typed.
    pub text: String,
    /// Where, as typed in the location box.
    #[serde(default)]
    pub location: Option<String>,
    /// Grade (1 or 2) per relevant service id; every other service is 0.
    pub grades: HashMap<String, u8>,
}

impl JudgedSet {
    /// Reads and checks a judged set.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
        let set: JudgedSet =
            serde_json::from_str(&text).with_context(|| format!("{} is not a judged set", path.display()))?;
        for query in &set.queries {
            let judged = query.grades.values().any(|grade| *grade > 0);
            anyhow::ensure!(
                judged != (query.kind == NO_MATCH),
                "query {} ({:?}): a {} query must {} relevant services",
                query.id,
                query.text,
                query.kind,
                if query.kind == NO_MATCH { "have no" } else { "have some" }
            );
        }
        Ok(set)
    }
}

/// Scores of one ranked list against one query's grades.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Normalised discounted cumulative gain of the first ten (gain 2^grade - 1).
    pub ndcg: f64,
    /// Relevant services in the first ten over min(relevant, 10).
    pub recall: f64,
    /// 1 / rank of the first relevant service (0 when none in the first ten).
    pub mrr: f64,
}

/// Returns the scores of `ranked` (best first) for `grades`.
pub fn score(ranked: &[String], grades: &HashMap<String, u8>) -> Scores {
    let gain = |grade: u8| f64::from((1u32 << grade) - 1);
    let discount = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let top = &ranked[..ranked.len().min(CUTOFF)];
    let grade_of = |id: &String| grades.get(id).copied().unwrap_or(0);
    let dcg: f64 = top.iter().enumerate().map(|(rank, id)| gain(grade_of(id)) * discount(rank)).sum();
    let mut ideal: Vec<u8> = grades.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal.iter().take(CUTOFF).enumerate().map(|(rank, g)| gain(*g) * discount(rank)).sum();
    let relevant = ideal.len();
    let found = top.iter().filter(|id| grade_of(id) > 0).count();
    let first = top.iter().position(|id| grade_of(id) > 0);
    Scores {
        ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        recall: if relevant > 0 { found as f64 / relevant.min(CUTOFF) as f64 } else { 0.0 },
        mrr: first.map_or(0.0, |rank| 1.0 / (rank + 1) as f64),
    }
}

/// What one query returned from both rankers.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The query.
    pub query: JudgedQuery,
    /// The service's search: first ten ids and total.
    pub ours: Vec<String>,
    /// Matches counted by the service's search.
    pub ours_total: usize,
    /// The BM25 reference: first ten ids.
    pub bm25: Vec<String>,
    /// Matches the BM25 reference found (up to its pool).
    pub bm25_total: usize,
}

/// Mean scores of a group of queries for both rankers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupScores {
    /// Number of queries.
    pub count: usize,
    /// The service's search.
    pub ours: Scores,
    /// The BM25 reference.
    pub bm25: Scores,
}

/// No-match queries: how often each ranker rightly returned nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NoMatchScores {
    /// Number of queries.
    pub count: usize,
    /// Queries the service's search answered with no results.
    pub ours_empty: usize,
    /// Unrelated services the service's search counted, summed.
    pub ours_returned: usize,
    /// Queries the BM25 reference answered with no results.
    pub bm25_empty: usize,
    /// Unrelated services the BM25 reference found, summed.
    pub bm25_returned: usize,
}

/// The evaluation of one part of the set.
#[derive(Debug, Clone, Default)]
pub struct PartReport {
    /// "development" or "second".
    pub part: String,
    /// Scores per kind of query (no-match excluded).
    pub kinds: BTreeMap<String, GroupScores>,
    /// Scores over every judged query of the part (no-match excluded).
    pub overall: GroupScores,
    /// The no-match queries.
    pub no_match: NoMatchScores,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Services indexed.
    pub services: u64,
    /// Per part of the set, development first.
    pub parts: Vec<PartReport>,
    /// Every query's outcome (for `--verbose`).
    pub outcomes: Vec<Outcome>,
}

fn mean(scores: &[Scores]) -> Scores {
    let n = scores.len().max(1) as f64;
    Scores {
        ndcg: scores.iter().map(|s| s.ndcg).sum::<f64>() / n,
        recall: scores.iter().map(|s| s.recall).sum::<f64>() / n,
        mrr: scores.iter().map(|s| s.mrr).sum::<f64>() / n,
    }
}

fn group(outcomes: &[&Outcome]) -> GroupScores {
    let ours: Vec<Scores> = outcomes.iter().map(|o| score(&o.ours, &o.query.grades)).collect();
    let bm25: Vec<Scores> = outcomes.iter().map(|o| score(&o.bm25, &o.query.grades)).collect();
    GroupScores { count: outcomes.len(), ours: mean(&ours), bm25: mean(&bm25) }
}

/// Summarises outcomes by part and kind.
pub fn summarise(services: u64, outcomes: Vec<Outcome>) -> Report {
    let mut parts: Vec<String> = Vec::new();
    for outcome in &outcomes {
        if !parts.contains(&outcome.query.part) {
            parts.push(outcome.query.part.clone());
        }
    }
    parts.sort_by_key(|part| (part != "development", part.clone()));
    let mut reports = Vec::new();
    for part in parts {
        let in_part: Vec<&Outcome> = outcomes.iter().filter(|o| o.query.part == part).collect();
        let judged: Vec<&Outcome> = in_part.iter().copied().filter(|o| o.query.kind != NO_MATCH).collect();
        let mut kinds: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
        for outcome in &judged {
            kinds.entry(outcome.query.kind.clone()).or_default().push(outcome);
        }
        let mut no_match = NoMatchScores::default();
        for outcome in in_part.iter().filter(|o| o.query.kind == NO_MATCH) {
            no_match.count += 1;
            no_match.ours_empty += usize::from(outcome.ours_total == 0);
            no_match.ours_returned += outcome.ours_total;
            no_match.bm25_empty += usize::from(outcome.bm25_total == 0);
            no_match.bm25_returned += outcome.bm25_total;
        }
        reports.push(PartReport {
            part,
            kinds: kinds.into_iter().map(|(kind, list)| (kind, group(&list))).collect(),
            overall: group(&judged),
            no_match,
        });
    }
    Report { services, parts: reports, outcomes }
}

/// Builds the evaluation index in `dir` from the sample directory and the set's feeds.
pub async fn build_index(
    dir: &Path,
    reference: &ReferenceData,
    set: &JudgedSet,
) -> anyhow::Result<(Arc<SearchIndex>, u64)> {
    let url = format!("sqlite://{}", dir.join("eval.db").display());
    let store = storage::connect(&url).await.context("could not open the evaluation database")?;
    let mut files = reference.directory_files()?;
    files.extend(set.feeds.iter().map(|feed| reference.dir.join(feed)));
    let options = ImportOptions { status: RecordStatus::Published, progress: false };
    let report = import_files(store.as_ref(), &files, &options).await?;
    // A record the importer refuses is not searchable for either ranker; say so and go on.
    for rejection in &report.rejected {
        eprintln!("note: record {} was not imported: {}", rejection.id, rejection.reason);
    }
    let (index, _) = open_index(&dir.join("index"), reference)?;
    let index = Arc::new(index);
    let keeper = IndexKeeper::new(store, Arc::clone(&index), Arc::clone(&reference.taxonomy))?;
    let services = keeper.rebuild().await?;
    drop(keeper);
    Ok((index, services))
}

/// Runs every query of `set` against `index` with both rankers.
pub fn run_queries(index: &SearchIndex, reference: &ReferenceData, set: &JudgedSet) -> anyhow::Result<Vec<Outcome>> {
    let now: DateTime<Utc> = EVAL_NOW.parse().context("BUG: the evaluation time parses")?;
    let mut outcomes = Vec::with_capacity(set.queries.len());
    for query in &set.queries {
        let params = SearchParams {
            q: Some(query.text.clone()),
            location: query.location.clone(),
            per_page: Some(CUTOFF.to_string()),
            ..SearchParams::default()
        };
        let request = SearchRequest::parse(&params, reference)
            .map_err(|error| anyhow::anyhow!("query {} ({:?}): {error}", query.id, query.text))?;
        let search = request.to_query(now);
        let results = index.search(&search)?;
        let ours: Vec<String> = results.hits.into_iter().map(|hit| hit.id).collect();
        // BM25 gets the same location filter: only services the search could show there.
        let pool = index.bm25_reference(&query.text, BM25_POOL)?;
        let pool = match &search.near {
            Some(_) => {
                let browse =
                    signpost_index::SearchQuery { text: String::new(), offset: 0, limit: BM25_POOL, ..search.clone() };
                let nearby: HashSet<String> = index.search(&browse)?.hits.into_iter().map(|hit| hit.id).collect();
                pool.into_iter().filter(|id| nearby.contains(id)).collect()
            }
            None => pool,
        };
        outcomes.push(Outcome {
            query: query.clone(),
            ours,
            ours_total: results.total,
            bm25_total: pool.len(),
            bm25: pool.into_iter().take(CUTOFF).collect(),
        });
    }
    Ok(outcomes)
}

/// Builds the index, runs the set and summarises it.
pub async fn evaluate(reference: &ReferenceData, set_path: &Path) -> anyhow::Result<Report> {
    let set = JudgedSet::load(set_path)?;
    let dir = tempfile::TempDir::new().context("could not create a temporary directory")?;
    let (index, services) = build_index(dir.path(), reference, &set).await?;
    let outcomes = tokio::task::block_in_place(|| run_queries(&index, reference, &set))?;
    drop(index);
    Ok(summarise(services, outcomes))
}

/// `signpost eval`: prints the report (and with `verbose`, each query's first results).
pub async fn eval_command(reference: &ReferenceData, set_path: &Path, verbose: bool) -> anyhow::Result<()> {
    let report = evaluate(reference, set_path).await?;
    if verbose {
        for outcome in &report.outcomes {
            print_outcome(outcome);
        }
        println!();
    }
    print!("{report}");
    Ok(())
}

fn print_outcome(outcome: &Outcome) {
    let query = &outcome.query;
    let ours = score(&outcome.ours, &query.grades);
    let bm25 = score(&outcome.bm25, &query.grades);
    println!(
        "{} [{}] {:?}{}  total {}  nDCG {:.2} (bm25 {:.2})",
        query.id,
        query.kind,
        query.text,
        query.location.as_deref().map(|l| format!(" near {l}")).unwrap_or_default(),
        outcome.ours_total,
        ours.ndcg,
        bm25.ndcg
    );
    let grades: String = outcome
        .ours
        .iter()
        .map(|id| query.grades.get(id).copied().unwrap_or(0).to_string())
        .collect::<Vec<_>>()
        .join("");
    println!("    ours grades: {grades}");
    println!("    ours: {}", outcome.ours.join(" "));
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Signpost relevance evaluation ({} services indexed; first {CUTOFF} results scored)",
            self.services
        )?;
        for part in &self.parts {
            writeln!(f)?;
            writeln!(f, "Part: {}", part.part)?;
            writeln!(
                f,
                "  {:<14} {:>5}  {:>8} {:>8}  {:>8} {:>8}  {:>8} {:>8}",
                "kind", "count", "nDCG@10", "bm25", "R@10", "bm25", "MRR", "bm25"
            )?;
            for (kind, scores) in &part.kinds {
                write_row(f, kind, scores)?;
            }
            write_row(f, "overall", &part.overall)?;
            let nm = &part.no_match;
            if nm.count > 0 {
                writeln!(
                    f,
                    "  {NO_MATCH}: right (no results) {}/{} (bm25 {}/{}); unrelated services returned {} (bm25 {})",
                    nm.ours_empty, nm.count, nm.bm25_empty, nm.count, nm.ours_returned, nm.bm25_returned
                )?;
            }
        }
        Ok(())
    }
}

fn write_row(f: &mut fmt::Formatter<'_>, label: &str, s: &GroupScores) -> fmt::Result {
    writeln!(
        f,
        "  {label:<14} {:>5}  {:>8.3} {:>8.3}  {:>8.3} {:>8.3}  {:>8.3} {:>8.3}",
        s.count, s.ours.ndcg, s.bm25.ndcg, s.ours.recall, s.bm25.recall, s.ours.mrr, s.bm25.mrr
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(pairs: &[(&str, u8)]) -> HashMap<String, u8> {
        pairs.iter().map(|(id, g)| ((*id).to_owned(), *g)).collect()
    }

    fn ranked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    /// nDCG@10 the search must keep on the development part of the judged set (0.857 when set).
    const DEVELOPMENT_NDCG_FLOOR: f64 = 0.85;
    /// nDCG@10 the search must keep on the second part (0.775 when set).
    const SECOND_NDCG_FLOOR: f64 = 0.77;
    /// Share of no-match queries that must be answered with no results, per part (4/12 and 2/4 when set).
    const NO_MATCH_RIGHT_FLOOR: f64 = 0.33;

    /// The floors: relevance on the judged set may not fall, and on the development part no
    /// kind of query may rank worse than plain BM25 over the same index. (The second part is
    /// not tuned on; its kinds are reported, and held to its overall floor only.)
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_judged_set_keeps_its_floors() {
        let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data");
        let reference = ReferenceData::load(&seed).expect("seed data loads");
        let report = evaluate(&reference, &seed.join(DEFAULT_SET)).await.expect("evaluation runs");
        println!("{report}");
        for outcome in &report.outcomes {
            print_outcome(outcome);
        }
        assert!(report.services > 900, "the sample directory and both feeds are indexed");
        for part in &report.parts {
            let floor = if part.part == "development" { DEVELOPMENT_NDCG_FLOOR } else { SECOND_NDCG_FLOOR };
            assert!(part.overall.ours.ndcg >= floor, "{} nDCG@10 {:.3} < {floor}", part.part, part.overall.ours.ndcg);
            for (kind, scores) in part.kinds.iter().filter(|_| part.part == "development") {
                assert!(
                    scores.ours.ndcg >= scores.bm25.ndcg,
                    "{} {kind}: nDCG@10 {:.3} below BM25 {:.3}",
                    part.part,
                    scores.ours.ndcg,
                    scores.bm25.ndcg
                );
            }
            let nm = &part.no_match;
            assert!(
                nm.ours_empty as f64 >= NO_MATCH_RIGHT_FLOOR * nm.count as f64,
                "{}: only {}/{} no-match queries answered with nothing",
                part.part,
                nm.ours_empty,
                nm.count
            );
        }
    }

    #[test]
    fn a_perfect_ranking_scores_one_and_a_useless_one_zero() {
        let g = grades(&[("a", 2), ("b", 1)]);
        assert_eq!(score(&ranked(&["a", "b", "x"]), &g), Scores { ndcg: 1.0, recall: 1.0, mrr: 1.0 });
        assert_eq!(score(&ranked(&["x", "y"]), &g), Scores::default());
    }

    #[test]
    fn a_swapped_ranking_loses_gain_and_recall_is_capped_at_ten() {
        let g = grades(&[("a", 2), ("b", 1)]);
        let s = score(&ranked(&["b", "a"]), &g);
        assert!(s.ndcg < 1.0 && s.ndcg > 0.5, "{s:?}");
        assert_eq!(s.mrr, 1.0);
        let many: HashMap<String, u8> = (0..30).map(|i| (format!("r{i}"), 1)).collect();
        let top: Vec<String> = (0..10).map(|i| format!("r{i}")).collect();
        assert_eq!(score(&top, &many).recall, 1.0);
    }
}
