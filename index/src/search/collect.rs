//! Walks one segment: drives the text clauses and the filter docset together, applies the
//! exact per-candidate checks (distance, age, opening minute, needs), counts facets and
//! keeps the best candidates.

use std::collections::BTreeMap;

use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED};

use super::rank::{self, Candidate, SortKey, TopK};
use crate::audience::{audience_factor, Audience, AudienceSet};
use crate::geo::{unpack, Probe};
use crate::model::{GeoPoint, WeekMinute};
use crate::opening::packed_contains;
use crate::schema::{columns, NO_MAX_AGE};
use crate::Result;

/// The per-candidate checks and ranking inputs of a query (the same for every segment).
#[derive(Debug, Clone)]
pub(crate) struct Checks<'a> {
    /// Centre and radius.
    pub(crate) near: Option<(GeoPoint, f64)>,
    /// Distance tests around the centre.
    pub(crate) probe: Option<Probe>,
    pub(crate) age: Option<u32>,
    /// `Some(now)` when only services open now are wanted.
    pub(crate) open_at: Option<WeekMinute>,
    pub(crate) needs: &'a [String],
    pub(crate) today_day: i32,
    /// Whether text clauses rank the results (else browse order).
    pub(crate) text: bool,
    /// Weight of each query word, for coverage.
    pub(crate) weights: &'a [f32],
    /// Weight of each need word; the relevance threshold applies to these when any.
    pub(crate) need_weights: &'a [f32],
    /// Audiences the query's words speak of (empty = none).
    pub(crate) wanted_audiences: AudienceSet,
}

/// What one walk over the candidates does.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pass {
    /// Count `total` and the need facets.
    pub(crate) count: bool,
    /// Keep the best candidates.
    pub(crate) rank: bool,
    /// Only rank candidates whose effective distance is in `(lo, hi]` (ring `hi`, after
    /// ring `lo` was ranked); `None` = no restriction.
    pub(crate) ring: Option<(f64, f64)>,
}

impl Pass {
    /// Counts and ranks in one walk.
    pub(crate) const FULL: Pass = Pass { count: true, rank: true, ring: None };
}

/// Per-segment docsets for the query.
pub(crate) struct SegmentScorers {
    /// Text clause scorers and the words each covers; empty for browse.
    pub(crate) clauses: Vec<(Box<dyn Scorer>, u64)>,
    /// Conjunction of the filter terms; required when `clauses` is empty.
    pub(crate) filter: Option<Box<dyn Scorer>>,
    /// Documents whose coverage intersects the query regions.
    pub(crate) coverage: Option<Box<dyn Scorer>>,
    /// Documents for each audience; only when the query names one.
    pub(crate) audiences: Vec<(Box<dyn Scorer>, Audience)>,
}

/// What one or more segments produced.
pub(crate) struct Collected {
    pub(crate) total: usize,
    pub(crate) top: TopK,
    pub(crate) facets: BTreeMap<String, u64>,
}

impl Collected {
    pub(crate) fn new(k: usize) -> Collected {
        Collected { total: 0, top: TopK::new(k), facets: BTreeMap::new() }
    }
}

fn u64_column(reader: &SegmentReader, name: &str) -> Result<Column<u64>> {
    Ok(reader.fast_fields().column_opt::<u64>(name)?.unwrap_or_else(|| Column::build_empty_column(reader.max_doc())))
}

fn i64_column(reader: &SegmentReader, name: &str) -> Result<Column<i64>> {
    Ok(reader.fast_fields().column_opt::<i64>(name)?.unwrap_or_else(|| Column::build_empty_column(reader.max_doc())))
}

fn seek_to(docset: &mut dyn DocSet, target: DocId) -> DocId {
    if docset.doc() < target {
        docset.seek(target)
    } else {
        docset.doc()
    }
}

/// Collects one segment into `out`.
pub(crate) fn collect_segment(
    segment: u32,
    reader: &SegmentReader,
    mut scorers: SegmentScorers,
    checks: &Checks<'_>,
    pass: Pass,
    out: &mut Collected,
) -> Result<()> {
    let fast = reader.fast_fields();
    let loc = u64_column(reader, columns::LOC)?;
    let min_age = u64_column(reader, columns::MIN_AGE)?;
    let max_age = u64_column(reader, columns::MAX_AGE)?;
    let opening = u64_column(reader, columns::OPENING)?;
    let assured = i64_column(reader, columns::ASSURED_DAY)?;
    let needs_column: Option<StrColumn> = fast.str(columns::NEEDS)?;
    let name_column: Option<StrColumn> =
        if checks.text || checks.near.is_some() { None } else { fast.str(columns::NAME_SORT)? };
    let mut facet_counts = vec![0u64; needs_column.as_ref().map_or(0, |c| c.num_terms())];
    let mut wanted_needs: Vec<u64> = Vec::new();
    if let Some(column) = &needs_column {
        for need in checks.needs {
            if let Some(ord) = column.dictionary().term_ord(need)? {
                wanted_needs.push(ord);
            }
        }
    }
    let alive = reader.alive_bitset();
    let mut top = TopK::new(out.top_k());
    let mut ords: Vec<u64> = Vec::with_capacity(4);

    loop {
        // Next candidate: the smallest doc of the text clauses, or the filter's doc.
        let doc = if scorers.clauses.is_empty() {
            match scorers.filter.as_ref() {
                Some(filter) => filter.doc(),
                None => TERMINATED,
            }
        } else {
            scorers.clauses.iter().map(|(s, _)| s.doc()).min().unwrap_or(TERMINATED)
        };
        if doc == TERMINATED {
            break;
        }
        let mut text_score = 0.0f32;
        let mut matched = 0u64;
        if scorers.clauses.is_empty() {
            if let Some(filter) = scorers.filter.as_mut() {
                filter.advance();
            }
        } else {
            if let Some(filter) = scorers.filter.as_mut() {
                let filter_doc = seek_to(filter.as_mut(), doc);
                if filter_doc == TERMINATED {
                    break;
                }
                if filter_doc > doc {
                    for (s, _) in &mut scorers.clauses {
                        seek_to(s.as_mut(), filter_doc);
                    }
                    continue;
                }
            }
            for (s, covers) in &mut scorers.clauses {
                if s.doc() == doc {
                    text_score += s.score();
                    matched |= *covers;
                    s.advance();
                }
            }
        }
        if alive.is_some_and(|a| a.is_deleted(doc)) {
            continue;
        }
        // Too little of what was asked (say, only its commonest word): not a result at all,
        // so it counts neither in the total nor in the facets.
        let coverage = if checks.text { rank::coverage(matched, checks.weights) } else { 1.0 };
        if checks.text && !rank::is_relevant(matched, checks.weights, checks.need_weights) {
            continue;
        }
        if let Some(age) = checks.age {
            let age = u64::from(age);
            let lo = min_age.first(doc).unwrap_or(0);
            let hi = max_age.first(doc).unwrap_or(NO_MAX_AGE);
            if age < lo || age > hi {
                continue;
            }
        }
        if let Some(now) = checks.open_at {
            if !opening.values_for_doc(doc).any(|p| packed_contains(p, now)) {
                continue;
            }
        }
        // Where: `distance` is the exact distance when ranked and within the radius.
        let mut distance = None;
        let mut located = false;
        if let (Some((_, radius_km)), Some(probe)) = (checks.near, checks.probe.as_ref()) {
            let points = || loc.values_for_doc(doc).map(unpack);
            let beyond_radius = points().all(|p| probe.certainly_beyond(p, radius_km));
            if beyond_radius {
                // Not located here; may still be covered.
            } else if !pass.rank {
                located = points().any(|p| probe.within(p));
            } else if let Some((lo, hi)) = pass.ring.filter(|_| !pass.count) {
                let coverage_in_ring = lo < rank::COVERAGE_NOTIONAL_KM && rank::COVERAGE_NOTIONAL_KM <= hi;
                if points().any(|p| probe.certainly_within(p, lo)) {
                    continue; // ranked by an earlier ring
                }
                if !coverage_in_ring && points().all(|p| probe.certainly_beyond(p, hi)) {
                    continue; // ranked by a later ring, or not at all
                }
                let nearest = points().map(|p| probe.exact_km(p)).fold(f64::INFINITY, f64::min);
                located = nearest <= radius_km;
                distance = located.then_some(nearest);
            } else {
                let nearest = points().map(|p| probe.exact_km(p)).fold(f64::INFINITY, f64::min);
                located = nearest <= radius_km;
                distance = located.then_some(nearest);
            }
            if !located {
                let covered = scorers.coverage.as_mut().is_some_and(|c| seek_to(c.as_mut(), doc) == doc);
                if !covered {
                    continue;
                }
            }
        }
        let mut wanted = wanted_needs.is_empty() && checks.needs.is_empty();
        if let Some(column) = &needs_column {
            ords.clear();
            if pass.count || !checks.needs.is_empty() {
                ords.extend(column.term_ords(doc));
            }
            for &ord in &ords {
                if pass.count {
                    if let Some(count) = facet_counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
                wanted = wanted || wanted_needs.contains(&ord);
            }
        }
        if !wanted {
            continue;
        }
        if pass.count {
            out.total += 1;
        }
        if !pass.rank {
            continue;
        }
        let effective_km = checks.near.map(|_| distance.unwrap_or(rank::COVERAGE_NOTIONAL_KM));
        if let (Some((lo, hi)), Some(km)) = (pass.ring, effective_km) {
            if km <= lo || km > hi {
                continue;
            }
        }
        let freshness = rank::freshness_factor(assured.first(doc).unwrap_or(i64::MIN), checks.today_day);
        let distance_factor = effective_km.map_or(1.0, rank::distance_factor);
        let (key, score) = if checks.text {
            let mut doc_audiences = AudienceSet::default();
            for (scorer, audience) in &mut scorers.audiences {
                if seek_to(scorer.as_mut(), doc) == doc {
                    doc_audiences.insert(*audience);
                }
            }
            let audience = audience_factor(doc_audiences, checks.wanted_audiences);
            let s = f64::from(text_score) * coverage * coverage * distance_factor * freshness * audience;
            (SortKey::Score(s), s)
        } else if let Some(km) = effective_km {
            (SortKey::Near { distance: km, freshness }, distance_factor * freshness)
        } else {
            let ord = name_column.as_ref().and_then(|c| c.term_ords(doc).next()).unwrap_or(u64::MAX);
            (SortKey::NameOrd(ord), freshness)
        };
        top.push(Candidate { key, segment, doc, distance_km: distance, score: score as f32 });
    }

    for (ord, count) in facet_counts.into_iter().enumerate() {
        if count == 0 {
            continue;
        }
        let Some(column) = &needs_column else { break };
        let mut need = String::new();
        if column.ord_to_str(ord as u64, &mut need)? {
            *out.facets.entry(need).or_insert(0) += count;
        }
    }
    for mut candidate in top.into_sorted() {
        if let SortKey::NameOrd(ord) = candidate.key {
            let mut name = String::new();
            if let Some(column) = &name_column {
                column.ord_to_str(ord, &mut name)?;
            }
            candidate.key = SortKey::Name(name);
        }
        out.top.push(candidate);
    }
    Ok(())
}

impl Collected {
    fn top_k(&self) -> usize {
        self.top.capacity()
    }
}
