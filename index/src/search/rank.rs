//! Ranking: freshness and distance factors, sort keys, and a bounded top-k heap.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Distance at which the distance factor halves.
const DISTANCE_HALF_KM: f64 = 5.0;
/// Notional distance of a service matched only through its coverage area.
pub(crate) const COVERAGE_NOTIONAL_KM: f64 = 8.0;
/// Records assured within this many days are fully fresh.
const FRESH_DAYS: f64 = 183.0;
/// Records assured this many days ago or more (or never) get the minimum factor.
const STALE_DAYS: f64 = 730.0;
/// Freshness factor of stale or never-assured records: enough to order equally relevant
/// services, too little to put a less relevant fresh record above a more relevant old one.
const STALE_FACTOR: f64 = 0.9;

/// Returns 1.0 for a record assured within 6 months, falling linearly to 0.9 at 2 years or never.
pub(crate) fn freshness_factor(assured_day: i64, today_day: i32) -> f64 {
    if assured_day == i64::MIN {
        return STALE_FACTOR;
    }
    let age_days = (i64::from(today_day) - assured_day) as f64;
    if age_days <= FRESH_DAYS {
        1.0
    } else if age_days >= STALE_DAYS {
        STALE_FACTOR
    } else {
        1.0 - (1.0 - STALE_FACTOR) * (age_days - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS)
    }
}

/// Returns `1 / (1 + d / 5 km)`.
pub(crate) fn distance_factor(distance_km: f64) -> f64 {
    1.0 / (1.0 + distance_km / DISTANCE_HALF_KM)
}

/// Least share of the query's weight a service must match to be a result at all.
pub(crate) const MIN_COVERAGE: f64 = 0.5;

/// Returns the share of the query's word weights (IDF) that `matched` covers, so a service
/// matching the rare words of a query ranks above one matching its common words; 1 when
/// the words carry no weight.
pub(crate) fn coverage(matched: u64, weights: &[f32]) -> f64 {
    let total: f64 = weights.iter().map(|w| f64::from(*w)).sum();
    if total <= 0.0 {
        return 1.0;
    }
    let covered: f64 =
        weights.iter().enumerate().filter(|(i, _)| matched & (1u64 << i) != 0).map(|(_, w)| f64::from(*w)).sum();
    covered / total
}

/// Least share of all the query's weight a result must match when the query has need words.
pub(crate) const MIN_ALL_COVERAGE: f64 = 0.25;

/// Returns whether a service matches enough of the query to be a result: half the weight of
/// the need words when the query has any (in a sentence the other words mostly order the
/// results, but a generic need word such as "club" alone is not enough), else of all words.
pub(crate) fn is_relevant(matched: u64, weights: &[f32], need_weights: &[f32]) -> bool {
    if need_weights.iter().any(|w| *w > 0.0) {
        coverage(matched, need_weights) >= MIN_COVERAGE && coverage(matched, weights) >= MIN_ALL_COVERAGE
    } else {
        coverage(matched, weights) >= MIN_COVERAGE
    }
}

/// What a candidate is ordered by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortKey {
    /// Blended relevance; higher first.
    Score(f64),
    /// Browse near a point: effective distance ascending, then freshness descending.
    Near { distance: f64, freshness: f64 },
    /// Browse by name: name-sort ordinal within one segment, ascending.
    NameOrd(u64),
    /// Browse by name: lowercased name, ascending (across segments).
    Name(String),
}

/// A ranked document.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) key: SortKey,
    pub(crate) segment: u32,
    pub(crate) doc: u32,
    pub(crate) distance_km: Option<f64>,
    pub(crate) score: f32,
}

/// Returns `Less` when `a` ranks before `b`. Ties break on the document address, so
/// pages of the same query on the same index never overlap or skip.
pub(crate) fn rank_order(a: &Candidate, b: &Candidate) -> Ordering {
    let by_key = match (&a.key, &b.key) {
        (SortKey::Score(x), SortKey::Score(y)) => y.total_cmp(x),
        (SortKey::Near { distance: da, freshness: fa }, SortKey::Near { distance: db, freshness: fb }) => {
            da.total_cmp(db).then(fb.total_cmp(fa))
        }
        (SortKey::NameOrd(x), SortKey::NameOrd(y)) => x.cmp(y),
        (SortKey::Name(x), SortKey::Name(y)) => x.cmp(y),
        _ => Ordering::Equal,
    };
    by_key.then(a.segment.cmp(&b.segment)).then(a.doc.cmp(&b.doc))
}

/// Heap entry whose maximum is the worst-ranked candidate.
struct Worst(Candidate);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        rank_order(&self.0, &other.0) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        rank_order(&self.0, &other.0)
    }
}

/// Keeps the best `k` candidates.
pub(crate) struct TopK {
    k: usize,
    heap: BinaryHeap<Worst>,
}

impl TopK {
    pub(crate) fn new(k: usize) -> TopK {
        TopK { k, heap: BinaryHeap::with_capacity(k.min(4096) + 1) }
    }

    /// Returns how many candidates are kept.
    pub(crate) fn capacity(&self) -> usize {
        self.k
    }

    /// Returns whether the heap holds `k` candidates.
    pub(crate) fn is_full(&self) -> bool {
        self.heap.len() >= self.k
    }

    /// Returns the worst candidate kept, if any.
    pub(crate) fn worst(&self) -> Option<&Candidate> {
        self.heap.peek().map(|w| &w.0)
    }

    /// Returns the effective distance of the worst candidate kept, when ranking by distance.
    pub(crate) fn worst_distance(&self) -> Option<f64> {
        match self.worst()?.key {
            SortKey::Near { distance, .. } => Some(distance),
            _ => None,
        }
    }

    /// Returns whether `c` would be kept.
    pub(crate) fn would_keep(&self, c: &Candidate) -> bool {
        if self.k == 0 {
            return false;
        }
        !self.is_full() || self.worst().is_some_and(|w| rank_order(c, w) == Ordering::Less)
    }

    pub(crate) fn push(&mut self, c: Candidate) {
        if !self.would_keep(&c) {
            return;
        }
        if self.is_full() {
            self.heap.pop();
        }
        self.heap.push(Worst(c));
    }

    /// Returns the candidates best first.
    pub(crate) fn into_sorted(self) -> Vec<Candidate> {
        let mut v: Vec<Candidate> = self.heap.into_iter().map(|w| w.0).collect();
        v.sort_by(rank_order);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(score: f64, doc: u32) -> Candidate {
        Candidate { key: SortKey::Score(score), segment: 0, doc, distance_km: None, score: score as f32 }
    }

    #[test]
    fn freshness_falls_from_one_to_point_nine_over_two_years() {
        assert_eq!(freshness_factor(1000, 1100), 1.0);
        assert_eq!(freshness_factor(1000, 1000 + 800), 0.9);
        assert_eq!(freshness_factor(i64::MIN, 1000), 0.9);
        let mid = freshness_factor(0, 456);
        assert!(mid > 0.9 && mid < 1.0, "{mid}");
    }

    #[test]
    fn distance_factor_halves_at_five_km() {
        assert_eq!(distance_factor(0.0), 1.0);
        assert_eq!(distance_factor(5.0), 0.5);
    }

    #[test]
    fn coverage_weighs_words_by_their_weight() {
        assert_eq!(coverage(0b11, &[1.0, 3.0]), 1.0);
        assert_eq!(coverage(0b10, &[1.0, 3.0]), 0.75);
        assert_eq!(coverage(0b01, &[1.0, 3.0]), 0.25);
        assert_eq!(coverage(0, &[0.0, 0.0]), 1.0);
    }

    #[test]
    fn need_words_set_the_threshold_but_a_generic_one_alone_is_not_enough() {
        // "evicted flat": evicted is a need word.
        assert!(is_relevant(0b01, &[3.0, 3.0], &[3.0, 0.0]));
        assert!(!is_relevant(0b10, &[3.0, 3.0], &[3.0, 0.0]));
        // "andys man club": only "club" is a need word, and it is common.
        assert!(!is_relevant(0b100, &[6.0, 3.0, 1.0], &[0.0, 0.0, 1.0]));
        assert!(is_relevant(0b111, &[6.0, 3.0, 1.0], &[0.0, 0.0, 1.0]));
        // No need words: half of all the weight.
        assert!(is_relevant(0b10, &[1.0, 3.0], &[0.0, 0.0]));
        assert!(!is_relevant(0b01, &[1.0, 3.0], &[0.0, 0.0]));
    }

    #[test]
    fn top_k_keeps_the_best_in_order_with_ties_by_doc() {
        let mut top = TopK::new(3);
        for (s, d) in [(1.0, 0), (5.0, 1), (3.0, 2), (5.0, 3), (0.5, 4)] {
            top.push(c(s, d));
        }
        let docs: Vec<u32> = top.into_sorted().iter().map(|c| c.doc).collect();
        assert_eq!(docs, vec![1, 3, 2]);
    }
}
